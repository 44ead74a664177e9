// The event log: a struct-of-arrays ring buffer (no object per stored event, so the log adds no GC
// pressure) and synchronous subscribers, who get one typed event (BrokerEvent, a union on `kind`) each.
// The recorder (recorder.ts) fills one reusable RawEvent and calls write(); `typed()` turns a raw record
// into the event of its kind, for subscribers and for entries(). When the log is off (size 0) and nobody
// listens, `active` is false and the broker records nothing.
import type { Disposable, FieldTable } from './types';
import type { BrokerEvent, EventKind, EventOf, EventStream } from './eventTypes';

export const KINDS: EventKind[] = [
  'published',
  'routed',
  'unroutable',
  'returned',
  'publish-rejected',
  'confirmed',
  'enqueued',
  'delivered',
  'get-empty',
  'delivery-released',
  'acked',
  'nacked',
  'rejected',
  'requeued',
  'recovered',
  'expired',
  'dead-lettered',
  'dropped',
  'consumer-added',
  'consumer-cancelled',
  'qos',
  'channel-opened',
  'channel-closed',
  'connection-opened',
  'connection-closed',
  'queue-declared',
  'queue-deleted',
  'exchange-declared',
  'exchange-deleted',
  'binding-created',
  'binding-deleted',
  'purged',
  'error',
  'clock-advanced',
  'hold-changed',
  'restored',
  'reply-delivered',
  'reply-dropped',
];
/** Event kind → its index; the recorder passes indexes (EV['acked']) so recording needs no lookup. */
export const EV = Object.freeze(Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<EventKind, number>);

/** A type guard for one kind: `events.filter(eventIs('dropped')).map((e) => e.reason)`. */
export function eventIs<K extends EventKind>(kind: K): (e: BrokerEvent) => e is EventOf<K> {
  return (e): e is EventOf<K> => e.kind === kind;
}

/**
 * The ring's record of one event: fixed columns whose meaning depends on the kind (see typed()). Internal:
 * readers only ever see BrokerEvent.
 */
export class RawEvent {
  time = 0;
  kind = 0;
  vhost = '';
  queue = '';
  exchange = '';
  routingKey = '';
  consumerTag = '';
  reason = '';
  text = '';
  messageId = 0;
  publishId = 0;
  connectionId = 0;
  channel = 0;
  deliveryTag = 0;
  deliveryCount = 0;
  code = 0;
  count = 0;
  redelivered = false;
  multiple = false;
  requeue = false;
  noAck = false;
  held = false;
  obj: FieldTable | undefined = undefined;

  /** Back to empty before the recorder fills the fields of one kind. */
  reset(time: number, kind: number, vhost: string): this {
    this.time = time;
    this.kind = kind;
    this.vhost = vhost;
    this.queue = '';
    this.exchange = '';
    this.routingKey = '';
    this.consumerTag = '';
    this.reason = '';
    this.text = '';
    this.messageId = 0;
    this.publishId = 0;
    this.connectionId = 0;
    this.channel = 0;
    this.deliveryTag = 0;
    this.deliveryCount = 0;
    this.code = 0;
    this.count = 0;
    this.redelivered = false;
    this.multiple = false;
    this.requeue = false;
    this.noAck = false;
    this.held = false;
    this.obj = undefined;
    return this;
  }
}

