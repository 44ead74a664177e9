// Columnar event log for the stepper. 100,000 events as JS objects would cost ~200 bytes each;
// here each event is a row across typed-array columns (strings interned), ~50-80 bytes per event,
// and reading one back is O(1). Pure: no DOM, so it runs in unit tests and benches.
import { TRACE_KINDS, type QueueType, type TraceEvent, type TraceKind, type TraceMessage } from '../../src/protocol/trace';

const KIND_INDEX = new Map<string, number>(TRACE_KINDS.map((k, i) => [k, i]));

const F_REDELIVERED = 1,
  F_MULTIPLE = 2,
  F_REQUEUE = 4,
  F_NOACK = 8,
  F_QUORUM = 16,
  F_CLASSIC = 32,
  F_HELD = 64;

type StrCol = 'conn' | 'channel' | 'publisher' | 'exchange' | 'exchangeType' | 'queue' | 'routingKey' | 'consumer' | 'reason' | 'text';
const NONE = -1;

export class EventStore {
  private cap: number;
  private n = 0;
  private kind: Uint8Array;
  private flags: Uint8Array;
  private seq: Float64Array;
  private time: Float64Array;
  private msg: Int32Array;
  private pub: Int32Array;
  private tag: Float64Array;
  private dcount: Int32Array;
  /** One numeric extra per event: prefetch (consumer.add/qos), code (errors), ms (clock). */
  private extra: Float64Array;
  /** String columns are allocated the first time any event uses them; 16-bit indexes until the string table outgrows them. */
  private strs = new Map<StrCol, Uint16Array | Int32Array>();
  private wide = false;
  private none = 0xffff;
  private strings: string[] = [];
  private stringIndex = new Map<string, number>();
  private readonly messages = new Map<number, TraceMessage>();

  constructor(initialCapacity = 1024) {
    this.cap = Math.max(16, initialCapacity);
    this.kind = new Uint8Array(this.cap);
    this.flags = new Uint8Array(this.cap);
    this.seq = new Float64Array(this.cap);
    this.time = new Float64Array(this.cap);
    this.msg = new Int32Array(this.cap);
    this.pub = new Int32Array(this.cap);
    this.tag = new Float64Array(this.cap);
    this.dcount = new Int32Array(this.cap);
    this.extra = new Float64Array(this.cap);
  }

  get length(): number {
    return this.n;
  }

  /** Make room for `extra` more events without repeated growth (the host says how many are coming). */
  reserve(extra: number): void {
    if (this.n + extra > this.cap) this.grow(this.n + extra);
  }

