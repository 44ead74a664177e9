import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TRACE_KINDS, type TraceEvent } from '../../../src/protocol/trace';
import { EventStore } from '../../../webview/model/store';
import { eventLabel, formatMs } from '../../../src/protocol/labels';
import { ROW_HEIGHT, rowShape, scrollToReveal, visibleRows } from '../../../webview/model/layout';
import { escapeXml, exportMermaid, exportSvg } from '../../../webview/model/export';
import { formatBody, formatTable } from '../../../webview/format';
import { Timeline } from '../../../webview/model/timeline';

const HOSTILE = '<img src=x onerror=alert(1)>';

function demo(): Timeline {
  const tl = new Timeline();
  let seq = 0;
  const ev = (e: Omit<TraceEvent, 'seq' | 'time'>): TraceEvent => ({ seq: ++seq, time: 0, ...e }) as TraceEvent;
  tl.append(
    [
      ev({ kind: 'consumer.add', queue: 'task_queue', consumer: 'worker-A', channel: 'A/1', prefetch: 1 }), // consumer lane first
      ev({ kind: 'queue.declare', queue: 'task_queue', queueType: 'classic' }),
      ev({ kind: 'publish', publisher: 'producer', exchange: '', routingKey: HOSTILE, pub: 1 }),
      ev({ kind: 'enqueue', queue: 'task_queue', msg: 1, pub: 1, exchange: '' }),
      ev({ kind: 'deliver', queue: 'task_queue', msg: 1, consumer: 'worker-A', channel: 'A/1', tag: 1, redelivered: false, deliveryCount: 1 }),
      ev({ kind: 'channel.close', channel: 'A/1', text: 'worker crashed' }),
      ev({ kind: 'requeue', queue: 'task_queue', msg: 1, reason: 'channel-closed' }),
      ev({ kind: 'deliver', queue: 'task_queue', msg: 1, consumer: 'worker-B', channel: 'B/1', tag: 1, redelivered: true, deliveryCount: 2 }),
      ev({ kind: 'ack', queue: 'task_queue', channel: 'B/1', tag: 1 }),
    ],
    [{ id: 1, body: HOSTILE }],
  );
  return tl;
}