const F_REDELIVERED = 1,
  F_MULTIPLE = 2,
  F_REQUEUE = 4,
  F_NOACK = 8,
  F_HELD = 16;

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
  private readonly objs: (FieldTable | undefined)[];
  /** True when events are recorded or observed; the broker checks this before building one. */
  active: boolean;

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
    const r = new RawEvent();
    for (let i = 0; i < this.count; i++) out[i] = typed(first + i, this.read((this.head + i) % this.n, r));
    return out;
  }

  private read(slot: number, r: RawEvent): RawEvent {
    const nu = this.nums,
      st = this.strs,
      o = slot * 8,
      f = this.flags[slot]!;
    r.time = this.time[slot]!;
    r.kind = this.kind[slot]!;
    r.vhost = st[o]!;
    r.queue = st[o + 1]!;
    r.exchange = st[o + 2]!;
    r.routingKey = st[o + 3]!;
    r.consumerTag = st[o + 4]!;
    r.reason = st[o + 5]!;
    r.text = st[o + 6]!;
    r.messageId = nu[o]!;
    r.publishId = nu[o + 1]!;
    r.connectionId = nu[o + 2]!;
    r.channel = nu[o + 3]!;
    r.deliveryTag = nu[o + 4]!;
    r.deliveryCount = nu[o + 5]!;
    r.code = nu[o + 6]!;
    r.count = nu[o + 7]!;
    r.redelivered = (f & F_REDELIVERED) !== 0;
    r.multiple = (f & F_MULTIPLE) !== 0;
    r.requeue = (f & F_REQUEUE) !== 0;
    r.noAck = (f & F_NOACK) !== 0;
    r.held = (f & F_HELD) !== 0;
    r.obj = this.objs[slot];
    return r;
  }

  /** Records one event. Call only when `active`. */
  write(r: RawEvent): void {
    const seq = ++this.seq;
    if (this.n > 0) this.store(r);
    const ls = this.listeners;
    if (ls.length > 0) {
      const e = typed(seq, r);
      for (let i = 0; i < ls.length; i++) {
        try {
          ls[i]!(e);
        } catch (err) {
          this.onListenerError(err);
        }
      }
    }
  }

  private store(r: RawEvent): void {
    const n = this.n;
    let slot: number;
    if (this.count < n) {
      slot = this.head + this.count;
      if (slot >= n) slot -= n;
      this.count++;
    } else {
      slot = this.head;
      this.head = slot + 1 === n ? 0 : slot + 1;
    }
    this.time[slot] = r.time;
    this.kind[slot] = r.kind;
    this.flags[slot] =
      (r.redelivered ? F_REDELIVERED : 0) | (r.multiple ? F_MULTIPLE : 0) | (r.requeue ? F_REQUEUE : 0) | (r.noAck ? F_NOACK : 0) | (r.held ? F_HELD : 0);
    const o = slot * 8,
      nu = this.nums,
      st = this.strs;
    nu[o] = r.messageId;
    nu[o + 1] = r.publishId;
    nu[o + 2] = r.connectionId;
    nu[o + 3] = r.channel;
    nu[o + 4] = r.deliveryTag;
    nu[o + 5] = r.deliveryCount;
    nu[o + 6] = r.code;
    nu[o + 7] = r.count;
    // a slot mostly held a similar event: skipping equal stores skips most write barriers
    if (st[o] !== r.vhost) st[o] = r.vhost;
    if (st[o + 1] !== r.queue) st[o + 1] = r.queue;
    if (st[o + 2] !== r.exchange) st[o + 2] = r.exchange;
    if (st[o + 3] !== r.routingKey) st[o + 3] = r.routingKey;
    if (st[o + 4] !== r.consumerTag) st[o + 4] = r.consumerTag;
    if (st[o + 5] !== r.reason) st[o + 5] = r.reason;
    if (st[o + 6] !== r.text) st[o + 6] = r.text;
    if (this.objs[slot] !== r.obj) this.objs[slot] = r.obj;
  }
}

