// The event log: a struct-of-arrays ring buffer (no object per stored event, so the log adds no GC
// pressure) and synchronous subscribers, who get one typed event (BrokerEvent, a union on `kind`) each.
// The encoding of a slot and the reader per kind are in eventRecord.ts. Two ways in: the recorder's hot
// kinds (recorder.ts) claim a slot, write their columns straight into it and hand subscribers the event
// they built from the same values; every other kind fills one reusable RawEvent and calls write(). When
// the log is off (size 0) and nobody listens, `active` is false and the broker records nothing.
import type { Disposable, FieldTable } from './types';
import type { BrokerEvent, EventKind, EventOf, EventStream } from './eventTypes';
import { N_CHANNEL, N_CODE, N_CONNECTION, N_COUNT, N_DELIVERIES, N_MESSAGE, N_PUBLISH, N_TAG, RawEvent, typed } from './eventRecord';
import {
  F_HELD,
  F_MULTIPLE,
  F_NOACK,
  F_REDELIVERED,
  F_REQUEUE,
  S_CONSUMER_TAG,
  S_EXCHANGE,
  S_QUEUE,
  S_REASON,
  S_ROUTING_KEY,
  S_TEXT,
  S_VHOST,
} from './eventRecord';

/** A type guard for one kind: `events.filter(eventIs('dropped')).map((e) => e.reason)`. */
export function eventIs<K extends EventKind>(kind: K): (e: BrokerEvent) => e is EventOf<K> {
  return (e): e is EventOf<K> => e.kind === kind;
}

export class EventLog implements EventStream {
  private readonly n: number;
  private head = 0;
  private count = 0;
  private seq = 0;
  private listeners: ((e: BrokerEvent) => void)[] = [];
  // columns (slot s: time[s], kind[s], flags[s], objs[s]; numbers and strings at s * 8 + N_… / S_…)
  private readonly time: Float64Array;
  private readonly kind: Uint8Array;
  private readonly flags: Uint8Array;
  /** @internal Written by the recorder's hot kinds at the offset claim() returned. */
  readonly nums: Float64Array;
  private readonly strs: string[];
  private readonly objs: (FieldTable | undefined)[];
  /** True when events are recorded or observed; the broker checks this before building one. */
  active: boolean;
  /** @internal True when someone subscribed: a hot kind builds its typed event only then. */
  listening = false;

  /** Called when a subscriber throws (the broker carries on). Default: rethrown on a later tick. */
  onListenerError: (err: unknown) => void = (err) => {
    setTimeout(() => {
      throw err;
    }, 0);
  };

  constructor(size: number) {
    this.n = Math.max(0, Math.floor(size));
    this.time = new Float64Array(this.n);
    this.kind = new Uint8Array(this.n);
    this.flags = new Uint8Array(this.n);
    this.nums = new Float64Array(this.n * 8);
    this.strs = new Array<string>(this.n * 8).fill('');
    this.objs = new Array<FieldTable | undefined>(this.n).fill(undefined);
    this.active = this.n > 0;
  }

  get size(): number {
    return this.n;
  }
  get lastSeq(): number {
    return this.seq;
  }

