// The event log and its subscribers see the same events: the ring's compact encoding read back by entries()
// equals, field for field, the event each subscriber was handed, for every kind, also when ring slots are
// reused by events of other kinds (a small log). Hot kinds (published … acked) are recorded by their own
// writers (recorder.ts), the rest through the generic record: both must agree with the read-back.
import { strict as assert } from 'node:assert';
import { eventIs, type BrokerEvent, type EventKind } from '../../../src/broker';
import { Harness, bytes } from './harness';

/** Runs a workload that makes most event kinds; returns the events its subscriber saw. */
function workload(h: Harness, onEvent: (e: BrokerEvent) => void): void {
  h.broker.events.subscribe(onEvent);
  const c = h.client('events-test');
  const ch = c.channel();
  ch.exchangeDeclare({ exchange: 'fan', type: 'fanout' });
  ch.queueDeclare({ queue: 'a' });
  ch.queueDeclare({ queue: 'b', arguments: { 'x-message-ttl': 100, 'x-dead-letter-exchange': 'fan' } });
  ch.queueDeclare({ queue: 'q', durable: true, arguments: { 'x-queue-type': 'quorum', 'x-max-length': 2, 'x-overflow': 'reject-publish' } });
  ch.queueBind({ queue: 'a', exchange: 'fan' });
  ch.confirmSelect();
  ch.basicPublish({ exchange: 'fan', routingKey: 'k' }, { messageId: 'x' }, bytes('one'));
  ch.basicPublish({ exchange: '', routingKey: 'nowhere', mandatory: true }, {}, bytes('lost'));
  h.publish(ch, 'b', 'ttl');
  h.publish(ch, 'q', 'q1', 'q2', 'q3');
  h.clock.advance(150);
  const w = h.client('worker').channel();
  w.basicQos({ prefetchCount: 5 });
  const tag = w.basicConsume({ queue: 'a' });
  h.publish(ch, 'a', 'two', 'three', 'four');
  w.basicAck({ deliveryTag: 1 });
  w.basicNack({ deliveryTag: 2, requeue: true });
  w.basicReject({ deliveryTag: 3, requeue: false });
  w.basicRecover({ requeue: true });
  w.basicCancel({ consumerTag: tag });
  h.publish(ch, 'a', 'five', 'six');
  assert.ok(w.basicGet({ queue: 'a', noAck: true }));
  w.basicGet({ queue: 'a' });
  assert.equal(w.basicGet({ queue: 'b' }), null);
  w.txSelect();
  w.basicAck({ deliveryTag: 0, multiple: true });
  w.txCommit();
  h.broker.setHoldDeliveries(true);
  w.basicConsume({ queue: 'q', noAck: false });
  h.broker.releaseNextDelivery();
  h.broker.setHoldDeliveries(false);
  assert.throws(() => w.basicAck({ deliveryTag: 99 }));
  ch.queuePurge({ queue: 'q' });
  ch.queueUnbind({ queue: 'a', exchange: 'fan' });
  ch.queueDelete({ queue: 'b' });
  ch.exchangeDelete({ exchange: 'fan' });
  ch.close();
  c.conn.close();
}

describe('broker: event log encoding', () => {
  for (const size of [10_000, 3]) {
    it(`entries() reads back every event exactly as subscribers got it (log size ${size})`, () => {
      const h = new Harness({ eventLogSize: size });
      const seen: BrokerEvent[] = [];
      const kinds = new Set<EventKind>();
      workload(h, (e) => {
        // store first, then subscribers: the newest entry is this event, read back from its (reused) slot
        const back = h.broker.events.entries().at(-1);
        assert.deepStrictEqual(back, e, `event ${e.seq} (${e.kind})`);
        assert.equal(JSON.stringify(back), JSON.stringify(e), `key order of ${e.kind}`);
        assert.equal(h.broker.events.lastSeq, e.seq);
        seen.push(e);
        kinds.add(e.kind);
      });
      assert.deepStrictEqual(h.broker.events.entries(), seen.slice(-size));
      for (const k of ['published', 'routed', 'enqueued', 'delivered', 'acked', 'nacked', 'rejected', 'requeued', 'dead-lettered'] as const) {
        assert.ok(kinds.has(k), `the workload makes ${k}`);
      }
      assert.ok(kinds.size >= 25, `${kinds.size} kinds`);
    });
  }

  it('hot kinds carry what happened (published → routed → enqueued → delivered → acked of one message)', () => {
    const h = new Harness();
    const ch = h.client().channel();
    ch.queueDeclare({ queue: 'w' });
    const tag = ch.basicConsume({ queue: 'w' });
    const from = h.broker.events.lastSeq;
    ch.basicPublish({ exchange: '', routingKey: 'w', mandatory: true }, {}, bytes('12345'));
    ch.basicAck({ deliveryTag: 1 });
    const evs = h.broker.events.entries().filter((e) => e.seq > from);
    assert.deepEqual(
      evs.map((e) => e.kind),
      ['published', 'routed', 'enqueued', 'delivered', 'acked'],
    );
    const [pub] = evs.filter(eventIs('published'));
    assert.equal(pub!.mandatory, true);
    assert.equal(pub!.size, 5);
    const [routed] = evs.filter(eventIs('routed'));
    assert.deepEqual([routed!.queue, routed!.queues, routed!.publishId], ['w', 1, pub!.publishId]);
    const [d] = evs.filter(eventIs('delivered'));
    assert.deepEqual([d!.consumerTag, d!.deliveryTag, d!.get, d!.redelivered, d!.deliveryCount, d!.messageCount], [tag, 1, false, false, 1, 0]);
    const [a] = evs.filter(eventIs('acked'));
    assert.deepEqual([a!.messageId, a!.deliveryTag, a!.autoAck, a!.multiple, a!.requeue], [d!.messageId, 1, false, false, false]);
  });
});
