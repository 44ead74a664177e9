// Coalesces a stream of "this key changed" marks into at most one flush per interval, so a burst
// of 20,000 broker events a second becomes a few tree refreshes with only the changed items.
// Pure (no vscode import); the timer is injectable for tests.

export interface TimerApi {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

export const realTimers: TimerApi = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export class Coalescer<K> {
  private dirty = new Set<K>();
  private all = false;
  private timer: unknown;
  private lastFlush = -Infinity;
  private disposed = false;
  /** Number of flushes so far (the benchmark reports the refresh rate from it). */
  flushes = 0;

  /**
   * @param flush receives the changed keys, or 'all' when markAll() was called (structure changed).
   * @param intervalMs minimum time between flushes; the first mark after a quiet period flushes
   *   after `leadMs` so a single change still shows up promptly.
   */
  constructor(
    private readonly flush: (keys: ReadonlySet<K> | 'all') => void,
    private readonly intervalMs = 250,
    private readonly leadMs = 30,
    private readonly timers: TimerApi = realTimers,
  ) {}

  mark(key: K): void {
    if (this.disposed) return;
    if (!this.all) this.dirty.add(key);
    this.schedule();
  }

  markAll(): void {
    if (this.disposed) return;
    this.all = true;
    this.dirty.clear();
    this.schedule();
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Flushes now (tests, and before a snapshot is read). */
  flushNow(): void {
    if (this.timer !== undefined) {
      this.timers.clear(this.timer);
      this.timer = undefined;
    }
    this.run();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.dirty.clear();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const since = this.timers.now() - this.lastFlush;
    const delay = Math.max(this.leadMs, this.intervalMs - since);
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      this.run();
    }, delay);
  }

  private run(): void {
    if (!this.all && this.dirty.size === 0) return;
    const keys: ReadonlySet<K> | 'all' = this.all ? 'all' : this.dirty;
    this.all = false;
    this.dirty = new Set();
    this.lastFlush = this.timers.now();
    this.flushes++;
    this.flush(keys);
  }
}
