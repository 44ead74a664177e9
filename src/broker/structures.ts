// Small, allocation-free containers for the hot path.

/** Growable ring-buffer deque (power-of-two capacity). */
export class Deque<T> {
  private buf: (T | undefined)[];
  private mask: number;
  private head = 0;
  private len = 0;

  constructor(capacity = 16) {
    let c = 16;
    while (c < capacity) c <<= 1;
    this.buf = new Array(c);
    this.mask = c - 1;
  }

  get size(): number {
    return this.len;
  }

  push(x: T): void {
    if (this.len === this.buf.length) this.grow();
    this.buf[(this.head + this.len) & this.mask] = x;
    this.len++;
  }

  unshift(x: T): void {
    if (this.len === this.buf.length) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = x;
    this.len++;
  }

  peek(): T | undefined {
    return this.len === 0 ? undefined : this.buf[this.head];
  }

  shift(): T | undefined {
    if (this.len === 0) return undefined;
    const x = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.len--;
    return x;
  }

  /** i-th element from the front (0-based). */
  at(i: number): T | undefined {
    return i < 0 || i >= this.len ? undefined : this.buf[(this.head + i) & this.mask];
  }

  set(i: number, x: T): void {
    this.buf[(this.head + i) & this.mask] = x;
  }

  clear(): void {
    this.buf = new Array(16);
    this.mask = 15;
    this.head = 0;
    this.len = 0;
  }

  toArray(): T[] {
    const out: T[] = new Array(this.len);
    for (let i = 0; i < this.len; i++) out[i] = this.buf[(this.head + i) & this.mask]!;
    return out;
  }

  private grow(): void {
    const old = this.buf;
    const n = old.length;
    const next: (T | undefined)[] = new Array(n * 2);
    for (let i = 0; i < this.len; i++) next[i] = old[(this.head + i) & this.mask];
    this.buf = next;
    this.mask = n * 2 - 1;
    this.head = 0;
  }
}

/** Binary min-heap of objects keyed by a numeric `pos` field. */
export class PosHeap<T extends { pos: number }> {
  private readonly h: T[] = [];

  get size(): number {
    return this.h.length;
  }
  peek(): T | undefined {
    return this.h[0];
  }

  push(x: T): void {
    const h = this.h;
    let i = h.length;
    h.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const hp = h[p]!;
      if (hp.pos <= x.pos) break;
      h[i] = hp;
      i = p;
    }
    h[i] = x;
  }

  pop(): T | undefined {
    const h = this.h;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && h[r]!.pos < h[l]!.pos ? r : l;
        if (h[c]!.pos >= last.pos) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }

  /** Elements in pos order (copy). */
  sorted(): T[] {
    return [...this.h].sort((a, b) => a.pos - b.pos);
  }

  clear(): void {
    this.h.length = 0;
  }
}

/** Chunked Int32 store indexed by a growing id: one int per id ever issued. */
export class IdTable {
  private readonly chunks: Int32Array[] = [];
  private static readonly BITS = 16;
  private static readonly MASK = (1 << 16) - 1;

  get(id: number): number {
    const c = this.chunks[id >>> IdTable.BITS];
    return c === undefined ? 0 : c[id & IdTable.MASK]!;
  }

  set(id: number, v: number): void {
    const ci = id >>> IdTable.BITS;
    let c = this.chunks[ci];
    if (c === undefined) {
      while (this.chunks.length <= ci) this.chunks.push(new Int32Array(1 << IdTable.BITS));
      c = this.chunks[ci]!;
    }
    c[id & IdTable.MASK] = v;
  }
}

/** mulberry32: a small seeded PRNG for reproducible server-generated names. */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** n characters of base64url, like RabbitMQ's amq.gen- / amq.ctag- suffixes. */
  name(n: number): string {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let s = '';
    for (let i = 0; i < n; i++) s += abc[Math.floor(this.next() * 64)];
    return s;
  }
}
