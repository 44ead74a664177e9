// The event log: a struct-of-arrays ring buffer (no object per stored event, so the log adds no
// GC pressure) and synchronous subscribers, who get one fixed-shape object per event. When the
// log is off (size 0) and nobody listens, `active` is false and the broker records nothing.
import type { BrokerEvent, Disposable, EventKind, EventStream } from './types';

export const KINDS: EventKind[] = [
  'published', 'routed', 'unroutable', 'returned', 'publish-rejected', 'confirmed',
  'enqueued', 'delivered', 'get-empty', 'delivery-released',
  'acked', 'nacked', 'rejected', 'requeued', 'recovered',
  'expired', 'dead-lettered', 'dropped',
  'consumer-added', 'consumer-cancelled', 'qos',
  'channel-opened', 'channel-closed', 'connection-opened', 'connection-closed',
  'queue-declared', 'queue-deleted', 'exchange-declared', 'exchange-deleted',
  'binding-created', 'binding-deleted', 'purged',
  'error', 'clock-advanced', 'hold-changed', 'restored',
];
/** Event kind → its index; the broker passes indexes (EV['acked']) so recording needs no lookup. */
export const EV = Object.freeze(Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<EventKind, number>);

const F_REDELIVERED = 1, F_MULTIPLE = 2, F_REQUEUE = 4, F_NOACK = 8, F_HELD = 16;

export class EventLog implements EventStream {
  private readonly n: number;
  private head = 0;
  private count = 0;
  private seq = 0;
  private listeners: ((e: BrokerEvent) => void)[] = [];
  // columns
  private readonly time: Float64Array;
  private readonly kind: Uint8Array;
  private readonly flags: Uint8Array;
  private readonly nums: Float64Array; // 8 per event: messageId publishId connectionId channel deliveryTag deliveryCount code count
  private readonly strs: string[]; // 8 per event: vhost queue exchange routingKey consumerTag reason text (1 spare)
  /** True when events are recorded or observed; the broker checks this before building one. */
  active: boolean;

  /** Called when a subscriber throws (the broker carries on). Default: rethrown on a later tick. */
  onListenerError: (err: unknown) => void = (err) => { setTimeout(() => { throw err; }, 0); };

  constructor(size: number) {
    this.n = Math.max(0, Math.floor(size));
    this.time = new Float64Array(this.n);
    this.kind = new Uint8Array(this.n);
    this.flags = new Uint8Array(this.n);
    this.nums = new Float64Array(this.n * 8);
    this.strs = new Array<string>(this.n * 8).fill('');
    this.active = this.n > 0;
  }

  get size(): number { return this.n; }
  get lastSeq(): number { return this.seq; }

  subscribe(listener: (event: BrokerEvent) => void): Disposable {
    this.listeners = [...this.listeners, listener];
    this.active = true;
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        this.active = this.n > 0 || this.listeners.length > 0;
      },
    };
  }

  entries(): BrokerEvent[] {
    const out: BrokerEvent[] = new Array(this.count);
    const first = this.seq - this.count + 1;
    for (let i = 0; i < this.count; i++) out[i] = this.at((this.head + i) % this.n, first + i);
    return out;
  }

  private at(slot: number, seq: number): BrokerEvent {
    const nu = this.nums, st = this.strs, o = slot * 8, f = this.flags[slot]!;
    return {
      seq, time: this.time[slot]!, kind: KINDS[this.kind[slot]!]!,
      vhost: st[o]!, queue: st[o + 1]!, exchange: st[o + 2]!, routingKey: st[o + 3]!,
      messageId: nu[o]!, publishId: nu[o + 1]!, connectionId: nu[o + 2]!, channel: nu[o + 3]!,
      consumerTag: st[o + 4]!, deliveryTag: nu[o + 4]!,
      redelivered: (f & F_REDELIVERED) !== 0, deliveryCount: nu[o + 5]!,
      multiple: (f & F_MULTIPLE) !== 0, requeue: (f & F_REQUEUE) !== 0, noAck: (f & F_NOACK) !== 0, held: (f & F_HELD) !== 0,
      reason: st[o + 5]!, code: nu[o + 6]!, text: st[o + 6]!, count: nu[o + 7]!,
    };
  }

  /** Records one event. Call only when `active`. */
  emit(
    time: number, kind: number, vhost: string, queue: string, exchange: string, routingKey: string,
    messageId: number, publishId: number, connectionId: number, channel: number, consumerTag: string,
    deliveryTag: number, redelivered: boolean, deliveryCount: number, multiple: boolean, requeue: boolean,
    noAck: boolean, held: boolean, reason: string, code: number, text: string, count: number,
  ): void {
    const seq = ++this.seq;
    const n = this.n;
    if (n > 0) {
      let slot: number;
      if (this.count < n) { slot = this.head + this.count; if (slot >= n) slot -= n; this.count++; }
      else { slot = this.head; this.head = slot + 1 === n ? 0 : slot + 1; }
      this.time[slot] = time;
      this.kind[slot] = kind;
      this.flags[slot] = (redelivered ? F_REDELIVERED : 0) | (multiple ? F_MULTIPLE : 0) | (requeue ? F_REQUEUE : 0) | (noAck ? F_NOACK : 0) | (held ? F_HELD : 0);
      const o = slot * 8, nu = this.nums, st = this.strs;
      nu[o] = messageId; nu[o + 1] = publishId; nu[o + 2] = connectionId; nu[o + 3] = channel;
      nu[o + 4] = deliveryTag; nu[o + 5] = deliveryCount; nu[o + 6] = code; nu[o + 7] = count;
      // a slot mostly held a similar event: skipping equal stores skips most write barriers
      if (st[o] !== vhost) st[o] = vhost;
      if (st[o + 1] !== queue) st[o + 1] = queue;
      if (st[o + 2] !== exchange) st[o + 2] = exchange;
      if (st[o + 3] !== routingKey) st[o + 3] = routingKey;
      if (st[o + 4] !== consumerTag) st[o + 4] = consumerTag;
      if (st[o + 5] !== reason) st[o + 5] = reason;
      if (st[o + 6] !== text) st[o + 6] = text;
    }
    const ls = this.listeners;
    if (ls.length > 0) {
      const e: BrokerEvent = {
        seq, time, kind: KINDS[kind]!, vhost, queue, exchange, routingKey, messageId, publishId, connectionId, channel,
        consumerTag, deliveryTag, redelivered, deliveryCount, multiple, requeue, noAck, held, reason, code, text, count,
      };
      for (let i = 0; i < ls.length; i++) {
        try { ls[i]!(e); } catch (err) { this.onListenerError(err); }
      }
    }
  }
}

