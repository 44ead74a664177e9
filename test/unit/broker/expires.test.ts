// Queue TTL (x-expires / policy "expires"): a queue unused for that long is deleted with its messages.
// Unused = no consumer, no basic.get, no (passive) redeclare (https://www.rabbitmq.com/docs/ttl#queue-ttl;
// rabbit_amqqueue_process:ensure_expiry_timer, renewed by stat / basic_get / the last consumer going).
import { strict as assert } from 'node:assert';
import { RealClock, type BrokerEvent } from '../../../src/broker';
import { Harness, throwsAmqp } from './harness';

const exists = (h: Harness, q: string) => h.broker.snapshot().queues.some((x) => x.name === q);
const bad = (k: string, what: string) => ({ code: 406, text: `PRECONDITION_FAILED - invalid arg '${k}' for queue 'q' in vhost '/': ${what}` });

describe('broker: queue TTL (x-expires)', () => {
  it('an unused queue is deleted after x-expires ms, messages and all (not dead-lettered)', () => {
    const h = new Harness();
    const events: BrokerEvent[] = [];
    h.broker.events.subscribe((e) => events.push(e));
    const ch = h.client().channel();
    ch.queueDeclare({ queue: 'dl' });
    ch.queueDeclare({ queue: 'q', arguments: { 'x-expires': 1000, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dl' } });
    h.publish(ch, 'q', 'a', 'b');
    h.clock.advance(999);
    assert.ok(exists(h, 'q'), 'publishing does not use the queue, but 999 ms is not yet 1000');
    h.clock.advance(1);
    assert.ok(!exists(h, 'q'));
    assert.deepEqual(h.counts('dl'), { ready: 0, unacked: 0, consumers: 0 }, 'not dead-lettered');
    const del = events.find((e) => e.kind === 'queue-deleted')!;
    assert.deepEqual([del.queue, del.reason, del.messages], ['q', 'expired', 2]);
    assert.deepEqual(
      events.filter((e) => e.kind === 'dropped').map((e) => e.reason),
      ['queue-deleted', 'queue-deleted'],
    );
    throwsAmqp(() => ch.queueDeclare({ queue: 'q', passive: true }), { code: 404, text: "NOT_FOUND - no queue 'q' in vhost '/'" });
  });

  it('publishing does not renew the lease', () => {
    const h = new Harness();
    const ch = h.client().channel();
    ch.queueDeclare({ queue: 'q', arguments: { 'x-expires': 100 } });
    for (let i = 0; i < 9; i++) {
      h.clock.advance(10);
      h.publish(ch, 'q', `m${i}`);
    }
    h.clock.advance(10);
    assert.ok(!exists(h, 'q'));
  });

  for (const [what, use] of [
    [
      'a redeclare',
      (ch: ReturnType<ReturnType<Harness['client']>['channel']>) => {
        ch.queueDeclare({ queue: 'q', arguments: { 'x-expires': 100 } });
      },
    ],
    [
      'a passive declare',
      (ch: ReturnType<ReturnType<Harness['client']>['channel']>) => {
        ch.queueDeclare({ queue: 'q', passive: true });
      },
    ],
    [
      'a basic.get (even get-empty)',
      (ch: ReturnType<ReturnType<Harness['client']>['channel']>) => {
        assert.equal(ch.basicGet({ queue: 'q' }), null);
      },
    ],
  ] as const) {
    it(`${what} renews the lease: x-expires counts from then`, () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-expires': 100 } });
      h.clock.advance(60);
      use(ch);
      h.clock.advance(99);
      assert.ok(exists(h, 'q'), '159 ms after declare, 99 after the renewal');
      h.clock.advance(1);
      assert.ok(!exists(h, 'q'));
    });
  }

  it('a consumer keeps it alive; cancelling the last consumer starts the lease again', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q', arguments: { 'x-expires': 100 } });
    const t1 = ch.basicConsume({ queue: 'q' });
    const t2 = ch.basicConsume({ queue: 'q' });
    h.clock.advance(10_000);
    assert.ok(exists(h, 'q'));
    ch.basicCancel({ consumerTag: t1 });
    h.clock.advance(10_000);
    assert.ok(exists(h, 'q'), 'one consumer left');
    ch.basicCancel({ consumerTag: t2 });
    h.clock.advance(99);
    assert.ok(exists(h, 'q'));
    h.clock.advance(1);
    assert.ok(!exists(h, 'q'));
  });

  it('a consumer going with its channel (or connection) starts the lease; its unacked messages go with the queue', () => {
    const h = new Harness();
    const events: BrokerEvent[] = [];
    h.broker.events.subscribe((e) => events.push(e));
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q', arguments: { 'x-expires': 50 } });
    h.publish(ch, 'q', 'a', 'b');
    ch.basicConsume({ queue: 'q' });
    h.clock.advance(500);
    ch.close();
    assert.deepEqual(h.counts('q'), { ready: 2, unacked: 0, consumers: 0 }, 'requeued on close');
    h.clock.advance(50);
    assert.ok(!exists(h, 'q'));
    assert.equal(events.find((e) => e.kind === 'queue-deleted')!.messages, 2);
  });

  it('a consumer cancelled while a basic.get message is unacked: the queue still expires (basic.get is no consumer)', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q', arguments: { 'x-expires': 100 } });
    h.publish(ch, 'q', 'a');
    assert.ok(ch.basicGet({ queue: 'q' }));
    h.clock.advance(100);
    assert.ok(!exists(h, 'q'));
    ch.basicAck({ deliveryTag: 1 }); // the queue is gone: an ack of its message is simply forgotten
    assert.equal(c.rec.channelClosed.length, 0);
  });

  it('policy "expires" applies too; with both, the lower wins; a policy change restarts the lease', () => {
    const h = new Harness();
    const ch = h.client().channel();
    h.broker.setPolicy({ name: 'exp', pattern: '^tmp\\.', applyTo: 'queues', definition: { expires: 300 } });
    ch.queueDeclare({ queue: 'tmp.a' });
    ch.queueDeclare({ queue: 'tmp.b', arguments: { 'x-expires': 100 } });
    ch.queueDeclare({ queue: 'tmp.c', arguments: { 'x-expires': 1000 } });
    ch.queueDeclare({ queue: 'other' });
    h.clock.advance(100);
    assert.deepEqual(
      h.broker
        .snapshot()
        .queues.map((q) => q.name)
        .filter((n) => n !== 'other')
        .sort(),
      ['tmp.a', 'tmp.c'],
    );
    h.clock.advance(200);
    assert.deepEqual(
      h.broker.snapshot().queues.map((q) => q.name),
      ['other'],
    );
    ch.queueDeclare({ queue: 'tmp.d' });
    h.clock.advance(250);
    h.broker.setPolicy({ name: 'exp', pattern: '^tmp\\.', applyTo: 'queues', definition: { expires: 100 } });
    h.clock.advance(99);
    assert.ok(exists(h, 'tmp.d'), 'the lease restarted at the policy change');
    h.clock.advance(1);
    assert.ok(!exists(h, 'tmp.d'));
    h.clock.advance(100_000);
    assert.ok(exists(h, 'other'));
  });

  it('quorum queues expire the same way', () => {
    const h = new Harness();
    const ch = h.client().channel();
    ch.queueDeclare({ queue: 'q', durable: true, arguments: { 'x-queue-type': 'quorum', 'x-expires': 200 } });
    h.publish(ch, 'q', 'a');
    h.clock.advance(150);
    ch.basicGet({ queue: 'q', noAck: true });
    h.clock.advance(199);
    assert.ok(exists(h, 'q'));
    h.clock.advance(1);
    assert.ok(!exists(h, 'q'));
  });

  it('a queue that expired can be declared afresh, with a new lease', () => {
    const h = new Harness();
    const ch = h.client().channel();
    ch.queueDeclare({ queue: 'q', arguments: { 'x-expires': 100 } });
    h.clock.advance(100);
    assert.equal(ch.queueDeclare({ queue: 'q', arguments: { 'x-expires': 100 } }).messageCount, 0);
    h.clock.advance(99);
    assert.ok(exists(h, 'q'));
    h.clock.advance(1);
    assert.ok(!exists(h, 'q'));
  });

  it("x-expires must be a positive integer: RabbitMQ's 406 texts", () => {
    const h = new Harness();
    const c = h.client();
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', arguments: { 'x-expires': 0 } }), bad('x-expires', '{value_zero,0}'));
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', arguments: { 'x-expires': -5 } }), bad('x-expires', '{value_negative,-5}'));
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', arguments: { 'x-expires': 'soon' } }), bad('x-expires', '"expected integer, got longstr"'));
    // no upper bound (RabbitMQ 3.10.8 takes 2^32 ms; the playground's clocks chain timers past setTimeout's limit)
    c.channel().queueDeclare({ queue: 'q', arguments: { 'x-expires': 4294967296 } });
    assert.deepEqual(h.broker.snapshot().queues.find((q) => q.name === 'q')!.arguments, { 'x-expires': 4294967296 });
    h.clock.advance(4294967295);
    assert.ok(exists(h, 'q'));
    h.clock.advance(1);
    assert.ok(!exists(h, 'q'));
  });

  it('lavinmq profile: expires the same way; its own texts for bad values', () => {
    const h = new Harness({ profile: 'lavinmq' });
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q', arguments: { 'x-expires': 100 } });
    h.clock.advance(100);
    assert.ok(!exists(h, 'q'));
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', arguments: { 'x-expires': 0 } }), {
      code: 406,
      text: 'PRECONDITION_FAILED - x-expires header less than minimum value 1',
    });
  });

  it('on the real clock a 30-day x-expires does not fire early (setTimeout caps delays at 2^31-1 ms)', async () => {
    const clock = new RealClock();
    const h = new Harness({ clock });
    const ch = h.client().channel();
    const days30 = 30 * 24 * 3600 * 1000;
    ch.queueDeclare({ queue: 'q', arguments: { 'x-expires': days30 } });
    await new Promise((r) => setTimeout(r, 30));
    assert.ok(exists(h, 'q'));
    clock.advance(days30);
    assert.ok(!exists(h, 'q'));
    h.broker.shutdown();
  });

  it('shutdown stops the lease timers', () => {
    const h = new Harness();
    const ch = h.client().channel();
    ch.queueDeclare({ queue: 'q', durable: true, arguments: { 'x-expires': 100 } });
    h.broker.shutdown();
    h.clock.advance(1000);
    assert.ok(exists(h, 'q'), 'still in what a restart would read');
  });
});
