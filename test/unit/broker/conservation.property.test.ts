// Conservation across exchanges, TTL, max-length, delivery limits and dead lettering (fast-check):
// random operations on a fanout to three differently configured queues that dead-letter into a
// bounded DLQ. After every operation each message copy must be in exactly one state, and the
// states must add up to the queues' ready/unacked counters, their ready lists and the event log.
// (The ack rules themselves are checked against a reference model in acks.property.test.ts.)
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Broker, VirtualClock, type BrokerChannel, type BrokerConnection, type BrokerEvent } from '../../../src/broker';
import { AmqpError } from '../../../src/broker';

const LONG = process.env['ACKLAB_LONG'] === '1';
const RUNS = LONG ? 5_000 : 300;
const QUEUES = ['a', 'b', 'c', 'dlq'] as const;

type Op =
  | { k: 'publish'; ttl: number | null; persistent: boolean }
  | { k: 'get'; q: number; noAck: boolean }
  | { k: 'consume'; q: number; noAck: boolean; prefetch: number }
  | { k: 'cancel' }
  | { k: 'settle'; how: 'ack' | 'nack' | 'reject'; requeue: boolean; multiple: boolean; pick: number }
  | { k: 'recover' }
  | { k: 'close' }
  | { k: 'advance'; ms: number }
  | { k: 'purge'; q: number }
  | { k: 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('publish' as const), ttl: fc.option(fc.integer({ min: 0, max: 200 })), persistent: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constant('get' as const), q: fc.nat({ max: 3 }), noAck: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('consume' as const), q: fc.nat({ max: 3 }), noAck: fc.boolean(), prefetch: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'cancel' as const }) },
  {
    weight: 10,
    arbitrary: fc.record({
      k: fc.constant('settle' as const),
      how: fc.constantFrom('ack' as const, 'nack' as const, 'reject' as const),
      requeue: fc.boolean(),
      multiple: fc.boolean(),
      pick: fc.nat({ max: 10 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'recover' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'close' as const }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('advance' as const), ms: fc.constantFrom(10, 60, 200, 61_000) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('purge' as const), q: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'restart' as const }) },
);

const noop = () => {};

class World {
  clock = new VirtualClock();
  broker: Broker;
  conn!: BrokerConnection;
  ch!: BrokerChannel;
  tags: number[] = [];
  consumers: string[] = [];
  events: BrokerEvent[] = [];

