// The words the stepper, its exports, `acklab scenario` and the trees use for deliveries, times and
// consumer tags (src/protocol/labels.ts).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { eventLabel, eventTime, shortConsumerTag, timeNote } from '../../../src/protocol/labels';
import type { TraceEvent } from '../../../src/protocol/trace';

const deliver = (x: Partial<TraceEvent>): TraceEvent => ({ seq: 1, time: 0, kind: 'deliver', tag: 2, msg: 1, ...x }) as TraceEvent;

describe('labels (src/protocol/labels.ts)', () => {
  it("a redelivery says which delivery it is, in RabbitMQ's words", () => {
    assert.equal(eventLabel(deliver({ redelivered: true, deliveryCount: 2 })), 'deliver tag 2 m1 redelivered (delivery 2)');
    assert.equal(eventLabel(deliver({ redelivered: true, deliveryCount: 5 })), 'deliver tag 2 m1 redelivered (delivery 5)');
    assert.equal(eventLabel(deliver({ redelivered: true })), 'deliver tag 2 m1 redelivered');
    assert.equal(eventLabel(deliver({ deliveryCount: 1 })), 'deliver tag 2 m1');
    assert.doesNotMatch(eventLabel(deliver({ redelivered: true, deliveryCount: 2 })), /×/);
  });
  it('virtual time shows only when the clock moved; a live broker shows the time of day', () => {
    assert.equal(timeNote(0, undefined), undefined);
    assert.equal(timeNote(0, 0), undefined);
    assert.equal(timeNote(1_800_000, 0), '+30 min');
    assert.equal(timeNote(1_801_500, 1_800_000), '+1500 ms');
    assert.equal(timeNote(1_800_000, 1_800_000), undefined);
    const wall = new Date(2026, 11, 4, 7, 5, 9, 42).getTime();
    assert.equal(timeNote(wall, wall), '07:05:09.042');
    assert.equal(eventTime(0), undefined);
    assert.equal(eventTime(60_000), '1 min');
    assert.equal(eventTime(wall), '07:05:09.042');
  });
  it('consecutive steps at one instant never show a time; any advance shows as +Δ', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 4 * 3_600_000 }), { minLength: 1, maxLength: 30 }), (deltas) => {
        let t = 0;
        let prev: number | undefined;
        for (const d of deltas) {
          t += d;
          const note = timeNote(t, prev);
          if (prev === undefined || d === 0) assert.equal(note, undefined);
          else assert.match(note!, /^\+\d+ (ms|s|min)$/);
          prev = t;
        }
      }),
    );
  });
  it('long consumer tags are shortened (the full tag goes in a tooltip); short ones stay', () => {
    assert.equal(shortConsumerTag('worker-B'), 'worker-B');
    const generated = 'amq.ctag-CblzSNqG7xv2-aF3kXmPQg';
    const s = shortConsumerTag(generated);
    assert.equal(s, 'amq.ctag-CblzSNqG…');
    assert.ok(s.length <= 18 && generated.startsWith(s.slice(0, -1)));
    assert.equal(eventLabel({ seq: 1, time: 0, kind: 'consumer.cancel', consumer: generated } as TraceEvent), 'basic.cancel amq.ctag-CblzSNqG…');
  });
});
