// Every error the broker and the listener can send, one row each: the operations that provoke it and the
// RabbitMQ module whose text it must match. diff.test.ts runs each row against RabbitMQ 3.10.8 and acklab
// and compares what went over the wire: every channel.close / connection.close with its code, text and
// class/method ids (read from the socket, not from amqplib's message).
import type * as amqp from 'amqplib';
import { connect as tcpConnect, type Socket } from 'node:net';
import { FrameReader, PROTOCOL_HEADER, decodeMethod, encodeMethodFrame } from '../../../src/amqp/codec';
import { rawRpc, rawSend, sleep } from './scenarios';

export interface Close {
  method: string;
  channel: number;
  code: number;
  text: string;
  classId: number;
  methodId: number;
}

export interface ErrorCase {
  name: string;
  /** The RabbitMQ module the error comes from. */
  source: string;
  run(t: Tools): Promise<unknown>;
}

/** A raw handshake's credentials and vhost, the channel_max it asks for, and the channels it then opens. */
export interface RawOpts {
  user?: string;
  password?: string;
  vhost?: string;
  channelMax?: number;
  channels?: number[];
}

/** What a row gets: a connection, a channel on it, a second connection, names under the test's prefix. */
export interface Tools {
  conn: amqp.ChannelModel;
  ch: amqp.Channel;
  q(name: string): string;
  other(): Promise<amqp.Channel>;
  /** A raw handshake on a new socket with these credentials and vhost; its closes are recorded too. */
  raw(opts: RawOpts): Promise<void>;
}

const declare = (t: Tools, name: string, args: Record<string, unknown> = {}, opts: amqp.Options.AssertQueue = {}) =>
  t.ch.assertQueue(t.q(name), { durable: false, ...opts, arguments: args });
const publish = (t: Tools, exchange: string, key: string, opts: amqp.Options.Publish = {}) => t.ch.publish(exchange, key, Buffer.from('x'), opts);

/** A publish the broker refuses for its properties; no reply comes, so wait for the channel.close. */
const refusedPublish = (opts: amqp.Options.Publish) => async (t: Tools) => {
  publish(t, '', t.q('nowhere'), opts);
  await sleep(300);
};

