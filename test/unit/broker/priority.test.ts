// Priority queues: classic x-max-priority (rabbit_priority_queue: one sub-queue per priority 0..N, served
// highest first, FIFO within one) and RabbitMQ 4.x quorum queues' two weighted levels (rabbit_fifo_q).
// Sources: https://www.rabbitmq.com/docs/priority, https://www.rabbitmq.com/docs/quorum-queues#priorities,
// rabbit_priority_queue.erl (fetch/drop/dropwhile = find2 over priorities, highest first), rabbit_fifo_q.erl.
import { strict as assert } from 'node:assert';
import { Broker, VirtualClock, type BrokerChannel, type BrokerEvent } from '../../../src/broker';
import { Harness, bytes, text, throwsAmqp } from './harness';

/** Publishes "name:priority" bodies; a missing priority is written as "name" (no property). */
function pub(ch: BrokerChannel, queue: string, ...items: [string, number | undefined][]): void {
  for (const [body, priority] of items) ch.basicPublish({ exchange: '', routingKey: queue }, priority === undefined ? {} : { priority }, bytes(body));
}

function drain(ch: BrokerChannel, queue: string): string[] {
  const out: string[] = [];
  for (let m = ch.basicGet({ queue, noAck: true }); m !== null && out.length < 1000; m = ch.basicGet({ queue, noAck: true })) out.push(text(m.body));
  return out;
}

const bad = (what: string, q = 'q') => ({ code: 406, text: `PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue '${q}' in vhost '/': ${what}` });

