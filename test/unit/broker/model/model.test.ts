// Sanity tests of the reference model itself, against the examples docs/semantics.md gives
// (the [probed] ones were observed on a real RabbitMQ). If the model is wrong here, the
// property test would be comparing the broker with a wrong oracle.
import { strict as assert } from 'node:assert';
import { Model, ModelFailure } from './model';
import type { ModelConfig, ModelError } from './model';

const classic: ModelConfig = { profile: 'rabbitmq', type: 'classic', dlx: false };

function model(cfg: Partial<ModelConfig> = {}): Model {
  const m = new Model({ ...classic, ...cfg });
  m.openChannel(0, 1);
  return m;
}
const readyOf = (m: Model, q: 'q' | 'dlq' = 'q'): string[] =>
  m
    .view()
    .queues.find((x) => x.name === q)!
    .ready.map((r) => r.copy + (r.redelivered ? '*' : ''));
function failure(fn: () => void): ModelError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ModelFailure) return e.error;
    throw e;
  }
  assert.fail('expected a channel/connection error');
}
const publish = (m: Model, n: number): void => {
  for (let i = 0; i < n; i++) m.publish(0, 1);
};

describe('reference model (sanity, docs/semantics.md examples)', () => {
  it('rule 1, 2, 32: get-ok tags 1,2,3 and message_count 4,3,2; get-empty takes no tag', () => {
    const m = model();
    publish(m, 5);
    const gets = [1, 2, 3].map(() => m.get(0, 1, 'q', false)!);
    assert.deepEqual(
      gets.map((g) => [g.tag, g.messageCount]),
      [
        [1, 4],
        [2, 3],
        [3, 2],
      ],
    );
    const m2 = model();
    assert.equal(m2.get(0, 1, 'q', false), null);
    m2.publish(0, 1);
    assert.equal(m2.get(0, 1, 'q', true)!.tag, 1);
  });

  it('rule 5: ack(5, multiple) settles 2..5; ack(5) alone leaves 2,3,4', () => {
    for (const multiple of [true, false]) {
      const m = model();
      publish(m, 5);
      for (let i = 0; i < 5; i++) m.get(0, 1, 'q', false);
      m.ack(0, 1, 1, false);
      m.ack(0, 1, 5, multiple);
      assert.deepEqual(m.outstandingTags(0, 1), multiple ? [] : [2, 3, 4]);
    }
  });

  it('rule 6: ack(0, multiple) settles everything and is a no-op when nothing is outstanding; [LavinMQ] nack(0, multiple) then is unknown tag 0', () => {
    const m = model();
    m.ack(0, 1, 0, true);
    publish(m, 2);
    m.get(0, 1, 'q', false);
    m.get(0, 1, 'q', false);
    m.ack(0, 1, 0, true);
    assert.deepEqual(m.outstandingTags(0, 1), []);
    const l = model({ profile: 'lavinmq' });
    l.ack(0, 1, 0, true);
    assert.deepEqual(
      failure(() => l.nack(0, 1, 0, true, true)),
      { scope: 'channel', code: 406, text: 'PRECONDITION_FAILED - unknown delivery tag 0', classId: 60, methodId: 120 },
    );
  });

  it('rule 7: double ack is 406 unknown delivery tag, settles nothing, closes the channel and requeues its unacked', () => {
    const m = model();
    publish(m, 3);
    m.get(0, 1, 'q', false);
    m.get(0, 1, 'q', false);
    m.ack(0, 1, 1, false);
    assert.deepEqual(
      failure(() => m.ack(0, 1, 1, false)),
      { scope: 'channel', code: 406, text: 'PRECONDITION_FAILED - unknown delivery tag 1', classId: 60, methodId: 80 },
    );
    assert.equal(m.channel(0, 1), undefined);
    assert.deepEqual(readyOf(m), ['q:2*', 'q:3']);
    const r = model();
    assert.equal(failure(() => r.reject(0, 1, 0, true)).methodId, 90);
    const z = model();
    assert.equal(failure(() => z.ack(0, 1, 0, false)).text, 'PRECONDITION_FAILED - unknown delivery tag 0');
  });

  it('rule 7, 31: acking an auto-ack delivery is an unknown tag', () => {
    const m = model();
    m.consume(0, 1, 'c', true);
    m.publish(0, 1);
    assert.deepEqual(
      m.drain().map((s) => s.k === 'deliver' && s.tag),
      [1],
    );
    assert.equal(failure(() => m.ack(0, 1, 1, false)).code, 406);
    assert.deepEqual(
      m.allCopies().map((c) => c.state),
      ['acked'],
    );
  });

  it('rule 9: requeue=false dead-letters (rejected) with a DLX, drops without', () => {
    const m = model({ dlx: true });
    publish(m, 1);
    m.get(0, 1, 'q', false);
    m.reject(0, 1, 1, false);
    assert.deepEqual(m.allCopies(), [
      { key: 'q:1', state: 'dead-lettered', reason: 'rejected' },
      { key: 'dlq:1', state: 'ready', reason: '' },
    ]);
    const d = model();
    publish(d, 1);
    d.get(0, 1, 'q', false);
    d.nack(0, 1, 1, false, false);
    assert.deepEqual(d.allCopies(), [{ key: 'q:1', state: 'dropped', reason: 'rejected' }]);
  });

  it('rule 10 [probed]: 1..5 published, 1,2,3 fetched, nack(2) requeue → next order 2*,4,5', () => {
    const m = model();
    publish(m, 5);
    for (let i = 0; i < 3; i++) m.get(0, 1, 'q', false);
    m.nack(0, 1, 2, false, true);
    assert.deepEqual(readyOf(m), ['q:2*', 'q:4', 'q:5']);
  });

  it('rule 11: QQ redelivers returns in return order (m3, m1); CQ in publish order (m1, m3)', () => {
    for (const type of ['quorum', 'classic'] as const) {
      const m = model({ type });
      publish(m, 3);
      for (let i = 0; i < 3; i++) m.get(0, 1, 'q', false);
      m.nack(0, 1, 3, false, true);
      m.nack(0, 1, 1, false, true);
      assert.deepEqual(readyOf(m), type === 'quorum' ? ['q:3*', 'q:1*'] : ['q:1*', 'q:3*']);
    }
  });

  it('rule 12, 14: QQ x-delivery-count absent first, then 1, 2; limit 2 ⇒ 3 deliveries, then dead-lettered delivery_limit', () => {
    const m = model({ type: 'quorum', deliveryLimit: 2, dlx: true });
    m.publish(0, 1);
    const seen: (number | undefined)[] = [];
    const redelivered: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const g = m.get(0, 1, 'q', false)!;
      seen.push(g.deliveryCount);
      redelivered.push(g.redelivered);
      m.nack(0, 1, g.tag, false, true);
    }
    assert.deepEqual(seen, [undefined, 1, 2]);
    assert.deepEqual(redelivered, [false, true, true]);
    assert.equal(m.get(0, 1, 'q', false), null);
    assert.deepEqual(
      m.allCopies().map((c) => [c.key, c.state, c.reason]),
      [
        ['q:1', 'dead-lettered', 'delivery_limit'],
        ['dlq:1', 'ready', ''],
      ],
    );
  });

  it('rule 14: the default QQ limit is 20 (21 deliveries); negative = unlimited', () => {
    for (const [limit, deliveries] of [
      [undefined, 21],
      [-1, 30],
    ] as const) {
      const m = model({ type: 'quorum', ...(limit !== undefined ? { deliveryLimit: limit } : {}) });
      m.publish(0, 1);
      let n = 0;
      for (let g = m.get(0, 1, 'q', false); g && n < 30; g = m.get(0, 1, 'q', false)) {
        n++;
        m.nack(0, 1, g.tag, false, true);
      }
      assert.equal(n, deliveries);
    }
  });

  it('rule 17 [probed]: 1..6, fetched 1..4, acked 2, channel closed → 1*,3*,4*,5,6', () => {
    const m = model();
    publish(m, 6);
    for (let i = 0; i < 4; i++) m.get(0, 1, 'q', false);
    m.ack(0, 1, 2, false);
    m.closeChannel(0, 1);
    assert.deepEqual(readyOf(m), ['q:1*', 'q:3*', 'q:4*', 'q:5', 'q:6']);
  });

  it("rule 17: closing a connection requeues each channel's unacked once, not onto its other channels", () => {
    const m = model();
    m.openChannel(0, 2);
    m.consume(0, 1, 'a', false);
    m.consume(0, 2, 'b', true);
    m.publish(0, 1);
    m.closeConnection(0);
    assert.deepEqual(
      m
        .drain()
        .filter((s) => s.k === 'deliver')
        .map((s) => s.k === 'deliver' && s.consumerTag),
      ['a'],
    );
    assert.deepEqual(readyOf(m), ['q:1*']);
  });

  it('rule 18: cancel leaves the unacked outstanding and settleable; an unknown tag still answers', () => {
    const m = model();
    m.consume(0, 1, 'c', false);
    publish(m, 2);
    assert.equal(m.cancel(0, 1, 'c'), 'c');
    assert.equal(m.cancel(0, 1, 'nope'), 'nope');
    assert.deepEqual(m.outstandingTags(0, 1), [1, 2]);
    m.publish(0, 1);
    assert.deepEqual(readyOf(m), ['q:3']);
    m.ack(0, 1, 2, true);
    assert.deepEqual(m.outstandingTags(0, 1), []);
  });

  it('rule 19: recover(requeue) requeues get and consumer deliveries; requeue=false is connection error 540', () => {
    const m = model();
    publish(m, 2);
    m.get(0, 1, 'q', false);
    m.consume(0, 1, 'c', false);
    m.drain();
    m.recover(0, 1, true);
    // both back, then redelivered to the consumer (still there) with new tags
    assert.deepEqual(
      m.drain().map((s) => s.k === 'deliver' && [s.tag, s.copy, s.redelivered]),
      [
        [3, 'q:1', true],
        [4, 'q:2', true],
      ],
    );
    assert.deepEqual(
      failure(() => m.recover(0, 1, false)),
      { scope: 'connection', code: 540, text: 'NOT_IMPLEMENTED - requeue=false', classId: 60, methodId: 110 },
    );
    assert.equal(m.channel(0, 1), undefined);
  });

  it('rule 20, 24: prefetch is taken at consume (rabbitmq); [LavinMQ] qos changes existing consumers', () => {
    for (const profile of ['rabbitmq', 'lavinmq'] as const) {
      const m = model({ profile });
      m.qos(0, 1, 1);
      m.consume(0, 1, 'c', false);
      publish(m, 3);
      m.qos(0, 1, 2);
      m.publish(0, 1);
      assert.deepEqual(m.outstandingTags(0, 1), profile === 'rabbitmq' ? [1] : [1, 2]);
      m.get(0, 1, 'q', false); // basic.get never counts towards the prefetch
      m.ack(0, 1, 1, false);
      assert.equal(m.outstandingTags(0, 1).length, profile === 'rabbitmq' ? 2 : 3);
    }
  });

  it('rule 25: round-robin among consumers with room; a consumer without room rejoins at the tail (RabbitMQ order)', () => {
    const m = model();
    m.openChannel(0, 2);
    m.qos(0, 1, 2);
    m.consume(0, 1, 'a', false);
    publish(m, 3); // a, a, then a is full: set aside
    m.consume(0, 2, 'b', false); // b gets the third
    m.ack(0, 1, 1, false); // a has room: rejoins after b
    m.publish(0, 1);
    assert.deepEqual(
      m.drain().map((s) => s.k === 'deliver' && s.consumerTag),
      ['a', 'a', 'b', 'b'],
    );
    // several consumers getting room in one ack rejoin in the order they were set aside (F2c)
    const u = model();
    u.qos(0, 1, 2);
    u.consume(0, 1, 'b', false);
    u.qos(0, 1, 1);
    u.consume(0, 1, 'a', false);
    publish(u, 4); // b, a, b; then a and b are full: set aside a first, then b
    u.ack(0, 1, 0, true);
    assert.deepEqual(
      u.drain().map((s) => s.k === 'deliver' && s.consumerTag),
      ['b', 'a', 'b', 'a'],
    );
  });

  it('rule 26: the consumer timeout fires on the first channel tick more than 30 minutes after the oldest delivery', () => {
    const m = model();
    m.publish(0, 1);
    m.get(0, 1, 'q', false);
    m.advance(1_800_000);
    assert.deepEqual(m.drain(), []); // tick at exactly 30 min: not yet (strictly older is needed)
    m.advance(59_999);
    assert.deepEqual(m.drain(), []);
    m.advance(1);
    assert.deepEqual(m.drain(), [
      {
        k: 'channel-closed',
        conn: 0,
        channel: 1,
        error: {
          scope: 'channel',
          code: 406,
          text: 'PRECONDITION_FAILED - delivery acknowledgement on channel 1 timed out. Timeout value used: 1800000 ms. This timeout value can be configured, see consumers doc guide to learn more',
          classId: 0,
          methodId: 0,
        },
      },
    ]);
    assert.deepEqual(readyOf(m), ['q:1*']);
    const l = model({ profile: 'lavinmq' });
    l.publish(0, 1);
    l.get(0, 1, 'q', false);
    l.advance(10 * 1_800_000);
    assert.deepEqual(l.drain(), []);
  });

  it('rule 13, 30: TTL expires at the head; a requeued message past its TTL expires at once', () => {
    const m = model({ ttl: 5_000, dlx: true });
    publish(m, 2);
    m.get(0, 1, 'q', false);
    m.advance(4_999);
    assert.deepEqual(readyOf(m), ['q:2']);
    m.advance(1);
    assert.deepEqual(readyOf(m), []);
    m.nack(0, 1, 1, false, true);
    assert.deepEqual(
      m.allCopies().map((c) => [c.key, c.state, c.reason]),
      [
        ['q:1', 'dead-lettered', 'expired'],
        ['q:2', 'dead-lettered', 'expired'],
        ['dlq:2', 'ready', ''],
        ['dlq:1', 'ready', ''],
      ],
    );
  });
});