export const errorCases: ErrorCase[] = [
  // ---------------------------------------------------------------- exchanges (rabbit_channel, rabbit_exchange)
  { name: 'declare an exchange named amq.*', source: 'rabbit_channel', run: (t) => t.ch.assertExchange('amq.custom', 'direct') },
  { name: 'declare an unknown exchange type', source: 'rabbit_exchange', run: (t) => t.ch.assertExchange(t.q('x'), 'bogus') },
  {
    name: 'redeclare an exchange with another type',
    source: 'rabbit_exchange',
    run: async (t) => {
      await t.ch.assertExchange(t.q('x'), 'direct', { durable: false });
      await t.ch.assertExchange(t.q('x'), 'fanout', { durable: false });
    },
  },
  {
    name: 'redeclare an exchange with another durable flag',
    source: 'rabbit_exchange',
    run: async (t) => {
      await t.ch.assertExchange(t.q('x'), 'direct', { durable: false });
      await t.ch.assertExchange(t.q('x'), 'direct', { durable: true });
    },
  },
  { name: 'passive declare of a missing exchange', source: 'rabbit_exchange', run: (t) => t.ch.checkExchange(t.q('nox')) },
  { name: 'delete a system exchange (amq.direct)', source: 'rabbit_channel', run: (t) => t.ch.deleteExchange('amq.direct') },
  { name: 'delete the default exchange', source: 'rabbit_channel', run: (t) => t.ch.deleteExchange('') },
  {
    name: 'delete an exchange in use with if-unused',
    source: 'rabbit_exchange',
    run: async (t) => {
      await t.ch.assertExchange(t.q('x'), 'direct', { durable: false });
      await t.ch.assertExchange(t.q('y'), 'direct', { durable: false });
      await t.ch.bindExchange(t.q('y'), t.q('x'), 'k');
      await t.ch.deleteExchange(t.q('x'), { ifUnused: true });
    },
  },
  { name: 'declare the default exchange (non-passive)', source: 'rabbit_channel', run: (t) => t.ch.assertExchange('', 'direct') },
  {
    name: 'publish to an internal exchange',
    source: 'rabbit_channel',
    run: async (t) => {
      await t.ch.assertExchange(t.q('int'), 'fanout', { durable: false, internal: true });
      publish(t, t.q('int'), 'k');
      await sleep(200);
    },
  },
  {
    name: 'publish to a missing exchange',
    source: 'rabbit_channel',
    run: async (t) => {
      publish(t, t.q('nox'), 'k');
      await sleep(200);
    },
  },
  {
    name: 'bind a queue to a missing exchange',
    source: 'rabbit_binding',
    run: async (t) => {
      await declare(t, 'bq');
      await t.ch.bindQueue(t.q('bq'), t.q('nox'), 'k');
    },
  },
  { name: 'bind a missing queue', source: 'rabbit_binding', run: (t) => t.ch.bindQueue(t.q('noq'), 'amq.direct', 'k') },
  {
    name: 'bind an exchange to the default exchange',
    source: 'rabbit_channel',
    run: async (t) => {
      await t.ch.assertExchange(t.q('x'), 'direct', { durable: false });
      await t.ch.bindExchange(t.q('x'), '', 'k');
    },
  },
  {
    name: 'headers binding with an invalid x-match value',
    source: 'rabbit_exchange_type_headers',
    run: async (t) => {
      await declare(t, 'hq');
      await t.ch.bindQueue(t.q('hq'), 'amq.headers', '', { 'x-match': 'bogus', a: 1 });
    },
  },
  {
    name: 'headers binding with an x-match of the wrong type',
    source: 'rabbit_exchange_type_headers',
    run: async (t) => {
      await declare(t, 'hq');
      await t.ch.bindQueue(t.q('hq'), 'amq.headers', '', { 'x-match': 5, a: 1 });
    },
  },
  {
    name: 'declare an exchange with an alternate-exchange that is not a string',
    source: 'rabbit_exchange',
    run: (t) => t.ch.assertExchange(t.q('x'), 'direct', { durable: false, arguments: { 'alternate-exchange': 5 } }),
  },

  // ---------------------------------------------------------------- queues (rabbit_amqqueue, rabbit_channel)
  { name: 'declare a queue named amq.*', source: 'rabbit_channel', run: (t) => t.ch.assertQueue('amq.custom') },
  { name: 'passive declare of a missing queue', source: 'rabbit_amqqueue', run: (t) => t.ch.checkQueue(t.q('noq')) },
  {
    name: 'redeclare a queue with another durable flag',
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'rq');
      await t.ch.assertQueue(t.q('rq'), { durable: true });
    },
  },
  { name: 'x-overflow with an unknown value', source: 'rabbit_amqqueue', run: (t) => declare(t, 'ov', { 'x-overflow': 'bogus' }) },
  {
    name: 'x-dead-letter-routing-key without x-dead-letter-exchange',
    source: 'rabbit_amqqueue',
    run: (t) => declare(t, 'dl', { 'x-dead-letter-routing-key': 'k' }),
  },
  { name: 'x-queue-type bogus', source: 'rabbit_amqqueue', run: (t) => declare(t, 'qt', { 'x-queue-type': 'bogus' }) },
  { name: 'x-message-ttl negative', source: 'rabbit_amqqueue', run: (t) => declare(t, 'ttl', { 'x-message-ttl': -1 }) },
  { name: 'x-message-ttl of the wrong type', source: 'rabbit_amqqueue', run: (t) => declare(t, 'ttl', { 'x-message-ttl': 'soon' }) },
  { name: 'x-max-length negative', source: 'rabbit_amqqueue', run: (t) => declare(t, 'ml', { 'x-max-length': -1 }) },
  { name: 'x-max-length-bytes of the wrong type', source: 'rabbit_amqqueue', run: (t) => declare(t, 'mlb', { 'x-max-length-bytes': 'big' }) },
  { name: 'x-expires zero', source: 'rabbit_amqqueue', run: (t) => declare(t, 'exp', { 'x-expires': 0 }) },
  { name: 'x-max-priority above 255', source: 'rabbit_amqqueue', run: (t) => declare(t, 'pri', { 'x-max-priority': 300 }) },
  { name: 'x-single-active-consumer not a boolean', source: 'rabbit_amqqueue', run: (t) => declare(t, 'sac', { 'x-single-active-consumer': 'yes' }) },
  {
    name: 'a quorum queue that is exclusive',
    source: 'rabbit_amqqueue',
    run: (t) => declare(t, 'qq', { 'x-queue-type': 'quorum' }, { durable: true, exclusive: true }),
  },
  { name: 'a quorum queue that is not durable', source: 'rabbit_amqqueue', run: (t) => declare(t, 'qq2', { 'x-queue-type': 'quorum' }, { durable: false }) },
  {
    name: "another connection's exclusive queue",
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'ex', {}, { exclusive: true });
      const o = await t.other();
      await o.checkQueue(t.q('ex'));
    },
  },
  {
    name: 'delete a queue that is not empty with if-empty',
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'ne');
      t.ch.sendToQueue(t.q('ne'), Buffer.from('x'));
      await t.ch.checkQueue(t.q('ne'));
      await t.ch.deleteQueue(t.q('ne'), { ifEmpty: true });
    },
  },
  {
    name: 'delete a queue in use with if-unused',
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'iu');
      await t.ch.consume(t.q('iu'), () => undefined);
      await t.ch.deleteQueue(t.q('iu'), { ifUnused: true });
    },
  },
  { name: 'purge a missing queue', source: 'rabbit_amqqueue', run: (t) => t.ch.purgeQueue(t.q('noq')) },
  { name: 'bind with an empty queue name and no queue declared on the channel', source: 'rabbit_channel', run: (t) => t.ch.bindQueue('', 'amq.direct', 'k') },

  // ---------------------------------------------------------------- basic (rabbit_channel)
  {
    name: 'basic.qos with prefetch_size',
    source: 'rabbit_channel',
    run: (t) => rawRpc(t.ch, 'BasicQos', { prefetchSize: 1000, prefetchCount: 0, global: false }, 'BasicQosOk'),
  },
  {
    name: 'reuse a consumer tag',
    source: 'rabbit_channel',
    run: async (t) => {
      await declare(t, 'ct');
      await t.ch.consume(t.q('ct'), () => undefined, { consumerTag: 'same' });
      await t.ch.consume(t.q('ct'), () => undefined, { consumerTag: 'same' });
    },
  },
  {
    name: 'exclusive consume on a queue that has a consumer',
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'xc');
      await t.ch.consume(t.q('xc'), () => undefined);
      const o = await t.other();
      await o.consume(t.q('xc'), () => undefined, { exclusive: true });
    },
  },
  { name: 'consume from a missing queue', source: 'rabbit_amqqueue', run: (t) => t.ch.consume(t.q('noq'), () => undefined) },
  { name: 'basic.get from a missing queue', source: 'rabbit_amqqueue', run: (t) => t.ch.get(t.q('noq')) },
  {
    name: 'ack an unknown delivery tag',
    source: 'rabbit_channel',
    run: async (t) => {
      rawSend(t.ch, 'BasicAck', { deliveryTag: 7, multiple: false });
      await sleep(200);
    },
  },
  {
    name: 'ack a delivery twice',
    source: 'rabbit_channel',
    run: async (t) => {
      await declare(t, 'aa');
      t.ch.sendToQueue(t.q('aa'), Buffer.from('x'));
      const m = await t.ch.get(t.q('aa'));
      if (m) {
        t.ch.ack(m);
        t.ch.ack(m);
      }
      await sleep(200);
    },
  },
  {
    name: 'basic.publish with immediate',
    source: 'rabbit_channel',
    run: async (t) => {
      sendMessage(t.ch, { exchange: '', routingKey: 'k', mandatory: false, immediate: true });
      await sleep(200);
    },
  },
  {
    name: 'nack an unknown delivery tag',
    source: 'rabbit_channel',
    run: async (t) => {
      rawSend(t.ch, 'BasicNack', { deliveryTag: 3, multiple: false, requeue: true });
      await sleep(200);
    },
  },
  {
    name: 'reject an unknown delivery tag',
    source: 'rabbit_channel',
    run: async (t) => {
      rawSend(t.ch, 'BasicReject', { deliveryTag: 3, requeue: false });
      await sleep(200);
    },
  },
  {
    name: "consume from another connection's exclusive queue",
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'ex', {}, { exclusive: true });
      const o = await t.other();
      await o.consume(t.q('ex'), () => undefined);
    },
  },
  {
    name: "delete another connection's exclusive queue",
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'ex', {}, { exclusive: true });
      const o = await t.other();
      await o.deleteQueue(t.q('ex'));
    },
  },
  {
    name: 'bind an exchange to a missing exchange',
    source: 'rabbit_binding',
    run: async (t) => {
      await t.ch.assertExchange(t.q('x'), 'direct', { durable: false });
      await t.ch.bindExchange(t.q('nox'), t.q('x'), 'k');
    },
  },
  { name: 'x-dead-letter-exchange of the wrong type', source: 'rabbit_amqqueue', run: (t) => declare(t, 'dlx', { 'x-dead-letter-exchange': 5 }) },
  { name: 'basic.recover with requeue=false', source: 'rabbit_channel', run: (t) => rawRpc(t.ch, 'BasicRecover', { requeue: false }, 'BasicRecoverOk') },
  { name: 'channel.flow active=false', source: 'rabbit_channel', run: (t) => rawRpc(t.ch, 'ChannelFlow', { active: false }, 'ChannelFlowOk') },
  {
    name: 'x-priority of the wrong type on basic.consume',
    source: 'rabbit_channel',
    run: async (t) => {
      await declare(t, 'xp');
      await t.ch.consume(t.q('xp'), () => undefined, { arguments: { 'x-priority': 'high' } });
    },
  },

  // ---------------------------------------------------------------- publish properties (rabbit_channel)
  {
    name: 'publish with a user-id property that is not the authenticated user',
    source: 'rabbit_channel',
    run: refusedPublish({ userId: 'mallory' }),
  },
  {
    name: 'publish with an expiration that is not a number',
    source: 'rabbit_channel',
    run: refusedPublish({ expiration: 'soon' }),
  },
  {
    name: 'publish with a negative expiration',
    source: 'rabbit_channel',
    run: refusedPublish({ expiration: '-5' }),
  },

  // ---------------------------------------------------------------- direct reply-to (rabbit_channel)
  {
    name: 'consume from amq.rabbitmq.reply-to with manual acks',
    source: 'rabbit_channel',
    run: (t) => t.ch.consume('amq.rabbitmq.reply-to', () => undefined, { noAck: false }),
  },
  {
    name: 'a second reply consumer on one channel',
    source: 'rabbit_channel',
    run: async (t) => {
      await t.ch.consume('amq.rabbitmq.reply-to', () => undefined, { noAck: true });
      await t.ch.consume('amq.rabbitmq.reply-to', () => undefined, { noAck: true });
    },
  },
  {
    name: 'a request with reply_to amq.rabbitmq.reply-to and no reply consumer on the channel',
    source: 'rabbit_channel',
    run: async (t) => {
      await t.ch.consume('amq.rabbitmq.reply-to', () => undefined, { noAck: true });
      const other = await t.other();
      other.sendToQueue(t.q('rpc'), Buffer.from('x'), { replyTo: 'amq.rabbitmq.reply-to' });
      await sleep(300);
    },
  },
  {
    name: 'passive declare of a reply name nobody holds',
    source: 'rabbit_channel',
    run: (t) => t.ch.checkQueue('amq.rabbitmq.reply-to.bogus'),
  },
  {
    name: 'a CC header that is not an array',
    source: 'rabbit_basic',
    run: refusedPublish({ headers: { CC: 'k1' } }),
  },

  // ---------------------------------------------------------------- audit additions (docs/errors.md)
  {
    name: 'redeclare a queue with another auto-delete flag',
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'ad');
      await t.ch.assertQueue(t.q('ad'), { durable: false, autoDelete: true });
    },
  },
  {
    name: 'redeclare a queue with another x-message-ttl',
    source: 'rabbit_misc',
    run: async (t) => {
      await declare(t, 'ia', { 'x-message-ttl': 1000 });
      await declare(t, 'ia', { 'x-message-ttl': 2000 });
    },
  },
  {
    name: 'redeclare my exclusive queue without exclusive',
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'mx', {}, { exclusive: true });
      await declare(t, 'mx');
    },
  },
  {
    name: 'redeclare an exchange with another auto-delete flag',
    source: 'rabbit_exchange',
    run: async (t) => {
      await t.ch.assertExchange(t.q('x'), 'direct', { durable: false });
      await t.ch.assertExchange(t.q('x'), 'direct', { durable: false, autoDelete: true });
    },
  },
  {
    name: 'redeclare an exchange with another internal flag',
    source: 'rabbit_exchange',
    run: async (t) => {
      await t.ch.assertExchange(t.q('x'), 'direct', { durable: false });
      await t.ch.assertExchange(t.q('x'), 'direct', { durable: false, internal: true });
    },
  },
  {
    name: 'redeclare an exchange with another alternate-exchange',
    source: 'rabbit_exchange',
    run: async (t) => {
      await t.ch.assertExchange(t.q('x'), 'direct', { durable: false, arguments: { 'alternate-exchange': 'a1' } });
      await t.ch.assertExchange(t.q('x'), 'direct', { durable: false, arguments: { 'alternate-exchange': 'a2' } });
    },
  },
  {
    name: 'a quorum queue that is auto-delete',
    source: 'rabbit_queue_type_util',
    run: (t) => declare(t, 'qa', { 'x-queue-type': 'quorum' }, { durable: true, autoDelete: true }),
  },
  {
    name: 'a server-named quorum queue',
    source: 'rabbit_channel',
    run: (t) => t.ch.assertQueue('', { durable: true, arguments: { 'x-queue-type': 'quorum' } }),
  },
  {
    name: 'x-max-priority on a quorum queue',
    source: 'rabbit_amqqueue',
    run: (t) => declare(t, 'qp', { 'x-queue-type': 'quorum', 'x-max-priority': 5 }, { durable: true }),
  },
  { name: 'x-delivery-limit on a classic queue', source: 'rabbit_amqqueue', run: (t) => declare(t, 'cd', { 'x-delivery-limit': 5 }) },
  { name: 'x-queue-mode with an unknown value', source: 'rabbit_amqqueue', run: (t) => declare(t, 'qm', { 'x-queue-mode': 'bogus' }) },
  { name: 'x-queue-version 3', source: 'rabbit_amqqueue', run: (t) => declare(t, 'qv', { 'x-queue-version': 3 }) },
  {
    name: 'x-dead-letter-strategy with an unknown value',
    source: 'rabbit_amqqueue',
    run: (t) => declare(t, 'ds', { 'x-queue-type': 'quorum', 'x-dead-letter-strategy': 'bogus' }, { durable: true }),
  },
  {
    name: 'delete a quorum queue with if-unused',
    source: 'rabbit_quorum_queue',
    run: async (t) => {
      await declare(t, 'qd', { 'x-queue-type': 'quorum' }, { durable: true });
      await t.ch.deleteQueue(t.q('qd'), { ifUnused: true });
    },
  },
  {
    name: 'delete a quorum queue with if-empty',
    source: 'rabbit_quorum_queue',
    run: async (t) => {
      await declare(t, 'qe', { 'x-queue-type': 'quorum' }, { durable: true });
      await t.ch.deleteQueue(t.q('qe'), { ifEmpty: true });
    },
  },
  {
    name: 'basic.get from a quorum queue with single active consumer',
    source: 'rabbit_channel',
    run: async (t) => {
      await declare(t, 'qs', { 'x-queue-type': 'quorum', 'x-single-active-consumer': true }, { durable: true });
      await t.ch.get(t.q('qs'));
    },
  },
  {
    name: 'consume from a quorum queue with global qos',
    source: 'rabbit_channel',
    run: async (t) => {
      await declare(t, 'qg', { 'x-queue-type': 'quorum' }, { durable: true });
      await t.ch.prefetch(5, true);
      await t.ch.consume(t.q('qg'), () => undefined);
    },
  },
  {
    name: 'x-cancel-on-ha-failover not a boolean on basic.consume',
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'hf');
      await t.ch.consume(t.q('hf'), () => undefined, { arguments: { 'x-cancel-on-ha-failover': 'yes' } });
    },
  },
  {
    name: 'x-stream-offset on a classic queue consume',
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'so');
      await t.ch.consume(t.q('so'), () => undefined, { arguments: { 'x-stream-offset': 'first' } });
    },
  },
  {
    name: "purge another connection's exclusive queue",
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'ex', {}, { exclusive: true });
      const o = await t.other();
      await o.purgeQueue(t.q('ex'));
    },
  },
  {
    name: "basic.get from another connection's exclusive queue",
    source: 'rabbit_amqqueue',
    run: async (t) => {
      await declare(t, 'ex', {}, { exclusive: true });
      const o = await t.other();
      await o.get(t.q('ex'));
    },
  },
  {
    name: "bind another connection's exclusive queue",
    source: 'rabbit_channel',
    run: async (t) => {
      await declare(t, 'ex', {}, { exclusive: true });
      const o = await t.other();
      await o.bindQueue(t.q('ex'), 'amq.direct', 'k');
    },
  },
  { name: 'consume with an empty queue name and no queue declared on the channel', source: 'rabbit_channel', run: (t) => t.ch.consume('', () => undefined) },
  { name: 'basic.get with an empty queue name and no queue declared on the channel', source: 'rabbit_channel', run: (t) => t.ch.get('') },
  { name: 'purge with an empty queue name and no queue declared on the channel', source: 'rabbit_channel', run: (t) => t.ch.purgeQueue('') },
  { name: 'delete with an empty queue name and no queue declared on the channel', source: 'rabbit_channel', run: (t) => t.ch.deleteQueue('') },
  {
    name: 'unbind a binding that does not exist (no error), then a passive declare of a missing queue',
    source: 'rabbit_channel',
    run: async (t) => {
      await declare(t, 'ub');
      await t.ch.unbindQueue(t.q('ub'), 'amq.direct', 'never');
      await t.ch.checkQueue(t.q('nothing'));
    },
  },
  {
    // rabbit_binding:remove answers ok for a missing end (3.10.8: unbind-ok); the passive declare after it shows the channel lived
    name: 'unbind a missing queue (no error), then a passive declare of a missing queue',
    source: 'rabbit_binding',
    run: async (t) => {
      await t.ch.unbindQueue(t.q('noq'), 'amq.direct', 'k');
      await t.ch.checkQueue(t.q('nothing'));
    },
  },
  {
    name: 'unbind from a missing exchange (no error), then a passive declare of a missing queue',
    source: 'rabbit_binding',
    run: async (t) => {
      await declare(t, 'ux');
      await t.ch.unbindQueue(t.q('ux'), t.q('nox'), 'k');
      await t.ch.checkQueue(t.q('nothing'));
    },
  },
  {
    name: 'unbind from the default exchange',
    source: 'rabbit_channel',
    run: async (t) => {
      await declare(t, 'ud');
      await t.ch.unbindQueue(t.q('ud'), '', t.q('ud'));
    },
  },
  {
    name: 'a method only the server sends (basic.qos-ok)',
    source: 'rabbit_channel',
    run: async (t) => {
      rawSend(t.ch, 'BasicQosOk', {});
      await sleep(200);
    },
  },
  {
    name: 'a connection method on a channel (connection.close-ok on channel 1)',
    source: 'rabbit_channel',
    run: async (t) => {
      rawSend(t.ch, 'ConnectionCloseOk', {});
      await sleep(200);
    },
  },
  {
    name: 'a third channel when channel_max is 2',
    source: 'rabbit_reader',
    run: (t) => t.raw({ channelMax: 2, channels: [1, 2, 3] }),
  },
  {
    name: 'channel number above channel_max with one channel open (no error), then a third channel',
    source: 'rabbit_reader',
    run: (t) => t.raw({ channelMax: 2, channels: [5, 7, 9] }),
  },

  // ---------------------------------------------------------------- connection (rabbit_reader, rabbit_access_control)
  { name: 'connection.open of a missing vhost', source: 'rabbit_reader', run: (t) => t.raw({ vhost: 'nope' }) },
  { name: 'login with a wrong password (authentication_failure_close)', source: 'rabbit_reader', run: (t) => t.raw({ password: 'wrong' }) },
  {
    name: "a second 'channel.open' on an open channel",
    source: 'rabbit_reader',
    run: async (t) => {
      rawSend(t.ch, 'ChannelOpen', { outOfBand: '' });
      await sleep(200);
    },
  },

  // ---------------------------------------------------------------- tx / confirm (rabbit_channel)
  { name: 'tx.commit without tx.select', source: 'rabbit_channel', run: (t) => rawRpc(t.ch, 'TxCommit', {}, 'TxCommitOk') },
  { name: 'tx.rollback without tx.select', source: 'rabbit_channel', run: (t) => rawRpc(t.ch, 'TxRollback', {}, 'TxRollbackOk') },
  {
    name: 'confirm.select after tx.select',
    source: 'rabbit_channel',
    run: async (t) => {
      await rawRpc(t.ch, 'TxSelect', {}, 'TxSelectOk');
      await rawRpc(t.ch, 'ConfirmSelect', { nowait: false }, 'ConfirmSelectOk');
    },
  },
  {
    name: 'tx.select after confirm.select',
    source: 'rabbit_channel',
    run: async (t) => {
      await rawRpc(t.ch, 'ConfirmSelect', { nowait: false }, 'ConfirmSelectOk');
      await rawRpc(t.ch, 'TxSelect', {}, 'TxSelectOk');
    },
  },
];