/** The typed event of a raw record: which columns each kind uses, under which names. */
export function typed(seq: number, r: RawEvent): BrokerEvent {
  const k = KINDS[r.kind]!;
  // the hot kinds (5 per message) are built as plain literals; the rest share the spreads below
  switch (k) {
    case 'published':
      return {
        seq,
        time: r.time,
        vhost: r.vhost,
        connectionId: r.connectionId,
        channel: r.channel,
        exchange: r.exchange,
        routingKey: r.routingKey,
        publishId: r.publishId,
        kind: k,
        mandatory: r.multiple,
        size: r.count,
      };
    case 'routed':
      return {
        seq,
        time: r.time,
        vhost: r.vhost,
        connectionId: r.connectionId,
        channel: r.channel,
        exchange: r.exchange,
        routingKey: r.routingKey,
        publishId: r.publishId,
        kind: k,
        queue: r.queue,
        queues: r.count,
      };
    case 'enqueued':
      return {
        seq,
        time: r.time,
        vhost: r.vhost,
        queue: r.queue,
        messageId: r.messageId,
        publishId: r.publishId,
        exchange: r.exchange,
        routingKey: r.routingKey,
        redelivered: r.redelivered,
        deliveryCount: r.deliveryCount,
        kind: k,
      };
    case 'delivered':
      return {
        seq,
        time: r.time,
        vhost: r.vhost,
        queue: r.queue,
        messageId: r.messageId,
        publishId: r.publishId,
        exchange: r.exchange,
        routingKey: r.routingKey,
        redelivered: r.redelivered,
        deliveryCount: r.deliveryCount,
        kind: k,
        connectionId: r.connectionId,
        channel: r.channel,
        consumerTag: r.consumerTag,
        deliveryTag: r.deliveryTag,
        noAck: r.noAck,
        held: r.held,
        get: r.reason === 'get',
        messageCount: r.count,
      };
    case 'acked':
    case 'nacked':
    case 'rejected':
      return {
        seq,
        time: r.time,
        vhost: r.vhost,
        queue: r.queue,
        messageId: r.messageId,
        publishId: r.publishId,
        exchange: r.exchange,
        routingKey: r.routingKey,
        redelivered: r.redelivered,
        deliveryCount: r.deliveryCount,
        kind: k,
        connectionId: r.connectionId,
        channel: r.channel,
        consumerTag: r.consumerTag,
        deliveryTag: r.deliveryTag,
        multiple: r.multiple,
        requeue: r.requeue,
        autoAck: r.reason === 'auto-ack',
      } as EventOf<'acked'>;
    case 'requeued':
      return {
        seq,
        time: r.time,
        vhost: r.vhost,
        queue: r.queue,
        messageId: r.messageId,
        publishId: r.publishId,
        exchange: r.exchange,
        routingKey: r.routingKey,
        redelivered: r.redelivered,
        deliveryCount: r.deliveryCount,
        kind: k,
        reason: r.reason as EventOf<'requeued'>['reason'],
      };
    default:
      return typedRare(seq, r, k);
  }
}

