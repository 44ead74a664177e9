// Time sources. The broker reads time only through a Clock, so tests and the stepper can use
// virtual time (deterministic) and a learner can fast-forward the 30-minute consumer timeout.
/** Something to stop (a subscription). */
export interface Disposable {
  dispose(): void;
}

export type TimerId = number;

export interface Clock {
  /** Milliseconds (epoch-based for RealClock, starts at 0 for VirtualClock by default). */
  now(): number;
  /** Calls fn once after delayMs (≥ 0). */
  setTimer(delayMs: number, fn: () => void): TimerId;
  clearTimer(id: TimerId): void;
  /** Optional: told before the clock jumps forward (the broker logs 'clock-advanced'). */
  onAdvance?(listener: (fromMs: number, toMs: number) => void): Disposable;
}

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** Binary min-heap of timers by (at, id): deterministic order for equal times. */
class TimerHeap {
  private readonly h: Timer[] = [];
  get size(): number {
    return this.h.length;
  }
  peek(): Timer | undefined {
    return this.h[0];
  }
  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.id < b.id);
  }
  push(t: Timer): void {
    const h = this.h;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): Timer | undefined {
    const h = this.h;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

class Listeners {
  private readonly fns = new Set<(from: number, to: number) => void>();
  add(fn: (from: number, to: number) => void): Disposable {
    this.fns.add(fn);
    return {
      dispose: () => {
        this.fns.delete(fn);
      },
    };
  }
  emit(from: number, to: number): void {
    for (const fn of this.fns) fn(from, to);
  }
}

/** Virtual time. Nothing happens until advance(ms), which fires due timers in time order. */
export class VirtualClock implements Clock {
  private t: number;
  private nextId = 1;
  private readonly heap = new TimerHeap();
  private readonly live = new Set<number>();
  private readonly listeners = new Listeners();

  constructor(startMs = 0) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  setTimer(delayMs: number, fn: () => void): TimerId {
    const id = this.nextId++;
    this.heap.push({ id, at: this.t + Math.max(0, delayMs), fn });
    this.live.add(id);
    return id;
  }

  clearTimer(id: TimerId): void {
    this.live.delete(id);
  }

  onAdvance(listener: (fromMs: number, toMs: number) => void): Disposable {
    return this.listeners.add(listener);
  }

  /** Moves time forward by ms, firing every timer due on the way (also ones those timers set). */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
    const target = this.t + ms;
    this.listeners.emit(this.t, target);
    this.runUntil(target);
    this.t = target;
  }

  /** Fires timers already due at the current time (delay 0) without moving time. */
  runDue(): void {
    this.runUntil(this.t);
  }

  /** Number of pending timers. */
  get pendingTimers(): number {
    return this.live.size;
  }

  private runUntil(target: number): void {
    for (;;) {
      const top = this.heap.peek();
      if (!top || top.at > target) break;
      this.heap.pop();
      if (!this.live.delete(top.id)) continue;
      if (top.at > this.t) this.t = top.at;
      top.fn();
    }
  }
}

/**
 * Real time plus an offset that advance(ms) moves forward, firing timers that became due, so the
 * extension can fast-forward 30 minutes. Timers are unref'd: they never keep Node alive.
 */
/** The longest delay setTimeout takes (2^31-1 ms). */
const MAX_TIMEOUT_MS = 2_147_483_647;

export class RealClock implements Clock {
  private offset = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void; handle: ReturnType<typeof setTimeout> }>();
  private readonly listeners = new Listeners();

  now(): number {
    return Date.now() + this.offset;
  }

  setTimer(delayMs: number, fn: () => void): TimerId {
    const id = this.nextId++;
    const at = this.now() + Math.max(0, delayMs);
    this.arm(id, at, fn);
    return id;
  }

  clearTimer(id: TimerId): void {
    const t = this.timers.get(id);
    if (t) {
      clearTimeout(t.handle);
      this.timers.delete(id);
    }
  }

  onAdvance(listener: (fromMs: number, toMs: number) => void): Disposable {
    return this.listeners.add(listener);
  }

  /** Fast-forwards by ms: fires (in time order) every timer now due, and re-arms the rest. */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
    const from = this.now();
    this.listeners.emit(from, from + ms);
    this.offset += ms;
    for (;;) {
      const now = this.now();
      let best: [number, { at: number; fn: () => void; handle: ReturnType<typeof setTimeout> }] | undefined;
      for (const e of this.timers) if (e[1].at <= now && (!best || e[1].at < best[1].at || (e[1].at === best[1].at && e[0] < best[0]))) best = e;
      if (!best) break;
      clearTimeout(best[1].handle);
      this.timers.delete(best[0]);
      best[1].fn();
    }
    for (const [id, t] of [...this.timers]) {
      clearTimeout(t.handle);
      this.arm(id, t.at, t.fn);
    }
  }

  private arm(id: number, at: number, fn: () => void): void {
    // setTimeout fires at once for delays above 2^31-1 ms (~24.8 days): longer ones are chained
    const delay = Math.max(0, at - this.now());
    const capped = delay > MAX_TIMEOUT_MS;
    const handle = setTimeout(
      () => {
        if (capped) {
          this.arm(id, at, fn);
          return;
        }
        this.timers.delete(id);
        fn();
      },
      capped ? MAX_TIMEOUT_MS : delay,
    );
    handle.unref?.();
    this.timers.set(id, { at, fn, handle });
  }
}
