// The ack tracker on a real in-process broker: each mistake gives one finding of the right rule, and
// a run that settles everything gives none (property test over random settle plans).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Broker, sinkOf, type BrokerChannel } from '../../../src/broker';
import { AckSession } from '../../../src/testkit/session';
import type { AckFinding } from '../../../src/testkit/types';

function setup(opts: { consumerTimeoutMs?: number; channelTickMs?: number } = {}) {
  const broker = new Broker({ eventLogSize: 0, ...opts });
  const session = new AckSession(broker, { checkReady: true });
  const conn = broker.connect({ clientName: 'unit-worker', clientProperties: { product: 'unit', version: '9.9' } }, sinkOf());
  const ch = conn.openChannel(1);
  ch.queueDeclare({ queue: 'q' });
  return { broker, session, conn, ch };
}

function publish(ch: BrokerChannel, n: number, queue = 'q'): void {
  for (let i = 0; i < n; i++) ch.basicPublish({ routingKey: queue }, {}, Buffer.from(`m${i}`));
}

const rules = (fs: AckFinding[]) => fs.map((f) => f.rule).sort();

describe('testkit: ack tracker', () => {
  it('reports a delivery never settled when its channel closes, with queue, consumer, client and history', () => {
    const { session, ch } = setup();
    const tag = ch.basicConsume({ queue: 'q', consumerTag: 'worker-1' });
    publish(ch, 2);
    ch.basicAck({ deliveryTag: 1 });
    ch.close();
    const fs = session.findings(true);
    assert.deepEqual(rules(fs), ['missing-ack']);
    const f = fs[0]!;
    assert.equal(tag, 'worker-1');
    assert.deepEqual([f.queue, f.consumerTag, f.deliveryTag, f.channel], ['q', 'worker-1', 2, 1]);
    assert.deepEqual(f.client, { connectionName: 'unit-worker', library: 'unit', version: '9.9' });
    assert.deepEqual(
      f.history.map((h) => h.event),
      ['published', 'delivered', 'unsettled-at-close'],
    );
  });

  it('tells a double ack, an ack after auto-ack and an ack on the wrong channel apart', () => {
    const a = setup();
    a.ch.basicConsume({ queue: 'q' });
    publish(a.ch, 1);
    a.ch.basicAck({ deliveryTag: 1 });
    assert.throws(() => a.ch.basicAck({ deliveryTag: 1 }), /unknown delivery tag 1/);
    assert.deepEqual(rules(a.session.findings(true)), ['double-ack']);

    const b = setup();
    b.ch.basicConsume({ queue: 'q', noAck: true });
    publish(b.ch, 1);
    assert.throws(() => b.ch.basicAck({ deliveryTag: 1 }));
    assert.deepEqual(rules(b.session.findings(true)), ['ack-in-auto-ack']);

    const c = setup();
    const other = c.conn.openChannel(2);
    c.ch.basicConsume({ queue: 'q' });
    publish(c.ch, 1);
    assert.throws(() => other.basicAck({ deliveryTag: 1 }));
    c.conn.close();
    // the message stays unacked on channel 1: covered by the wrong-channel finding, not reported twice
    assert.deepEqual(rules(c.session.findings(true)), ['wrong-channel']);

    const d = setup();
    assert.throws(() => d.ch.basicAck({ deliveryTag: 7 }));
    assert.deepEqual(rules(d.session.findings(true)), ['unknown-delivery-tag']);
  });

  it('reports a reject without requeue only when the message is lost (no dead-letter exchange)', () => {
    const { ch, session } = setup();
    ch.queueDeclare({ queue: 'dlq' });
    ch.queueDeclare({ queue: 'with-dlx', arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' } });
    ch.queueDeclare({ queue: 'missing-dlx', arguments: { 'x-dead-letter-exchange': 'nope' } });
    ch.basicConsume({ queue: 'q' });
    ch.basicConsume({ queue: 'with-dlx' });
    ch.basicConsume({ queue: 'missing-dlx' });
    ch.basicConsume({ queue: 'dlq', noAck: true });
    publish(ch, 1, 'q');
    publish(ch, 1, 'with-dlx');
    publish(ch, 1, 'missing-dlx');
    ch.basicReject({ deliveryTag: 1, requeue: false });
    ch.basicNack({ deliveryTag: 2, requeue: false });
    ch.basicNack({ deliveryTag: 3, requeue: false });
    const fs = session.findings(true);
    assert.deepEqual(
      fs.map((f) => [f.rule, f.queue]),
      [
        ['message-dropped', 'q'],
        ['message-dropped', 'missing-dlx'],
      ],
    );
    assert.match(fs[1]!.message, /dead-letter exchange "nope" does not exist/);
  });

  it('reports a requeue loop once per message, at the limit', () => {
    const broker = new Broker({ eventLogSize: 0 });
    const session = new AckSession(broker, { requeueLimit: 3 });
    const ch = broker.connect({}, sinkOf()).openChannel(1);
    ch.queueDeclare({ queue: 'q' });
    ch.basicConsume({ queue: 'q' });
    publish(ch, 1);
    for (let tag = 1; tag <= 6; tag++) ch.basicNack({ deliveryTag: tag, requeue: true });
    ch.basicAck({ deliveryTag: 7 });
    const fs = session.findings(true);
    assert.deepEqual(rules(fs), ['requeue-loop']);
    assert.match(fs[0]!.message, /redelivered 3 times/);
  });

  it('reports consumer timeouts, and messages left ready at exit (opt-in)', async () => {
    const { session, ch } = setup({ consumerTimeoutMs: 30, channelTickMs: 10 });
    ch.queueDeclare({ queue: 'orphans' });
    publish(ch, 2, 'orphans');
    ch.basicConsume({ queue: 'q' });
    publish(ch, 1);
    await new Promise((r) => setTimeout(r, 120));
    const fs = session.findings(true);
    assert.deepEqual(
      fs.map((f) => [f.rule, f.queue]),
      [
        ['consumer-timeout', 'q'],
        ['left-ready', 'orphans'],
      ],
    );
    assert.match(fs[1]!.message, /^2 messages/);
  });

  it('reset() forgets what happened before', () => {
    const { session, ch } = setup();
    ch.basicConsume({ queue: 'q' });
    publish(ch, 1);
    assert.throws(() => ch.basicAck({ deliveryTag: 5 }));
    assert.deepEqual(rules(session.findings(false)), ['unknown-delivery-tag']);
    session.reset();
    assert.deepEqual(session.findings(false), []);
  });

  it('property: missing-ack exactly for the deliveries left unsettled; a later double ack takes over the channel', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('ack', 'dead-letter', 'requeue-then-ack', 'leave'), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (plan, doubleAck) => {
          const broker = new Broker({ eventLogSize: 0 });
          const session = new AckSession(broker, {});
          const ch = broker.connect({}, sinkOf()).openChannel(1);
          ch.queueDeclare({ queue: 'dlq' });
          ch.queueDeclare({ queue: 'q', arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' } });
          const tags: number[] = [];
          const live = new Map<number, number>(); // message index -> current tag
          const conn2 = broker.connect({}, sinkOf()).openChannel(1);
          conn2.basicConsume({ queue: 'dlq', noAck: true });
          let next = 1;
          ch.basicConsume({ queue: 'q' });
          publish(ch, plan.length);
          plan.forEach((_, i) => live.set(i, next++));
          const acked: number[] = [];
          plan.forEach((p, i) => {
            const tag = live.get(i)!;
            if (p === 'ack') {
              ch.basicAck({ deliveryTag: tag });
              acked.push(tag);
            } else if (p === 'dead-letter') ch.basicReject({ deliveryTag: tag, requeue: false });
            else if (p === 'requeue-then-ack') {
              ch.basicNack({ deliveryTag: tag, requeue: true });
              const again = next++;
              ch.basicAck({ deliveryTag: again });
              acked.push(again);
            } else tags.push(tag);
          });
          const broke = doubleAck && acked.length > 0;
          if (broke) assert.throws(() => ch.basicAck({ deliveryTag: acked[0]! }));
          else ch.close();
          const fs = session.findings(true);
          if (broke) assert.deepEqual(rules(fs), ['double-ack']);
          else
            assert.deepEqual(
              fs.map((f) => f.deliveryTag).sort((a, b) => a - b),
              tags,
              JSON.stringify(fs.map((f) => f.rule)),
            );
          assert.ok(fs.every((f) => f.rule === (broke ? 'double-ack' : 'missing-ack')));
        },
      ),
      { numRuns: 150 },
    );
  });
});
