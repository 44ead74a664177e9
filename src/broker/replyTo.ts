// Direct reply-to (rule 35): `amq.rabbitmq.reply-to` is a pseudo-queue on every vhost. A channel consumes
// from it in no-ack mode (one reply consumer per channel); a request it publishes with
// `reply_to: amq.rabbitmq.reply-to` carries instead a generated name tied to that consumer, and a publish
// to the default exchange with that name as routing key goes straight to the consumer: no queue, no
// unacked entry, a delivery tag from the requester's channel. A reply to a name whose consumer is gone is
// dropped. Texts and order of checks follow rabbit_channel (consume, cancel, publish) and rabbit_exchange.
import type { Core } from './core';
import { amqpError, rs } from './errors';
import { REPLY_TO, type ChannelLike } from './model';
import { OUT_DELIVER } from './outbox';
import type { BasicConsumeArgs, BasicProperties, Delivery, QueueDeclareOk } from './types';

export { REPLY_TO };
const PREFIX = REPLY_TO + '.';

/** True for the names the default exchange hands to a reply consumer instead of a queue. */
export function isReplyName(routingKey: string): boolean {
  return routingKey.startsWith(PREFIX);
}

/** basic.consume on amq.rabbitmq.reply-to. Returns the consumer tag. */
export function consumeReplyTo(core: Core, ch: ChannelLike, a: BasicConsumeArgs): string {
  const given = a.consumerTag ?? '';
  if (given !== '' && ch.consumers.has(given)) throw ch.fail(amqpError('NOT_ALLOWED', `attempt to reuse consumer tag '${given}'`, 'basicConsume'));
  if (a.noAck !== true) throw ch.fail(amqpError('PRECONDITION_FAILED', 'reply consumer cannot acknowledge', 'basicConsume'));
  if (ch.replyConsumer !== null) throw ch.fail(amqpError('PRECONDITION_FAILED', 'reply consumer already set', 'basicConsume'));
  const tag = given === '' ? 'amq.ctag-' + core.prng.name(22) : given;
  // RabbitMQ encodes the channel's pid and a secret key; a random key of the same length does the same job here
  const name = `${PREFIX}${core.prng.name(22)}.${core.prng.name(22)}==`;
  ch.replyConsumer = { tag, name };
  core.replyTargets.set(name, ch);
  if (core.rec.on) core.rec.replyConsumer('consumer-added', ch, tag, '');
  return tag;
}

/** basic.cancel of the reply consumer; false when `tag` is not it. */
export function cancelReplyTo(core: Core, ch: ChannelLike, tag: string, reason: 'cancel' | 'channel-closed'): boolean {
  const rc = ch.replyConsumer;
  if (rc === null || rc.tag !== tag) return false;
  ch.replyConsumer = null;
  core.replyTargets.delete(rc.name);
  if (core.rec.on) core.rec.replyConsumer('consumer-cancelled', ch, tag, reason);
  return true;
}

/** basic.publish with reply_to amq.rabbitmq.reply-to: the properties with the channel's reply name. */
export function withReplyName(ch: ChannelLike, props: BasicProperties): BasicProperties {
  if (props.replyTo !== REPLY_TO) return props;
  const rc = ch.replyConsumer;
  if (rc === null) throw ch.fail(amqpError('PRECONDITION_FAILED', 'fast reply consumer does not exist', 'basicPublish'));
  return { ...props, replyTo: rc.name };
}

/** queue.declare of amq.rabbitmq.reply-to or a reply name: declare-ok with one consumer, or 404. */
export function declareReplyTo(core: Core, ch: ChannelLike, vhost: string, name: string): QueueDeclareOk {
  if (name !== REPLY_TO && core.replyTargets.get(name)?.connection.vhost !== vhost) {
    throw ch.fail(amqpError('NOT_FOUND', `no ${rs('queue', name, vhost)}`, 'queueDeclare'));
  }
  ch.lastQueue = name;
  return { queue: name, messageCount: 0, consumerCount: 1 };
}

/** A publish to the default exchange with a reply name: delivered to the reply consumer, or dropped. */
export function deliverReply(core: Core, vhost: string, name: string, pid: number, props: BasicProperties, body: Uint8Array): void {
  const ch = core.replyTargets.get(name);
  if (ch === undefined || !ch.open || ch.connection.vhost !== vhost) {
    if (core.rec.on) core.rec.reply(vhost, name, pid, null, '', 0);
    return;
  }
  // rabbit_channel sends the channel's next tag without taking it: every reply carries the tag the next
  // queue delivery will get (probed on 3.10.8: two replies in a row both have tag 1)
  const tag = ch.nextTag + 1;
  const consumerTag = ch.replyConsumer!.tag;
  if (core.rec.on) core.rec.reply(vhost, name, pid, ch, consumerTag, tag);
  const d: Delivery = { consumerTag, deliveryTag: tag, redelivered: false, exchange: '', routingKey: name, properties: props, body, messageId: 0 };
  core.outbox.push(ch.connection, OUT_DELIVER, ch, ch.number, d);
}
