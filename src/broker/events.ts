// The event log: fixed-shape event objects, a bounded ring buffer and synchronous subscribers.
// When the log is off (size 0) and nobody listens, `active` is false and the broker makes no
// event objects at all.
import type { BrokerEvent, Disposable, EventKind, EventStream } from './types';

export class EventLog implements EventStream {
  private readonly ring: (BrokerEvent | undefined)[];
  private head = 0;
  private count = 0;
  private seq = 0;
  private listeners: ((e: BrokerEvent) => void)[] = [];
  /** True when events are recorded or observed; the broker checks this before building one. */
  active: boolean;

  constructor(readonly size: number) {
    this.ring = new Array(Math.max(0, size));
    this.active = size > 0;
  }

  get lastSeq(): number { return this.seq; }

  subscribe(listener: (event: BrokerEvent) => void): Disposable {
    this.listeners = [...this.listeners, listener];
    this.active = true;
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        this.active = this.size > 0 || this.listeners.length > 0;
      },
    };
  }

  entries(): BrokerEvent[] {
    const out: BrokerEvent[] = [];
    const n = this.ring.length;
    for (let i = 0; i < this.count; i++) out.push(this.ring[(this.head + i) % n]!);
    return out;
  }

  /** Records one event. Fields not given are 0/''/false. Call only when `active`. */
  emit(
    time: number, kind: EventKind, vhost: string, queue: string, exchange: string, routingKey: string,
    messageId: number, publishId: number, connectionId: number, channel: number, consumerTag: string,
    deliveryTag: number, redelivered: boolean, deliveryCount: number, multiple: boolean, requeue: boolean,
    noAck: boolean, held: boolean, reason: string, code: number, text: string, count: number,
  ): void {
    const e: BrokerEvent = {
      seq: ++this.seq, time, kind, vhost, queue, exchange, routingKey, messageId, publishId, connectionId, channel,
      consumerTag, deliveryTag, redelivered, deliveryCount, multiple, requeue, noAck, held, reason, code, text, count,
    };
    const n = this.ring.length;
    if (n > 0) {
      if (this.count < n) {
        this.ring[(this.head + this.count) % n] = e;
        this.count++;
      } else {
        this.ring[this.head] = e;
        this.head = this.head + 1 === n ? 0 : this.head + 1;
      }
    }
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) ls[i]!(e);
  }
}