  subscribe(listener: (event: BrokerEvent) => void): Disposable {
    this.listeners = [...this.listeners, listener];
    this.active = true;
    this.listening = true;
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        this.listening = this.listeners.length > 0;
        this.active = this.n > 0 || this.listening;
      },
    };
  }

  entries(): BrokerEvent[] {
    const out: BrokerEvent[] = new Array(this.count);
    const first = this.seq - this.count + 1;
    const r = new RawEvent();
    for (let i = 0; i < this.count; i++) out[i] = typed(first + i, this.read((this.head + i) % this.n, r));
    return out;
  }

  /**
   * @internal Starts one event: its sequence number is taken and, with the ring on, the next slot gets its time,
   * kind, flags and vhost. Returns that slot's offset into the number and string columns, or -1 (ring off).
   * The caller writes every other column its kind's reader reads (eventRecord.ts): the slot's other columns
   * still hold an older event.
   */
  claim(time: number, kind: number, flags: number, vhost: string): number {
    this.seq++;
    const n = this.n;
    if (n === 0) return -1;
    let slot: number;
    if (this.count < n) {
      slot = this.head + this.count;
      if (slot >= n) slot -= n;
      this.count++;
    } else {
      slot = this.head;
      this.head = slot + 1 === n ? 0 : slot + 1;
    }
    this.time[slot] = time;
    this.kind[slot] = kind;
    this.flags[slot] = flags;
    if (this.objs[slot] !== undefined) this.objs[slot] = undefined;
    const o = slot * 8;
    if (this.strs[o + S_VHOST] !== vhost) this.strs[o + S_VHOST] = vhost;
    return o;
  }

  /** @internal One string column of a claimed slot (equal strings are not rewritten: no write barrier). */
  str(at: number, s: string): void {
    if (this.strs[at] !== s) this.strs[at] = s;
  }

  /** @internal Hands a hot kind's event (seq = lastSeq) to every subscriber. */
  emit(e: BrokerEvent): void {
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) {
      try {
        ls[i]!(e);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  /** Records one event of any kind from a filled RawEvent. Call only when `active`. */
  write(r: RawEvent): void {
    const o = this.claim(r.time, r.kind, r.flags, r.vhost);
    if (o >= 0) this.store(o, r);
    if (this.listening) this.emit(typed(this.seq, r));
  }

  private store(o: number, r: RawEvent): void {
    const nu = this.nums;
    nu[o + N_MESSAGE] = r.messageId;
    nu[o + N_PUBLISH] = r.publishId;
    nu[o + N_CONNECTION] = r.connectionId;
    nu[o + N_CHANNEL] = r.channel;
    nu[o + N_TAG] = r.deliveryTag;
    nu[o + N_DELIVERIES] = r.deliveryCount;
    nu[o + N_CODE] = r.code;
    nu[o + N_COUNT] = r.count;
    this.str(o + S_QUEUE, r.queue);
    this.str(o + S_EXCHANGE, r.exchange);
    this.str(o + S_ROUTING_KEY, r.routingKey);
    this.str(o + S_CONSUMER_TAG, r.consumerTag);
    this.str(o + S_REASON, r.reason);
    this.str(o + S_TEXT, r.text);
    if (r.obj !== undefined) this.objs[o >> 3] = r.obj;
  }

  private read(slot: number, r: RawEvent): RawEvent {
    const nu = this.nums,
      st = this.strs,
      o = slot * 8,
      f = this.flags[slot]!;
    r.time = this.time[slot]!;
    r.kind = this.kind[slot]!;
    r.vhost = st[o + S_VHOST]!;
    r.queue = st[o + S_QUEUE]!;
    r.exchange = st[o + S_EXCHANGE]!;
    r.routingKey = st[o + S_ROUTING_KEY]!;
    r.consumerTag = st[o + S_CONSUMER_TAG]!;
    r.reason = st[o + S_REASON]!;
    r.text = st[o + S_TEXT]!;
    r.messageId = nu[o + N_MESSAGE]!;
    r.publishId = nu[o + N_PUBLISH]!;
    r.connectionId = nu[o + N_CONNECTION]!;
    r.channel = nu[o + N_CHANNEL]!;
    r.deliveryTag = nu[o + N_TAG]!;
    r.deliveryCount = nu[o + N_DELIVERIES]!;
    r.code = nu[o + N_CODE]!;
    r.count = nu[o + N_COUNT]!;
    r.redelivered = (f & F_REDELIVERED) !== 0;
    r.multiple = (f & F_MULTIPLE) !== 0;
    r.requeue = (f & F_REQUEUE) !== 0;
    r.noAck = (f & F_NOACK) !== 0;
    r.held = (f & F_HELD) !== 0;
    r.obj = this.objs[slot];
    return r;
  }
}