  constructor(profile: 'rabbitmq' | 'lavinmq') {
    this.broker = new Broker({ profile, clock: this.clock, eventLogSize: 0, consumerTimeoutMs: 120_000 });
    this.broker.events.subscribe((e) => this.events.push(e));
    this.open();
    const ch = this.ch;
    ch.exchangeDeclare({ exchange: 'fx', type: 'fanout', durable: true });
    const dl = { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' };
    ch.queueDeclare({ queue: 'dlq', durable: true, arguments: { 'x-max-length': 5, 'x-overflow': 'reject-publish' } });
    ch.queueDeclare({ queue: 'a', durable: true, arguments: { ...dl, 'x-max-length': 3 } });
    ch.queueDeclare({ queue: 'b', durable: true, arguments: { ...dl, 'x-message-ttl': 50 } });
    const c: Record<string, string | number> = profile === 'rabbitmq' ? { 'x-queue-type': 'quorum', 'x-delivery-limit': 2 } : { 'x-delivery-limit': 2 };
    ch.queueDeclare({ queue: 'c', durable: true, arguments: { ...dl, ...c } });
    for (const q of ['a', 'b', 'c']) ch.queueBind({ queue: q, exchange: 'fx' });
  }

  open(): void {
    this.conn = this.broker.connect(
      { clientName: 'prop' },
      {
        deliver: (_n, d) => {
          if (!this.consumerNoAck.has(d.consumerTag)) this.tags.push(d.deliveryTag);
        },
        basicReturn: noop,
        confirm: noop,
        consumerCancelled: noop,
        channelClosedByServer: noop,
        connectionClosedByServer: noop,
      },
    );
    this.newChannel();
  }

  private nextCh = 1;
  consumerNoAck = new Set<string>();

  newChannel(): void {
    this.ch = this.conn.openChannel(this.nextCh++);
    this.tags = [];
    this.consumers = [];
  }

  apply(op: Op): void {
    if (!this.ch.isOpen) this.newChannel();
    try {
      switch (op.k) {
        case 'publish':
          this.ch.basicPublish(
            { exchange: 'fx' },
            { deliveryMode: op.persistent ? 2 : 1, ...(op.ttl === null ? {} : { expiration: String(op.ttl) }) },
            new Uint8Array(8),
          );
          break;
        case 'get': {
          const g = this.ch.basicGet({ queue: QUEUES[op.q]!, noAck: op.noAck });
          if (g && !op.noAck) this.tags.push(g.deliveryTag);
          break;
        }
        case 'consume': {
          this.ch.basicQos({ prefetchCount: op.prefetch });
          const tag = `k${this.events.length}`;
          if (op.noAck) this.consumerNoAck.add(tag);
          this.ch.basicConsume({ queue: QUEUES[op.q]!, consumerTag: tag, noAck: op.noAck });
          this.consumers.push(tag);
          break;
        }
        case 'cancel': {
          const t = this.consumers.shift();
          if (t) this.ch.basicCancel({ consumerTag: t });
          break;
        }
        case 'settle': {
          if (this.tags.length === 0) break;
          const i = op.pick % this.tags.length;
          const tag = this.tags[i]!;
          this.tags = op.multiple && op.how !== 'reject' ? this.tags.filter((t) => t > tag) : this.tags.filter((t) => t !== tag);
          if (op.how === 'ack') this.ch.basicAck({ deliveryTag: tag, multiple: op.multiple });
          else if (op.how === 'nack') this.ch.basicNack({ deliveryTag: tag, multiple: op.multiple, requeue: op.requeue });
          else this.ch.basicReject({ deliveryTag: tag, requeue: op.requeue });
          break;
        }
        case 'recover':
          this.tags = [];
          this.ch.basicRecover({ requeue: true });
          break;
        case 'close':
          this.ch.close();
          break;
        case 'advance':
          this.clock.advance(op.ms);
          break;
        case 'purge':
          this.ch.queuePurge({ queue: QUEUES[op.q]! });
          break;
        case 'restart': {
          const state = JSON.parse(JSON.stringify(this.broker.durableState()));
          this.broker.shutdown();
          this.broker = Broker.restore(state, { clock: this.clock, eventLogSize: 0, consumerTimeoutMs: 120_000 });
          this.events = [];
          this.broker.events.subscribe((e) => this.events.push(e));
          this.consumerNoAck.clear();
          this.open();
          break;
        }
      }
    } catch (e) {
      // only AMQP errors are expected (e.g. a requeue=false recover is never generated; a tag settled by multiple)
      if (!(e instanceof AmqpError)) throw e;
      this.tags = [];
      this.consumers = [];
    }
  }

  check(): void {
    const b = this.broker;
    const snap = b.snapshot();
    const ready = new Map<string, number[]>(),
      unacked = new Map<string, number>();
    let live = 0;
    for (let id = 1; id <= b.messageCount; id++) {
      const s = b.messageState(id);
      assert.ok(s, `message ${id} has a state`);
      if (s.state === 'ready') {
        (ready.get(s.queue) ?? ready.set(s.queue, []).get(s.queue)!).push(id);
        live++;
      }
      if (s.state === 'unacked') {
        unacked.set(s.queue, (unacked.get(s.queue) ?? 0) + 1);
        live++;
      }
    }
    let counted = 0;
    for (const q of snap.queues) {
      const d = b.queueDetail(q.vhost, q.name)!;
      assert.equal(q.ready, d.readyMessages.length, `${q.name}: ready counter = ready list`);
      assert.deepEqual(
        d.readyMessages.map((r) => r.messageId).sort((x, y) => x - y),
        (ready.get(q.name) ?? []).sort((x, y) => x - y),
        `${q.name}: ready states = ready list`,
      );
      assert.equal(q.unacked, unacked.get(q.name) ?? 0, `${q.name}: unacked counter = unacked states`);
      assert.equal(q.unacked, d.unackedMessages.length, `${q.name}: unacked counter = unacked entries`);
      assert.ok(q.name !== 'a' || q.ready <= 3, 'max-length 3');
      assert.ok(q.name !== 'dlq' || q.ready <= 5, 'max-length 5');
      counted += q.ready + q.unacked;
    }
    assert.equal(counted, live, 'nothing ready/unacked outside a queue');
    // each new copy made since the last restart is announced once: enqueued, or refused by reject-publish
    const made = this.events.filter((e) => e.kind === 'enqueued' || e.kind === 'publish-rejected').map((e) => e.messageId);
    assert.equal(new Set(made).size, made.length, 'no copy announced twice');
  }
}

describe('broker conservation across exchanges, TTL, max-length, delivery limits, DLX and restarts (fast-check)', function () {
  this.timeout(LONG ? 3_600_000 : 120_000);
  for (const profile of ['rabbitmq', 'lavinmq'] as const) {
    it(`${profile}: ${RUNS} sequences × 60 ops keep every copy in exactly one state`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
          const w = new World(profile);
          for (const op of ops) {
            w.apply(op);
            w.check();
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});
