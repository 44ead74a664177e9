import { strict as assert } from 'node:assert';
import { Coalescer, type TimerApi } from '../../../src/playground/coalesce';

/** A manual timer: time moves only with tick(). */
function fakeTimers() {
  let now = 0;
  const pending: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const api: TimerApi = {
    set: (fn, ms) => {
      const id = nextId++;
      pending.push({ at: now + ms, fn, id });
      return id;
    },
    clear: (h) => {
      const i = pending.findIndex((p) => p.id === h);
      if (i >= 0) pending.splice(i, 1);
    },
    now: () => now,
  };
  const tick = (ms: number) => {
    const end = now + ms;
    for (;;) {
      pending.sort((a, b) => a.at - b.at);
      const next = pending[0];
      if (!next || next.at > end) break;
      pending.shift();
      now = next.at;
      next.fn();
    }
    now = end;
  };
  return { api, tick };
}

describe('playground/coalesce', () => {
  it('a burst of marks becomes one flush with each changed key once', () => {
    const { api, tick } = fakeTimers();
    const got: (string[] | 'all')[] = [];
    const c = new Coalescer<string>((k) => got.push(k === 'all' ? 'all' : [...k].sort()), 250, 30, api);
    for (let i = 0; i < 20_000; i++) c.mark(i % 2 ? 'a' : 'b');
    tick(29);
    assert.deepEqual(got, []);
    tick(1);
    assert.deepEqual(got, [['a', 'b']]);
  });

  it('sustained load flushes at most once per interval', () => {
    const { api, tick } = fakeTimers();
    let flushes = 0;
    const c = new Coalescer<number>(() => flushes++, 250, 30, api);
    for (let t = 0; t < 10_000; t += 1) {
      c.mark(t % 1000);
      tick(1);
    }
    // 10 s of continuous marks: ~40 flushes (every 250 ms), never more
    assert.ok(flushes <= 41 && flushes >= 38, `flushes ${flushes}`);
  });

  it('markAll wins over individual keys until the flush', () => {
    const { api, tick } = fakeTimers();
    const got: unknown[] = [];
    const c = new Coalescer<string>((k) => got.push(k === 'all' ? 'all' : [...k]), 250, 30, api);
    c.mark('a');
    c.markAll();
    c.mark('b');
    tick(300);
    assert.deepEqual(got, ['all']);
    c.mark('c');
    tick(300);
    assert.deepEqual(got, ['all', ['c']]);
  });

  it('flushNow and dispose', () => {
    const { api, tick } = fakeTimers();
    const got: unknown[] = [];
    const c = new Coalescer<string>((k) => got.push(k === 'all' ? 'all' : [...k]), 250, 30, api);
    c.mark('x');
    c.flushNow();
    assert.deepEqual(got, [['x']]);
    assert.equal(c.pending, false);
    c.mark('y');
    c.dispose();
    tick(1000);
    c.mark('z');
    tick(1000);
    assert.deepEqual(got, [['x']]);
  });
});
