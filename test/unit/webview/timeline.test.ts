import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TraceEvent } from '../../../src/protocol/trace';
import { Timeline } from '../../../webview/model/timeline';
import { apply, emptyState, readyInOrder, type StepState } from '../../../webview/model/state';

/** A small trace builder that numbers events and messages like the broker does. */
class Trace {
  events: TraceEvent[] = [];
  private seq = 0;
  private tags = new Map<string, number>();
  ev(e: Omit<TraceEvent, 'seq' | 'time'> & { time?: number }): TraceEvent {
    const full = { time: 0, ...e, seq: ++this.seq } as TraceEvent;
    this.events.push(full);
    return full;
  }
  declare(queue: string, queueType: 'classic' | 'quorum' = 'classic'): void {
    this.ev({ kind: 'queue.declare', queue, queueType });
  }
  publish(queue: string, msg: number): void {
    this.ev({ kind: 'publish', publisher: 'P', exchange: '', routingKey: queue, pub: msg });
    this.ev({ kind: 'enqueue', queue, msg, pub: msg, exchange: '' });
  }
  consume(queue: string, consumer: string, channel: string, prefetch: number): void {
    this.ev({ kind: 'consumer.add', queue, consumer, channel, prefetch });
  }
  deliver(queue: string, msg: number, consumer: string, channel: string, redelivered = false, deliveryCount = 1): number {
    const tag = (this.tags.get(channel) ?? 0) + 1;
    this.tags.set(channel, tag);
    this.ev({ kind: 'deliver', queue, msg, consumer, channel, tag, redelivered, deliveryCount });
    return tag;
  }
  ack(queue: string, msg: number, channel: string, tag: number): void {
    this.ev({ kind: 'ack', queue, msg, channel, tag });
  }
  requeue(queue: string, msg: number, reason = 'nack'): void {
    this.ev({ kind: 'requeue', queue, msg, reason, redelivered: true });
  }
}