/** Runs one row; returns every close method the server sent on the row's connections, in order. */
export async function observeErrorCase(lib: typeof amqp, url: string, prefix: string, c: ErrorCase): Promise<Close[]> {
  const closes: Close[] = [];
  const conns: amqp.ChannelModel[] = [];
  const open = async (): Promise<amqp.ChannelModel> => {
    const conn = await lib.connect(url);
    conn.on('error', () => undefined);
    conns.push(conn);
    tap((conn as unknown as { connection: { stream: Socket } }).connection.stream, closes);
    return conn;
  };
  const channel = async (conn: amqp.ChannelModel): Promise<amqp.Channel> => {
    const ch = await conn.createChannel();
    ch.on('error', () => undefined);
    return ch;
  };
  try {
    const conn = await open();
    const ch = await channel(conn);
    const port = Number(new URL(url).port);
    const t: Tools = { conn, ch, q: (n) => `${prefix}.${n}`, other: async () => channel(await open()), raw: (o) => rawHandshake(port, o, closes) };
    await c.run(t).catch(() => undefined);
    const end = Date.now() + 1000;
    while (closes.length === 0 && Date.now() < end) await sleep(10);
    await sleep(50);
  } finally {
    for (const conn of conns.reverse()) await conn.close().catch(() => undefined);
  }
  return closes;
}