function typedRare(seq: number, r: RawEvent, k: EventKind): BrokerEvent {
  // built on demand: each case makes only the base object it spreads (eager bases cost ~15 µs per event under load)
  const at = () => ({ seq, time: r.time, vhost: r.vhost });
  const on = () => ({ ...at(), connectionId: r.connectionId, channel: r.channel });
  const pub = () => ({ ...on(), exchange: r.exchange, routingKey: r.routingKey, publishId: r.publishId });
  const copy = () => ({
    ...at(),
    queue: r.queue,
    messageId: r.messageId,
    publishId: r.publishId,
    exchange: r.exchange,
    routingKey: r.routingKey,
    redelivered: r.redelivered,
    deliveryCount: r.deliveryCount,
  });
  switch (k) {
    case 'unroutable':
      return { ...pub(), kind: k, mandatory: r.multiple };
    case 'returned':
      return { ...pub(), kind: k, replyCode: r.code, replyText: r.text };
    case 'confirmed':
      return { ...pub(), kind: k, deliveryTag: r.deliveryTag, multiple: r.multiple, nack: r.reason === 'nack' };
    case 'enqueued':
    case 'expired':
      return { ...copy(), kind: k } as EventOf<'expired'>;
    case 'publish-rejected':
      return { ...copy(), kind: k, reason: 'maxlen' };
    case 'requeued':
      return { ...copy(), kind: k, reason: r.reason as EventOf<'requeued'>['reason'] };
    case 'dead-lettered':
      return { ...copy(), kind: k, reason: r.reason as EventOf<'dead-lettered'>['reason'], deadLetterExchange: r.text };
    case 'dropped':
      return { ...copy(), kind: k, reason: r.reason as EventOf<'dropped'>['reason'], deadLetterExchange: r.text };
    case 'get-empty':
      return { ...on(), kind: k, queue: r.queue, noAck: r.noAck };
    case 'delivery-released':
      return {
        ...on(),
        kind: k,
        exchange: r.exchange,
        routingKey: r.routingKey,
        messageId: r.messageId,
        consumerTag: r.consumerTag,
        deliveryTag: r.deliveryTag,
        redelivered: r.redelivered,
      };
    case 'published':
    case 'routed':
    case 'delivered':
    case 'acked':
    case 'nacked':
    case 'rejected':
      return typed(seq, r);
    case 'recovered':
      return { ...on(), kind: k, requeue: r.reason === 'requeue', unacked: r.count };
    case 'consumer-added':
      return { ...on(), kind: k, queue: r.queue, consumerTag: r.consumerTag, noAck: r.noAck, prefetch: r.count };
    case 'consumer-cancelled':
      return {
        ...on(),
        kind: k,
        queue: r.queue,
        consumerTag: r.consumerTag,
        noAck: r.noAck,
        prefetch: r.count,
        reason: r.reason as EventOf<'consumer-cancelled'>['reason'],
      };
    case 'qos':
      return { ...on(), kind: k, global: r.reason === 'global', prefetch: r.count };
    case 'channel-opened':
      return { ...on(), kind: k };
    case 'channel-closed':
    case 'connection-closed':
      return { ...on(), kind: k, reason: r.reason as EventOf<'channel-closed'>['reason'], replyCode: r.code, replyText: r.text } as EventOf<'channel-closed'>;
    case 'connection-opened':
      return { ...on(), kind: k, clientName: r.text, clientProperties: r.obj };
    case 'error':
      return { ...on(), kind: k, reason: r.reason as EventOf<'error'>['reason'], replyCode: r.code, replyText: r.text, deliveryTag: r.deliveryTag };
    case 'queue-declared':
      return {
        ...at(),
        kind: k,
        queue: r.queue,
        queueType: r.text as EventOf<'queue-declared'>['queueType'],
        restored: r.reason === 'restored',
        messages: r.count,
      };
    case 'queue-deleted':
      return {
        ...at(),
        kind: k,
        queue: r.queue,
        queueType: r.text as EventOf<'queue-declared'>['queueType'],
        reason: r.reason as '' | 'expired',
        messages: r.count,
      };
    case 'purged':
      return { ...at(), kind: k, queue: r.queue, queueType: r.text as EventOf<'queue-declared'>['queueType'], messages: r.count };
    case 'exchange-declared':
    case 'exchange-deleted':
      return { ...on(), kind: k, exchange: r.exchange, exchangeType: r.text as EventOf<'exchange-declared'>['exchangeType'] } as EventOf<'exchange-declared'>;
    case 'binding-created':
    case 'binding-deleted':
      return {
        ...on(),
        kind: k,
        source: r.exchange,
        destination: r.queue,
        destinationType: r.text as 'queue' | 'exchange',
        routingKey: r.routingKey,
      } as EventOf<'binding-created'>;
    case 'clock-advanced':
      return { ...at(), kind: k, ms: r.count };
    case 'hold-changed':
      return { ...at(), kind: k, hold: r.held, pending: r.count };
    case 'restored':
      return { ...at(), kind: k, queues: r.count };
    case 'reply-delivered':
      return { ...on(), kind: k, routingKey: r.routingKey, publishId: r.publishId, consumerTag: r.consumerTag, deliveryTag: r.deliveryTag };
    case 'reply-dropped':
      return { ...at(), kind: k, routingKey: r.routingKey, publishId: r.publishId };
  }
}