/** Canonical, comparable form of a state (maps sorted). */
function canon(s: StepState): unknown {
  return {
    applied: s.applied,
    time: s.time,
    totals: s.totals,
    lastError: s.lastError,
    queues: [...s.queues.values()].map((q) => ({
      name: q.name,
      type: q.type,
      ready: readyInOrder(q),
      unacked: [...q.unacked.keys()].sort(),
      counters: q.counters,
      requeued: [...q.requeued.entries()].sort(),
      deleted: q.deleted,
    })),
    consumers: [...s.consumers.values()].map((c) => ({ ...c })),
    unacked: [...s.unacked.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
  };
}

function replay(events: readonly TraceEvent[], n: number): StepState {
  const s = emptyState();
  for (let i = 0; i < n; i++) apply(s, events[i]!);
  return s;
}

describe('stepper time travel (webview/model/timeline)', () => {
  it('rule 10 (classic): a requeued message goes back to its original position, ahead of never-delivered ones', () => {
    const t = new Trace();
    t.declare('q');
    for (let m = 1; m <= 5; m++) t.publish('q', m);
    t.consume('q', 'c1', 'W/1', 0);
    const tags = [1, 2, 3].map((m) => t.deliver('q', m, 'c1', 'W/1'));
    t.ev({ kind: 'nack', queue: 'q', msg: 2, channel: 'W/1', tag: tags[1]!, requeue: true });
    t.requeue('q', 2);
    const tl = new Timeline(4);
    tl.append(t.events);
    const q = tl.stateAt(tl.length).queues.get('q')!;
    assert.deepEqual(readyInOrder(q), [2, 4, 5]);
    assert.equal(q.requeued.get(2), 1, 'm2 is marked as delivered before');
    assert.deepEqual(
      [...q.unacked.values()].map((u) => u.msg),
      [1, 3],
    );
  });

  it('rule 11 (quorum): returned messages are served first, in return order', () => {
    const t = new Trace();
    t.declare('qq', 'quorum');
    for (let m = 1; m <= 4; m++) t.publish('qq', m);
    t.consume('qq', 'c1', 'W/1', 0);
    for (let m = 1; m <= 3; m++) t.deliver('qq', m, 'c1', 'W/1');
    t.requeue('qq', 3);
    t.requeue('qq', 1);
    const tl = new Timeline();
    tl.append(t.events);
    assert.deepEqual(readyInOrder(tl.stateAt(tl.length).queues.get('qq')!), [3, 1, 4]);
  });

  it('rule 17: closing a channel requeues its unacked in original order; prefetch window frees up', () => {
    const t = new Trace();
    t.declare('q');
    for (let m = 1; m <= 6; m++) t.publish('q', m);
    t.consume('q', 'c1', 'W/1', 4);
    const tags = [1, 2, 3, 4].map((m) => t.deliver('q', m, 'c1', 'W/1'));
    const tl = new Timeline();
    tl.append(t.events);
    const before = tl.stateAt(tl.length);
    assert.equal(before.consumers.get('c1')!.unacked, 4, 'prefetch window of 4 is full');
    const t2 = t; // continue the same trace
    t2.ack('q', 2, 'W/1', tags[1]!);
    for (const m of [4, 3, 1]) t2.requeue('q', m, 'channel-closed'); // any order: position is by publish order
    t2.ev({ kind: 'channel.close', channel: 'W/1' });
    const tl2 = new Timeline();
    tl2.append(t2.events);
    const after = tl2.stateAt(tl2.length);
    assert.deepEqual(readyInOrder(after.queues.get('q')!), [1, 3, 4, 5, 6]);
    assert.equal(after.unacked.size, 0);
    assert.equal(after.consumers.get('c1')!.active, false);
    assert.equal(after.totals.acked, 1);
    assert.equal(after.totals.requeued, 3);
  });

  it('an ack without a consumer field is drawn from the consumer that got the delivery', () => {
    const t = new Trace();
    t.declare('q');
    t.publish('q', 1);
    t.consume('q', 'worker-A', 'A/1', 1);
    const tag = t.deliver('q', 1, 'worker-A', 'A/1');
    t.ev({ kind: 'ack', queue: 'q', channel: 'A/1', tag }); // no msg, no consumer: like a raw broker event
    const tl = new Timeline();
    tl.append(t.events);
    const last = tl.store.get(tl.length - 1);
    assert.equal(last.consumer, 'worker-A');
    assert.equal(last.msg, 1);
  });

  it('stepping to any step in any order gives exactly the state of a fresh replay (property)', () => {
    // Random but valid traces: publishes, deliveries from the head, acks, requeues, channel closes.
    const op = fc.constantFrom('publish', 'deliver', 'ack', 'nack', 'close', 'clock');
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 120 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 16 }),
        fc.boolean(),
        (ops, probes, interval, quorum) => {
          const t = new Trace();
          t.declare('q', quorum ? 'quorum' : 'classic');
          t.consume('q', 'c1', 'W/1', 0);
          let nextMsg = 1;
          const ready: number[] = [];
          const returns: number[] = [];
          const unacked: Array<{ msg: number; tag: number; n: number }> = [];
          const count = new Map<number, number>();
          let time = 0;
          for (const o of ops) {
            if (o === 'publish') {
              t.publish('q', nextMsg);
              ready.push(nextMsg++);
            } else if (o === 'deliver' && (returns.length || ready.length)) {
              const m = returns.length ? returns.shift()! : ready.shift()!;
              const n = (count.get(m) ?? 0) + 1;
              count.set(m, n);
              unacked.push({ msg: m, tag: t.deliver('q', m, 'c1', 'W/1', n > 1, n), n });
            } else if (o === 'ack' && unacked.length) {
              const u = unacked.shift()!;
              t.ack('q', u.msg, 'W/1', u.tag);
            } else if ((o === 'nack' || o === 'close') && unacked.length) {
              const us = o === 'close' ? unacked.splice(0) : [unacked.pop()!];
              for (const u of us) {
                t.requeue('q', u.msg, o === 'close' ? 'channel-closed' : 'nack');
                if (quorum) returns.push(u.msg);
                else {
                  ready.push(u.msg);
                  ready.sort((a, b) => a - b);
                }
              }
            } else if (o === 'clock') {
              time += 1000;
              t.ev({ kind: 'clock', ms: 1000, time });
            }
          }
          const tl = new Timeline(interval);
          tl.append(t.events);
          for (const p of probes) {
            const n = p % (tl.length + 1);
            assert.deepEqual(canon(tl.stateAt(n)), canon(replay(t.events, n)));
          }
          // The reducer agrees with the simple model at the end.
          assert.deepEqual(readyInOrder(tl.stateAt(tl.length).queues.get('q')!), [...returns, ...ready]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('stepping back from the end of 100,000 events replays at most one checkpoint interval', () => {
    const t = new Trace();
    t.declare('q');
    t.consume('q', 'c1', 'W/1', 10);
    for (let m = 1; m <= 25_000; m++) {
      t.publish('q', m);
      const tag = t.deliver('q', m, 'c1', 'W/1');
      t.ack('q', m, 'W/1', tag);
    }
    const tl = new Timeline(256);
    tl.append(t.events);
    assert.ok(tl.length >= 100_000);
    assert.ok(tl.checkpointCount >= Math.floor(tl.length / 256) - 1);
    const fresh = replay(t.events, tl.length - 1);
    assert.deepEqual(canon(tl.stateAt(tl.length - 1)), canon(fresh));
    assert.deepEqual(canon(tl.stateAt(12_345)), canon(replay(t.events, 12_345)));
    assert.equal(tl.stateAt(0).applied, 0);
    assert.throws(() => tl.stateAt(tl.length + 1), /out of range/);
  });
});