  private grow(min: number): void {
    let cap = this.cap;
    while (cap < min) cap = Math.ceil(cap * (cap < 65_536 ? 2 : 1.25));
    const g = <T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(a: T, fill?: number): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      if (fill !== undefined) b.fill(fill, this.cap);
      return b;
    };
    this.kind = g(this.kind);
    this.flags = g(this.flags);
    this.seq = g(this.seq);
    this.time = g(this.time);
    this.msg = g(this.msg);
    this.pub = g(this.pub);
    this.tag = g(this.tag);
    this.dcount = g(this.dcount);
    this.extra = g(this.extra);
    for (const [k, col] of this.strs) this.strs.set(k, g(col, this.none));
    this.cap = cap;
  }

  private intern(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      if (!this.wide && i >= 0xfffe) this.widen();
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  /** More than 65,534 distinct strings: switch the string columns to 32-bit indexes. */
  private widen(): void {
    for (const [k, col] of this.strs) {
      const w = new Int32Array(this.cap);
      for (let j = 0; j < col.length; j++) w[j] = col[j] === 0xffff ? NONE : col[j]!;
      this.strs.set(k, w);
    }
    this.wide = true;
    this.none = NONE;
  }

  private strCol(c: StrCol): Uint16Array | Int32Array {
    let col = this.strs.get(c);
    if (!col) {
      col = (this.wide ? new Int32Array(this.cap) : new Uint16Array(this.cap)).fill(this.none);
      this.strs.set(c, col);
    }
    return col;
  }

  private setS(c: StrCol, v: string | undefined, i: number): void {
    if (v !== undefined) {
      const x = this.intern(v);
      this.strCol(c)[i] = x;
    }
  }

  push(e: TraceEvent): number {
    if (this.n === this.cap) this.grow(this.n + 1);
    const i = this.n++;
    this.kind[i] = KIND_INDEX.get(e.kind)!;
    this.seq[i] = e.seq;
    this.time[i] = e.time;
    this.msg[i] = e.msg ?? NONE;
    this.pub[i] = e.pub ?? NONE;
    this.tag[i] = e.tag ?? NONE;
    this.dcount[i] = e.deliveryCount ?? NONE;
    this.extra[i] = e.prefetch ?? e.code ?? e.ms ?? e.count ?? NaN;
    let f = 0;
    if (e.redelivered) f |= F_REDELIVERED;
    if (e.multiple) f |= F_MULTIPLE;
    if (e.requeue) f |= F_REQUEUE;
    if (e.noAck) f |= F_NOACK;
    if (e.held) f |= F_HELD;
    if (e.queueType === 'quorum') f |= F_QUORUM;
    else if (e.queueType === 'classic') f |= F_CLASSIC;
    this.flags[i] = f;
    // Named reads (not e[c] in a loop): events have many shapes, and this is the hot path.
    this.setS('conn', e.conn, i);
    this.setS('channel', e.channel, i);
    this.setS('publisher', e.publisher, i);
    this.setS('exchange', e.exchange, i);
    this.setS('exchangeType', e.exchangeType, i);
    this.setS('queue', e.queue, i);
    this.setS('routingKey', e.routingKey, i);
    this.setS('consumer', e.consumer, i);
    this.setS('reason', e.reason, i);
    this.setS('text', e.text, i);
    return i;
  }

  /**
   * Keeps a message's content for the detail panel. Bodies are bounded in total (`messageBudget` characters, about
   * 2 bytes each): past it the oldest are dropped, so a long live session cannot grow without limit.
   */
  addMessage(m: TraceMessage): void {
    const prev = this.messages.get(m.id);
    if (prev) {
      this.messageChars -= msgChars(prev);
      this.messages.delete(m.id);
    }
    this.messages.set(m.id, m);
    this.messageChars += msgChars(m);
    while (this.messageChars > this.messageBudget && this.messages.size > 1) {
      const [id, old] = this.messages.entries().next().value as [number, TraceMessage];
      this.messages.delete(id);
      this.messageChars -= msgChars(old);
    }
  }
  private messageChars = 0;
  /** Characters of message content kept (bodies + property text, estimated). */
  messageBudget = 16 * 1024 * 1024;
  message(id: number): TraceMessage | undefined {
    return this.messages.get(id);
  }

  kindAt(i: number): TraceKind {
    return TRACE_KINDS[this.kind[i]!]!;
  }
  seqAt(i: number): number {
    return this.seq[i]!;
  }
  msgAt(i: number): number | undefined {
    const m = this.msg[i]!;
    return m === NONE ? undefined : m;
  }
  pubAt(i: number): number | undefined {
    const p = this.pub[i]!;
    return p === NONE ? undefined : p;
  }
  str(i: number, c: StrCol): string | undefined {
    const col = this.strs.get(c);
    if (!col) return undefined;
    const v = col[i]!;
    return v === this.none ? undefined : this.strings[v];
  }
  /** Fills in a field the host left out (e.g. the consumer of an ack, known from the state). */
  setStr(i: number, c: StrCol, v: string): void {
    this.strCol(c)[i] = this.intern(v);
  }
  setMsg(i: number, m: number): void {
    this.msg[i] = m;
  }

  /** Rebuilds event i as an object (for the few rows on screen, the reducer and exports). */
  get(i: number): TraceEvent {
    if (i < 0 || i >= this.n) throw new RangeError(`event index ${i} out of range 0..${this.n - 1}`);
    const kind = this.kindAt(i);
    const e: TraceEvent = { seq: this.seq[i]!, time: this.time[i]!, kind };
    const m = this.msg[i]!;
    if (m !== NONE) e.msg = m;
    const p = this.pub[i]!;
    if (p !== NONE) e.pub = p;
    const t = this.tag[i]!;
    if (t !== NONE) e.tag = t;
    const d = this.dcount[i]!;
    if (d !== NONE) e.deliveryCount = d;
    const x = this.extra[i]!;
    if (!Number.isNaN(x)) {
      if (kind === 'consumer.add' || kind === 'qos') e.prefetch = x;
      else if (kind === 'clock') e.ms = x;
      else if (kind === 'route') e.count = x;
      else e.code = x;
    }
    const f = this.flags[i]!;
    if (f & F_REDELIVERED) e.redelivered = true;
    else if (kind === 'deliver' || kind === 'get') e.redelivered = false;
    if (f & F_MULTIPLE) e.multiple = true;
    if (f & F_REQUEUE) e.requeue = true;
    if (f & F_NOACK) e.noAck = true;
    if (f & F_HELD) e.held = true;
    if (f & F_QUORUM) e.queueType = 'quorum' as QueueType;
    else if (f & F_CLASSIC) e.queueType = 'classic';
    for (const [c, col] of this.strs) {
      const v = col[i]!;
      if (v !== this.none) e[c] = this.strings[v]!;
    }
    return e;
  }

  /** Index of the first event with seq >= s (events arrive in seq order). */
  indexOfSeq(s: number): number {
    let lo = 0,
      hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seq[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Bytes held by the event columns and the string table (payloads excluded). */
  byteSize(): number {
    let b =
      this.kind.byteLength +
      this.flags.byteLength +
      this.seq.byteLength +
      this.time.byteLength +
      this.msg.byteLength +
      this.pub.byteLength +
      this.tag.byteLength +
      this.dcount.byteLength +
      this.extra.byteLength;
    for (const col of this.strs.values()) b += col.byteLength;
    for (const s of this.strings) b += 16 + s.length * 2 + 40; // string + map entry, rough
    return b;
  }
}

function msgChars(m: TraceMessage): number {
  return 64 + m.body.length + (m.headers ? 256 : 0) + (m.properties ? 128 : 0);
}