describe('broker: priority queues (x-max-priority)', () => {
  describe('classic queues', () => {
    it('delivers the highest priority first, FIFO within a priority; no priority = 0, above the max = the max', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 5 } });
      pub(ch, 'q', ['a0', undefined], ['b3', 3], ['c9', 9], ['d5', 5], ['e0', 0], ['f3', 3], ['g1', 1], ['h7', 7]);
      // 9 and 7 count as 5 (the max) and keep publish order with the real 5
      assert.deepEqual(h.readyBodies('q'), ['c9', 'd5', 'h7', 'b3', 'f3', 'g1', 'a0', 'e0']);
      ch.basicConsume({ queue: 'q', noAck: true });
      assert.deepEqual(c.bodies(), ['c9', 'd5', 'h7', 'b3', 'f3', 'g1', 'a0', 'e0']);
    });

    it('basic.get takes the highest priority; message counts are the usual totals', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 10 } });
      pub(ch, 'q', ['low', 1], ['high', 10], ['mid', 4]);
      assert.deepEqual(h.counts('q'), { ready: 3, unacked: 0, consumers: 0 });
      const m = ch.basicGet({ queue: 'q' })!;
      assert.equal(text(m.body), 'high');
      assert.equal(m.messageCount, 2);
      assert.deepEqual(h.counts('q'), { ready: 2, unacked: 1, consumers: 0 });
      assert.equal(ch.queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 10 } }).messageCount, 2);
    });

    it('a message published while the consumer has room is delivered at once (no time to be prioritised)', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 5 } });
      ch.basicQos({ prefetchCount: 1 });
      ch.basicConsume({ queue: 'q' });
      pub(ch, 'q', ['first-low', 0], ['second-low', 0], ['third-high', 5]);
      assert.deepEqual(c.bodies(), ['first-low']);
      ch.basicAck({ deliveryTag: 1 });
      assert.deepEqual(c.bodies(), ['first-low', 'third-high'], 'with prefetch 1 the waiting high one overtakes');
    });

    it('nack/reject with requeue puts a message back into its own priority at its original position', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 3 } });
      pub(ch, 'q', ['a1', 1], ['b1', 1], ['c3', 3], ['d3', 3], ['e1', 1]);
      const got = [1, 2, 3, 4].map(() => text(ch.basicGet({ queue: 'q' })!.body));
      assert.deepEqual(got, ['c3', 'd3', 'a1', 'b1']);
      ch.basicNack({ deliveryTag: 4, requeue: true }); // b1
      ch.basicReject({ deliveryTag: 1, requeue: true }); // c3
      ch.basicNack({ deliveryTag: 3, requeue: true }); // a1
      assert.deepEqual(h.readyBodies('q'), ['c3*', 'a1*', 'b1*', 'e1']);
      const m = ch.basicGet({ queue: 'q' })!;
      assert.deepEqual([text(m.body), m.redelivered], ['c3', true]);
    });

    it('closing the channel requeues unacked messages into their priorities (classic: original positions)', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 2 } });
      pub(ch, 'q', ['x0', 0], ['y2', 2], ['z0', 0], ['w2', 2]);
      ch.basicQos({ prefetchCount: 3 });
      ch.basicConsume({ queue: 'q' });
      assert.deepEqual(c.bodies(), ['y2', 'w2', 'x0']);
      ch.close();
      assert.deepEqual(h.readyBodies('q'), ['y2*', 'w2*', 'x0*', 'z0']);
    });

    it('max-length drop-head drops the head of the HIGHEST priority (rabbit_priority_queue:drop/2)', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'dl' });
      ch.queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 5, 'x-max-length': 2, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dl' } });
      pub(ch, 'q', ['lo1', 0], ['hi1', 5], ['lo2', 0]);
      assert.deepEqual(h.readyBodies('q'), ['lo1', 'lo2'], 'hi1 went to make room for lo2');
      assert.deepEqual(h.readyBodies('dl'), ['hi1']);
      pub(ch, 'q', ['hi2', 5]);
      assert.deepEqual(h.readyBodies('q'), ['lo1', 'lo2'], 'a new highest-priority message is itself the head that goes');
      assert.deepEqual(h.readyBodies('dl'), ['hi1', 'hi2']);
    });

    it('expired messages only leave from the head: a lower-priority one stays behind a live higher one', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 5 } });
      ch.basicPublish({ exchange: '', routingKey: 'q' }, { priority: 0, expiration: '100' }, bytes('lo-ttl'));
      ch.basicPublish({ exchange: '', routingKey: 'q' }, { priority: 5 }, bytes('hi'));
      h.clock.advance(500);
      assert.equal(h.counts('q').ready, 2, 'the expired low one is still counted');
      assert.equal(text(ch.basicGet({ queue: 'q', noAck: true })!.body), 'hi');
      assert.equal(ch.basicGet({ queue: 'q', noAck: true }), null, 'now at the head, it is expired');
      assert.equal(h.counts('q').ready, 0);
    });

    it('dead lettering keeps the priority property: the DLX queue orders by it too', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'dl', arguments: { 'x-max-priority': 5 } });
      ch.queueDeclare({ queue: 'q', arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dl' } });
      pub(ch, 'q', ['a1', 1], ['b4', 4], ['c2', 2]);
      for (let i = 0; i < 3; i++) ch.basicGet({ queue: 'q' });
      ch.basicNack({ deliveryTag: 3, multiple: true, requeue: false });
      assert.deepEqual(h.readyBodies('dl'), ['b4', 'c2', 'a1']);
      const m = ch.basicGet({ queue: 'dl', noAck: true })!;
      assert.equal(m.properties.priority, 4);
    });

    it('purge and delete count every priority; the snapshot shows x-max-priority in the arguments', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', durable: true, arguments: { 'x-max-priority': 3 } });
      pub(ch, 'q', ['a', 0], ['b', 3], ['c', 1]);
      const snap = h.broker.snapshot().queues.find((q) => q.name === 'q')!;
      assert.deepEqual(snap.arguments, { 'x-max-priority': 3 });
      assert.equal(ch.queuePurge({ queue: 'q' }).messageCount, 3);
      pub(ch, 'q', ['d', 2], ['e', 0]);
      assert.deepEqual(h.readyBodies('q'), ['d', 'e']);
      assert.equal(ch.queueDelete({ queue: 'q' }).messageCount, 2);
    });

    it('a restart (durable state) restores persistent messages into their priorities', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', durable: true, arguments: { 'x-max-priority': 3 } });
      for (const [b, p] of [
        ['a', 0],
        ['b', 3],
        ['c', 1],
        ['d', 3],
      ] as const)
        ch.basicPublish({ exchange: '', routingKey: 'q' }, { priority: p, deliveryMode: 2 }, bytes(b));
      const restored = Broker.restore(h.broker.durableState(), { clock: new VirtualClock() });
      const d = restored.queueDetail('/', 'q')!;
      assert.deepEqual(
        d.readyMessages.map((r) => text(restored.messageContent(r.messageId)!.body)),
        ['b', 'd', 'c', 'a'],
      );
    });

    it("x-max-priority must be an integer 0..255: RabbitMQ's 406 texts", () => {
      const h = new Harness();
      const c = h.client();
      throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 256 } }), bad('{max_value_exceeded,256}'));
      throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', arguments: { 'x-max-priority': -1 } }), bad('{value_negative,-1}'));
      throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 'ten' } }), bad('"expected integer, got longstr"'));
      const ch = c.channel();
      ch.queueDeclare({ queue: 'ok255', arguments: { 'x-max-priority': 255 } });
      ch.queueDeclare({ queue: 'ok0', arguments: { 'x-max-priority': 0 } });
      pub(ch, 'ok0', ['a', 9], ['b', 0]);
      assert.deepEqual(h.readyBodies('ok0'), ['a', 'b'], 'x-max-priority 0: one level, plain FIFO');
      pub(ch, 'ok255', ['x', 200], ['y', 255], ['z', 201]);
      assert.deepEqual(h.readyBodies('ok255'), ['y', 'z', 'x']);
    });

    it('redeclaring with another x-max-priority is 406 inequivalent arg', () => {
      const h = new Harness();
      const c = h.client();
      c.channel().queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 5 } });
      throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 6 } }), {
        code: 406,
        text: "PRECONDITION_FAILED - inequivalent arg 'x-max-priority' for queue 'q' in vhost '/': received '6' but current is '5'",
      });
      throwsAmqp(() => c.channel().queueDeclare({ queue: 'q' }), {
        code: 406,
        text: "PRECONDITION_FAILED - inequivalent arg 'x-max-priority' for queue 'q' in vhost '/': received none but current is the value '5' of type 'signedint'",
      });
    });
  });

  describe('quorum queues (RabbitMQ 4.x: two levels, high = priority above 4, served 2:1)', () => {
    const qq = { durable: true, arguments: { 'x-queue-type': 'quorum' } };

    it('high messages are favoured 2:1, the third dequeue taking the older head (rabbit_fifo_q)', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', ...qq });
      pub(ch, 'q', ['n1', undefined], ['n2', 4], ['n3', 0], ['h1', 5], ['h2', 9], ['h3', 255], ['h4', 5], ['h5', 6], ['h6', 5]);
      assert.deepEqual(h.readyBodies('q'), ['h1', 'h2', 'n1', 'h3', 'h4', 'n2', 'h5', 'h6', 'n3']);
      assert.deepEqual(drain(ch, 'q'), ['h1', 'h2', 'n1', 'h3', 'h4', 'n2', 'h5', 'h6', 'n3']);
    });

    it('on the normal turn, a high message published before the normal head still goes first', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', ...qq });
      pub(ch, 'q', ['h1', 5], ['h2', 5], ['h3', 5], ['h4', 5], ['n1', 1], ['h5', 5]);
      assert.deepEqual(drain(ch, 'q'), ['h1', 'h2', 'h3', 'h4', 'h5', 'n1']);
    });

    it('returned messages are served before both levels (rabbit_fifo returns queue)', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', ...qq });
      pub(ch, 'q', ['n1', 0], ['n2', 0], ['h1', 5]);
      assert.equal(text(ch.basicGet({ queue: 'q' })!.body), 'h1');
      assert.equal(text(ch.basicGet({ queue: 'q' })!.body), 'n1');
      ch.basicNack({ deliveryTag: 2, requeue: true });
      ch.basicNack({ deliveryTag: 1, requeue: true });
      assert.deepEqual(h.readyBodies('q'), ['n1*', 'h1*', 'n2']);
    });

    it('x-max-priority on a quorum queue is 406 (4.2 quorum queues take no x-max-priority)', () => {
      const h = new Harness();
      throwsAmqp(
        () =>
          h
            .client()
            .channel()
            .queueDeclare({ queue: 'q', durable: true, arguments: { 'x-queue-type': 'quorum', 'x-max-priority': 5 } }),
        {
          code: 406,
          text: "PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue 'q' in vhost '/' of queue type rabbit_quorum_queue",
        },
      );
    });
  });

  describe('lavinmq profile', () => {
    it('classic priority queue, highest first; its own texts for bad values', () => {
      const h = new Harness({ profile: 'lavinmq' });
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 10 } });
      pub(ch, 'q', ['p2', 2], ['p1', 1], ['none', undefined], ['p20', 20]);
      assert.deepEqual(drain(ch, 'q'), ['p20', 'p2', 'p1', 'none']);
      throwsAmqp(() => c.channel().queueDeclare({ queue: 'r', arguments: { 'x-max-priority': 256 } }), {
        code: 406,
        text: 'PRECONDITION_FAILED - x-max-priority header greater than maximum value 255',
      });
      throwsAmqp(() => c.channel().queueDeclare({ queue: 'r', arguments: { 'x-max-priority': -1 } }), {
        code: 406,
        text: 'PRECONDITION_FAILED - x-max-priority header less than minimum value 0',
      });
    });
  });

  it('the event log shows priority deliveries like any other (delivered in priority order)', () => {
    const h = new Harness();
    const events: BrokerEvent[] = [];
    h.broker.events.subscribe((e) => events.push(e));
    const ch = h.client().channel();
    ch.queueDeclare({ queue: 'q', arguments: { 'x-max-priority': 2 } });
    pub(ch, 'q', ['a', 0], ['b', 2]);
    ch.basicConsume({ queue: 'q', noAck: true });
    const delivered = events.filter((e) => e.kind === 'delivered');
    assert.deepEqual(
      delivered.map((e) => h.bodyOf(e.messageId)),
      ['#2', '#1'],
      'b (id 2) first; both gone after no-ack delivery',
    );
  });
});