describe('stepper diagram layout and export (webview/model)', () => {
  it('lanes are grouped publishers, exchanges, queues, consumers whatever order they appear in', () => {
    const tl = demo();
    assert.deepEqual(
      tl.lanes.list.map((l) => `${l.kind}:${l.label}`),
      ['publisher:producer', 'exchange:(default)', 'queue:task_queue', 'consumer:worker-A', 'consumer:worker-B'],
    );
    assert.deepEqual(
      tl.lanes.list.map((l) => l.index),
      [0, 1, 2, 3, 4],
    );
  });

  it('each event is an arrow between the right lanes, a mark, or a note', () => {
    const tl = demo();
    const shape = (i: number) => rowShape(tl.store.get(i), tl.lanes);
    assert.deepEqual(shape(2), { shape: 'arrow', from: 0, to: 1, label: `publish '${HOSTILE.slice(0, 23)}…' p1`, style: 'plain' });
    assert.equal((shape(4) as { from: number }).from, 2, 'deliver goes from the queue…');
    assert.equal((shape(4) as { to: number }).to, 3, '…to worker-A');
    assert.equal(shape(5).shape, 'note', 'channel close spans the diagram');
    assert.deepEqual(shape(7), { shape: 'arrow', from: 2, to: 4, label: 'deliver tag 1 m1 redelivered (delivery 2)', style: 'redeliver' });
    assert.deepEqual(shape(8), { shape: 'arrow', from: 4, to: 2, label: 'ack tag 1 m1', style: 'ok' }, 'ack drawn from worker-B back to the queue');
    assert.equal(shape(6).shape, 'mark');
  });

  it('only the rows in the viewport (plus overscan) are rendered', () => {
    assert.deepEqual(visibleRows(0, 260, 100_000, 0), { first: 0, last: 10 });
    assert.deepEqual(visibleRows(ROW_HEIGHT * 50_000, 260, 100_000, 5), { first: 49_995, last: 50_015 });
    assert.deepEqual(visibleRows(ROW_HEIGHT * 99_999, 260, 100_000, 5), { first: 99_994, last: 100_000 });
    assert.equal(scrollToReveal(3, 0, 260), undefined, 'visible row: no scroll');
    assert.equal(scrollToReveal(1000, 0, 260), 1000 * ROW_HEIGHT - 130, 'a far row is centred');
    // Stepping past the bottom edge scrolls just enough to keep 3 rows of context below the selection.
    const vh = 10 * ROW_HEIGHT;
    assert.equal(scrollToReveal(6, 0, vh), undefined, 'row 6 of 0..9 keeps 3 rows below it');
    assert.equal(scrollToReveal(7, 0, vh), ROW_HEIGHT, 'row 7 scrolls by one row');
    assert.equal(scrollToReveal(8, ROW_HEIGHT, vh), 2 * ROW_HEIGHT, 'and the next step by one more');
    // Stepping back past the top edge likewise.
    assert.equal(scrollToReveal(52, 50 * ROW_HEIGHT, vh), 49 * ROW_HEIGHT, 'row 52 with top 50 scrolls up by one');
    assert.equal(scrollToReveal(0, 0, vh), undefined, 'row 0 at the top cannot scroll further');
    // Consecutive steps through 1,000 rows never leave the selection outside the viewport, and scroll ≤ 1 row each.
    let top = 0;
    for (let i = 0; i < 1000; i++) {
      const next = scrollToReveal(i, top, vh);
      if (next !== undefined) {
        assert.ok(Math.abs(next - top) <= ROW_HEIGHT, `step ${i} scrolled ${next - top}px`);
        top = next;
      }
      assert.ok(i * ROW_HEIGHT >= top && (i + 1) * ROW_HEIGHT <= top + vh, `row ${i} visible`);
    }
  });

  it('SVG export escapes untrusted labels and is a complete document', () => {
    const tl = demo();
    const svg = exportSvg(tl.store, tl.lanes);
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(svg.trimEnd().endsWith('</svg>'));
    assert.ok(!svg.includes('<img'), 'no raw markup from a routing key');
    assert.ok(svg.includes('&lt;img src=x onerror=aler'));
    assert.equal((svg.match(/<g>/g) ?? []).length, tl.length, 'one group per event');
    assert.equal(escapeXml('a&b<"\'>\u0001'), 'a&amp;b&lt;&quot;&#39;&gt;\ufffd');
  });

  it('Mermaid export is a sequence diagram with one line per event and escaped labels', () => {
    const tl = demo();
    const mmd = exportMermaid(tl.store, tl.lanes);
    const lines = mmd.trimEnd().split('\n');
    assert.equal(lines[0], 'sequenceDiagram');
    assert.equal(lines.filter((l) => /^\s+(actor|participant) /.test(l)).length, 5);
    assert.equal(lines.length, 1 + 5 + tl.length);
    assert.ok(lines.includes('    L2->>L4: deliver tag 1 m1 redelivered (delivery 2) (#35;8)'));
    assert.ok(lines.includes('    L4->>L2: ack tag 1 m1 (#35;9)'));
    assert.ok(!mmd.includes('<img'), 'angle brackets are entity codes');
    assert.match(mmd, /#60;img src=x onerror=aler/);
  });

  it('message bodies: JSON is pretty-printed, anything else is kept verbatim as text', () => {
    assert.deepEqual(formatBody({ body: '{"a":1,"b":[2]}' }), { text: '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}', kind: 'json' });
    assert.deepEqual(formatBody({ body: HOSTILE }), { text: HOSTILE, kind: 'text' });
    assert.deepEqual(formatBody({ body: '{not json' }), { text: '{not json', kind: 'text' });
    assert.equal(formatBody({ body: 'AAE=', binary: true }).kind, 'binary');
    assert.equal(formatTable({ 'x-delivery-count': { $type: 'l', value: 3 } }), '{\n  "x-delivery-count": "3 (l)"\n}');
  });

  it('event store: every event reads back exactly as it was pushed (property)', () => {
    const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const event = fc.record(
      {
        seq: fc.nat(),
        time: fc.nat(),
        kind: fc.constantFrom(...TRACE_KINDS),
        queue: opt(fc.string()),
        channel: opt(fc.string()),
        consumer: opt(fc.string()),
        msg: opt(fc.nat({ max: 2 ** 31 - 1 })),
        tag: opt(fc.nat()),
        redelivered: opt(fc.boolean()),
        multiple: opt(fc.constant(true)),
        requeue: opt(fc.constant(true)),
        deliveryCount: opt(fc.nat({ max: 1000 })),
        queueType: opt(fc.constantFrom('classic' as const, 'quorum' as const)),
        reason: opt(fc.string()),
      },
      { requiredKeys: ['seq', 'time', 'kind'] },
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 50 }), (events) => {
        const store = new EventStore(16);
        for (const e of events) store.push(e as TraceEvent);
        events.forEach((e, i) => {
          const got = store.get(i) as unknown as Record<string, unknown>;
          for (const [k, v] of Object.entries(e)) {
            if (v === undefined || v === false) continue;
            assert.deepEqual(got[k], v, `field ${k} of ${JSON.stringify(e)}`);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it("times: a scenario's virtual clock in ms/s/min, a live broker's wall clock as the local time of day", () => {
    assert.equal(formatMs(0), '0 ms');
    assert.equal(formatMs(1500), '1500 ms');
    assert.equal(formatMs(2000), '2 s');
    assert.equal(formatMs(1_800_000), '30 min');
    const wall = new Date(2026, 10, 22, 7, 5, 9, 42).getTime();
    assert.equal(formatMs(wall), '07:05:09.042');
  });

  it('event store: message bodies are bounded; the oldest are dropped first, re-sent ones are not counted twice', () => {
    const store = new EventStore();
    store.messageBudget = 10_000;
    const body = 'x'.repeat(1000);
    for (let id = 1; id <= 30; id++) store.addMessage({ id, body });
    assert.equal(store.message(1), undefined, 'oldest dropped');
    assert.equal(store.message(30)?.body, body, 'newest kept');
    const kept = Array.from({ length: 30 }, (_, i) => i + 1).filter((id) => store.message(id));
    assert.ok(kept.length >= 8 && kept.length <= 10, `about 10 kB of bodies kept (${kept.length})`);
    assert.deepEqual(
      kept,
      kept.map((_, i) => 30 - kept.length + 1 + i),
      'a contiguous run of the newest',
    );
    for (let k = 0; k < 100; k++) store.addMessage({ id: 30, body }); // the same message again and again
    assert.ok(store.message(30 - kept.length + 1), 'replacing a message does not evict others');
  });

  it('event store: under 100 bytes per event beyond payloads for 100,000 events', () => {
    const store = new EventStore();
    for (let i = 0; i < 100_000; i++) {
      store.push({
        seq: i + 1,
        time: i,
        kind: 'deliver',
        queue: 'task_queue',
        msg: i,
        channel: `W${i % 4}/1`,
        consumer: `worker-${i % 4}`,
        tag: i,
        redelivered: false,
        deliveryCount: 1,
      });
    }
    const perEvent = store.byteSize() / store.length;
    assert.ok(perEvent < 100, `${perEvent.toFixed(1)} bytes/event`);
    assert.equal(eventLabel(store.get(99_999)), 'deliver tag 99999 m99999');
    assert.equal(store.indexOfSeq(50_000), 49_999);
  });
});