function tap(sock: Socket, out: Close[]): void {
  const reader = new FrameReader(1 << 20);
  sock.on('data', (d: Buffer) => {
    reader.push(d);
    for (let f = reader.next(); f; f = reader.next()) {
      if (f.type !== 1) continue;
      const m = decodeMethod(f.payload);
      if (m.spec.name !== 'channel.close' && m.spec.name !== 'connection.close') continue;
      out.push({
        method: m.spec.name,
        channel: f.channel,
        code: Number(m.args.replyCode),
        text: String(m.args.replyText),
        classId: Number(m.args.classId),
        methodId: Number(m.args.methodId),
      });
    }
  });
}

/** amqplib's own publish path with fields it has no option for (immediate). */
function sendMessage(ch: amqp.Channel, fields: Record<string, unknown>): void {
  (ch as unknown as { sendMessage(f: unknown, p: unknown, c: Buffer): void }).sendMessage({ ticket: 0, ...fields }, {}, Buffer.from('x'));
}

/**
 * A raw client handshake (authentication_failure_close set, like amqplib), then channel.open on each of
 * `o.channels` and a connection.close once all are open; resolves when the socket closes.
 */
function rawHandshake(port: number, o: RawOpts, out: Close[]): Promise<void> {
  const channels = o.channels ?? [];
  let opened = 0;
  return new Promise((resolve) => {
    const sock = tcpConnect(port, '127.0.0.1');
    const bye = () => sock.write(encodeMethodFrame(0, 'connection.close', { replyCode: 200, replyText: 'bye', classId: 0, methodId: 0 }));
    const timer = setTimeout(() => sock.destroy(), 5000);
    tap(sock, out);
    sock.on('error', () => undefined);
    sock.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    const reader = new FrameReader(1 << 20);
    sock.on('data', (d: Buffer) => {
      reader.push(d);
      for (let f = reader.next(); f; f = reader.next()) {
        if (f.type !== 1) continue;
        const name = decodeMethod(f.payload).spec.name;
        if (name === 'connection.start') {
          const response = Buffer.from(`\0${o.user ?? 'guest'}\0${o.password ?? 'guest'}`);
          sock.write(
            encodeMethodFrame(0, 'connection.start-ok', {
              clientProperties: { capabilities: { authentication_failure_close: true } },
              mechanism: 'PLAIN',
              response,
              locale: 'en_US',
            }),
          );
        } else if (name === 'connection.tune') {
          sock.write(
            Buffer.concat([
              encodeMethodFrame(0, 'connection.tune-ok', { channelMax: o.channelMax ?? 2047, frameMax: 131072, heartbeat: 0 }),
              encodeMethodFrame(0, 'connection.open', { virtualHost: o.vhost ?? '/' }),
            ]),
          );
        } else if (name === 'connection.open-ok') {
          for (const n of channels) sock.write(encodeMethodFrame(n, 'channel.open', {}));
          if (channels.length === 0) bye();
        } else if (name === 'channel.open-ok') {
          if (++opened === channels.length) bye();
        } else if (name === 'connection.close') {
          sock.write(encodeMethodFrame(0, 'connection.close-ok'));
          sock.end();
        } else if (name === 'connection.close-ok') {
          sock.end();
        }
      }
    });
    sock.on('connect', () => sock.write(PROTOCOL_HEADER));
  });
}
