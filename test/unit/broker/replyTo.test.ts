// rule 35: direct reply-to through the broker API (the differential suite checks the same against RabbitMQ 3.10.8).
import { strict as assert } from 'node:assert';
import { BrokerTrace } from '../../../src/scenarios/brokerTrace';
import { eventLabel } from '../../../src/protocol/labels';
import { Harness, bytes, text, throwsAmqp } from './harness';

const RT = 'amq.rabbitmq.reply-to';

/** A requester (reply consumer on its channel 1) and a responder consuming `rpc` with manual acks. */
function rpcSetup() {
  const h = new Harness();
  const client = h.client('client');
  const server = h.client('server');
  const cch = client.channel();
  const sch = server.channel();
  sch.queueDeclare({ queue: 'rpc' });
  const replyTag = cch.basicConsume({ queue: RT, noAck: true, consumerTag: 'replies' });
  sch.basicConsume({ queue: 'rpc' });
  return { h, client, server, cch, sch, replyTag };
}

describe('direct reply-to (rule 35)', () => {
  it('a request carries a generated reply name; the reply goes straight to the reply consumer, no queue, no unacked', () => {
    const { h, client, server, cch, sch, replyTag } = rpcSetup();
    assert.equal(replyTag, 'replies');
    cch.basicPublish({ routingKey: 'rpc' }, { replyTo: RT, correlationId: 'c1' }, bytes('ping'));
    const req = server.rec.deliveries[0]!;
    const name = req.properties.replyTo!;
    assert.match(name, /^amq\.rabbitmq\.reply-to\.\S+$/);
    sch.basicPublish({ routingKey: name }, { correlationId: 'c1' }, bytes('pong'));
    sch.basicAck({ deliveryTag: req.deliveryTag });
    assert.deepEqual(
      client.rec.deliveries.map((d) => ({ tag: d.consumerTag, body: text(d.body), exchange: d.exchange, key: d.routingKey, cid: d.properties.correlationId })),
      [{ tag: 'replies', body: 'pong', exchange: '', key: name, cid: 'c1' }],
    );
    assert.ok(!h.broker.snapshot().queues.some((q) => q.name.startsWith(RT)), 'no queue was made');
    assert.deepEqual(h.counts('rpc'), { ready: 0, unacked: 0, consumers: 1 });
  });

  it("replies carry the channel's next delivery tag without taking it (as rabbit_channel)", () => {
    const { client, server, cch, sch } = rpcSetup();
    cch.queueDeclare({ queue: 'work' });
    cch.basicPublish({ routingKey: 'rpc' }, { replyTo: RT }, bytes('ping'));
    const name = server.rec.deliveries[0]!.properties.replyTo!;
    sch.basicPublish({ routingKey: name }, {}, bytes('r1'));
    sch.basicPublish({ routingKey: name }, {}, bytes('r2'));
    publishAndConsume(cch);
    assert.deepEqual(
      client.rec.deliveries.map((d) => [text(d.body), d.deliveryTag]),
      [
        ['r1', 1],
        ['r2', 1],
        ['job', 1],
      ],
    );
  });

  it('a mandatory reply is delivered and returned (it reached no queue); the publisher gets its confirm', () => {
    const { client, server, cch, sch } = rpcSetup();
    sch.confirmSelect();
    cch.basicPublish({ routingKey: 'rpc' }, { replyTo: RT }, bytes('ping'));
    const name = server.rec.deliveries[0]!.properties.replyTo!;
    sch.basicPublish({ routingKey: name, mandatory: true }, {}, bytes('live'));
    assert.equal(client.rec.deliveries.length, 1);
    assert.deepEqual(
      server.rec.returns.map((r) => [r.replyCode, r.replyText, r.routingKey]),
      [[312, 'NO_ROUTE', name]],
    );
    assert.deepEqual(
      server.rec.confirms.map((c) => [c.deliveryTag, c.nack]),
      [[1, false]],
    );
  });

  it('a reply to a requester that closed is dropped; its name is then unknown to queue.declare', () => {
    const { h, client, server, cch, sch } = rpcSetup();
    cch.basicPublish({ routingKey: 'rpc' }, { replyTo: RT }, bytes('ping'));
    const name = server.rec.deliveries[0]!.properties.replyTo!;
    assert.deepEqual(sch.queueDeclare({ queue: name, passive: true }), { queue: name, messageCount: 0, consumerCount: 1 });
    client.conn.close();
    sch.basicPublish({ routingKey: name }, {}, bytes('late'));
    assert.equal(client.rec.deliveries.length, 0);
    const dropped = h.broker.events.entries().filter((e) => e.kind === 'reply-dropped');
    assert.equal(dropped.length, 1);
    throwsAmqp(() => sch.queueDeclare({ queue: name, passive: true }), { scope: 'channel', code: 404, text: `NOT_FOUND - no queue '${name}' in vhost '/'` });
  });

  it('after basic.cancel of the reply consumer, its old name reaches nobody and a new consume gets a new name', () => {
    const { client, server, cch, sch } = rpcSetup();
    cch.basicPublish({ routingKey: 'rpc' }, { replyTo: RT }, bytes('one'));
    const first = server.rec.deliveries[0]!.properties.replyTo!;
    cch.basicCancel({ consumerTag: 'replies' });
    sch.basicPublish({ routingKey: first }, {}, bytes('lost'));
    cch.basicConsume({ queue: RT, noAck: true, consumerTag: 'again' });
    cch.basicPublish({ routingKey: 'rpc' }, { replyTo: RT }, bytes('two'));
    const second = server.rec.deliveries[1]!.properties.replyTo!;
    assert.notEqual(second, first);
    sch.basicPublish({ routingKey: second }, {}, bytes('found'));
    assert.deepEqual(
      client.rec.deliveries.map((d) => [d.consumerTag, text(d.body)]),
      [['again', 'found']],
    );
  });

  it("RabbitMQ's errors: manual-ack reply consumer, a second one, a request without one", () => {
    const h = new Harness();
    const c = h.client();
    throwsAmqp(() => c.channel().basicConsume({ queue: RT }), {
      scope: 'channel',
      code: 406,
      text: 'PRECONDITION_FAILED - reply consumer cannot acknowledge',
      classId: 60,
      methodId: 20,
    });
    const ch = c.channel();
    ch.basicConsume({ queue: RT, noAck: true });
    throwsAmqp(() => ch.basicConsume({ queue: RT, noAck: true }), { scope: 'channel', code: 406, text: 'PRECONDITION_FAILED - reply consumer already set' });
    const other = c.channel();
    other.queueDeclare({ queue: 'rpc' });
    throwsAmqp(() => other.basicPublish({ routingKey: 'rpc' }, { replyTo: RT }, bytes('x')), {
      scope: 'channel',
      code: 406,
      text: 'PRECONDITION_FAILED - fast reply consumer does not exist',
      classId: 60,
      methodId: 40,
    });
    assert.deepEqual(h.counts('rpc'), { ready: 0, unacked: 0, consumers: 0 });
  });

  it('the pseudo-queue declares with one consumer; the stepper draws the reply as one event', () => {
    const { h, server, cch, sch } = rpcSetup();
    assert.deepEqual(cch.queueDeclare({ queue: RT, passive: true }), { queue: RT, messageCount: 0, consumerCount: 1 });
    cch.basicPublish({ routingKey: 'rpc' }, { replyTo: RT }, bytes('ping'));
    sch.basicPublish({ routingKey: server.rec.deliveries[0]!.properties.replyTo! }, {}, bytes('pong'));
    const trace = new BrokerTrace();
    const steps = h.broker.events
      .entries()
      .map((e) => trace.convert(e))
      .filter((e) => e?.kind === 'reply');
    assert.equal(steps.length, 1);
    assert.equal(steps[0]!.consumer, 'replies');
    assert.equal(eventLabel(steps[0]!), 'reply tag 1 (direct reply-to)');
    const unroutable = h.broker.events
      .entries()
      .map((e) => trace.convert(e))
      .filter((e) => e?.kind === 'unroutable');
    assert.deepEqual(
      unroutable.map((e) => eventLabel(e!)),
      ['no queue: direct reply-to'],
      'not drawn as a lost message',
    );
  });
});

/** Publishes 'job' to `work` on the requester's channel and consumes it there. */
function publishAndConsume(ch: ReturnType<ReturnType<Harness['client']>['channel']>): void {
  ch.basicPublish({ routingKey: 'work' }, {}, bytes('job'));
  ch.basicConsume({ queue: 'work', noAck: true });
}
