// The compact encoding of one event inside the log (events.ts): its kind as an index, fixed columns whose
// meaning depends on the kind, and READERS, one per kind, turning a record into the typed event
// (BrokerEvent). READERS is typed over every EventKind, so adding a kind is a compile error here until it
// has a reader. Internal: readers outside the broker only ever see BrokerEvent.
import type { FieldTable } from './types';
import type { BrokerEvent, EventKind, EventOf } from './eventTypes';

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

/** Columns of a ring slot: 8 numbers and 8 strings per event (the last string is spare). */
export const N_MESSAGE = 0,
  N_PUBLISH = 1,
  N_CONNECTION = 2,
  N_CHANNEL = 3,
  N_TAG = 4,
  N_DELIVERIES = 5,
  N_CODE = 6,
  N_COUNT = 7;
export const S_VHOST = 0,
  S_QUEUE = 1,
  S_EXCHANGE = 2,
  S_ROUTING_KEY = 3,
  S_CONSUMER_TAG = 4,
  S_REASON = 5,
  S_TEXT = 6;
/** Bits of a slot's flags byte. */
export const F_REDELIVERED = 1,
  F_MULTIPLE = 2,
  F_REQUEUE = 4,
  F_NOACK = 8,
  F_HELD = 16;

/** One record as the recorder fills it for the rarer kinds, and as entries() reads a slot back. */
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

  get flags(): number {
    return (
      (this.redelivered ? F_REDELIVERED : 0) |
      (this.multiple ? F_MULTIPLE : 0) |
      (this.requeue ? F_REQUEUE : 0) |
      (this.noAck ? F_NOACK : 0) |
      (this.held ? F_HELD : 0)
    );
  }
}

/** The typed event of a raw record. */
export function typed(seq: number, r: RawEvent): BrokerEvent {
  return READERS[KINDS[r.kind]!](seq, r);
}

type Readers = { readonly [K in EventKind]: (seq: number, r: RawEvent) => EventOf<K> };

// The bases the kinds share (the key order is part of the behaviour: it is what JSON shows).
const at = (seq: number, r: RawEvent) => ({ seq, time: r.time, vhost: r.vhost });
const on = (seq: number, r: RawEvent) => ({ seq, time: r.time, vhost: r.vhost, connectionId: r.connectionId, channel: r.channel });
const pub = (seq: number, r: RawEvent) => ({ ...on(seq, r), exchange: r.exchange, routingKey: r.routingKey, publishId: r.publishId });
const copy = (seq: number, r: RawEvent) => ({
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
});
const settled =
  <K extends 'acked' | 'nacked' | 'rejected'>(kind: K) =>
  (seq: number, r: RawEvent): EventOf<K> =>
    ({
      ...copy(seq, r),
      kind,
      connectionId: r.connectionId,
      channel: r.channel,
      consumerTag: r.consumerTag,
      deliveryTag: r.deliveryTag,
      multiple: r.multiple,
      requeue: r.requeue,
      autoAck: r.reason === 'auto-ack',
    }) as EventOf<K>;
type QueueType = EventOf<'queue-declared'>['queueType'];

const MESSAGE_READERS = {
  published: (s, r) => ({ ...pub(s, r), kind: 'published', mandatory: r.multiple, size: r.count }),
  routed: (s, r) => ({ ...pub(s, r), kind: 'routed', queue: r.queue, queues: r.count }),
  unroutable: (s, r) => ({ ...pub(s, r), kind: 'unroutable', mandatory: r.multiple }),
  returned: (s, r) => ({ ...pub(s, r), kind: 'returned', replyCode: r.code, replyText: r.text }),
  confirmed: (s, r) => ({ ...pub(s, r), kind: 'confirmed', deliveryTag: r.deliveryTag, multiple: r.multiple, nack: r.reason === 'nack' }),
  enqueued: (s, r) => ({ ...copy(s, r), kind: 'enqueued' }),
  expired: (s, r) => ({ ...copy(s, r), kind: 'expired' }),
  'publish-rejected': (s, r) => ({ ...copy(s, r), kind: 'publish-rejected', reason: 'maxlen' }),
  // a plain literal: requeues are frequent (nack / reject / recover / close), and a spread here cost ~3 µs each
  requeued: (seq, r) => ({
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
    kind: 'requeued',
    reason: r.reason as EventOf<'requeued'>['reason'],
  }),
  'dead-lettered': (s, r) => ({ ...copy(s, r), kind: 'dead-lettered', reason: r.reason as EventOf<'dead-lettered'>['reason'], deadLetterExchange: r.text }),
  dropped: (s, r) => ({ ...copy(s, r), kind: 'dropped', reason: r.reason as EventOf<'dropped'>['reason'], deadLetterExchange: r.text }),
  delivered: (s, r) => ({
    ...copy(s, r),
    kind: 'delivered',
    connectionId: r.connectionId,
    channel: r.channel,
    consumerTag: r.consumerTag,
    deliveryTag: r.deliveryTag,
    noAck: r.noAck,
    held: r.held,
    get: r.reason === 'get',
    messageCount: r.count,
  }),
  'get-empty': (s, r) => ({ ...on(s, r), kind: 'get-empty', queue: r.queue, noAck: r.noAck }),
  'delivery-released': (s, r) => ({
    ...on(s, r),
    kind: 'delivery-released',
    exchange: r.exchange,
    routingKey: r.routingKey,
    messageId: r.messageId,
    consumerTag: r.consumerTag,
    deliveryTag: r.deliveryTag,
    redelivered: r.redelivered,
  }),
  acked: settled('acked'),
  nacked: settled('nacked'),
  rejected: settled('rejected'),
  recovered: (s, r) => ({ ...on(s, r), kind: 'recovered', requeue: r.reason === 'requeue', unacked: r.count }),
  'reply-delivered': (s, r) => ({
    ...on(s, r),
    kind: 'reply-delivered',
    routingKey: r.routingKey,
    publishId: r.publishId,
    consumerTag: r.consumerTag,
    deliveryTag: r.deliveryTag,
  }),
  'reply-dropped': (s, r) => ({ ...at(s, r), kind: 'reply-dropped', routingKey: r.routingKey, publishId: r.publishId }),
} satisfies Partial<Readers>;

const closed =
  <K extends 'channel-closed' | 'connection-closed'>(kind: K) =>
  (s: number, r: RawEvent): EventOf<K> =>
    ({ ...on(s, r), kind, reason: r.reason as EventOf<K>['reason'], replyCode: r.code, replyText: r.text }) as EventOf<K>;
const exchange =
  <K extends 'exchange-declared' | 'exchange-deleted'>(kind: K) =>
  (s: number, r: RawEvent): EventOf<K> =>
    ({ ...on(s, r), kind, exchange: r.exchange, exchangeType: r.text as EventOf<K>['exchangeType'] }) as EventOf<K>;
const binding =
  <K extends 'binding-created' | 'binding-deleted'>(kind: K) =>
  (s: number, r: RawEvent): EventOf<K> =>
    ({
      ...on(s, r),
      kind,
      source: r.exchange,
      destination: r.queue,
      destinationType: r.text as 'queue' | 'exchange',
      routingKey: r.routingKey,
    }) as EventOf<K>;

const TOPOLOGY_READERS = {
  'consumer-added': (s, r) => ({ ...on(s, r), kind: 'consumer-added', queue: r.queue, consumerTag: r.consumerTag, noAck: r.noAck, prefetch: r.count }),
  'consumer-cancelled': (s, r) => ({
    ...on(s, r),
    kind: 'consumer-cancelled',
    queue: r.queue,
    consumerTag: r.consumerTag,
    noAck: r.noAck,
    prefetch: r.count,
    reason: r.reason as EventOf<'consumer-cancelled'>['reason'],
  }),
  qos: (s, r) => ({ ...on(s, r), kind: 'qos', global: r.reason === 'global', prefetch: r.count }),
  'channel-opened': (s, r) => ({ ...on(s, r), kind: 'channel-opened' }),
  'channel-closed': closed('channel-closed'),
  'connection-closed': closed('connection-closed'),
  'connection-opened': (s, r) => ({ ...on(s, r), kind: 'connection-opened', clientName: r.text, clientProperties: r.obj }),
  error: (s, r) => ({
    ...on(s, r),
    kind: 'error',
    reason: r.reason as EventOf<'error'>['reason'],
    replyCode: r.code,
    replyText: r.text,
    deliveryTag: r.deliveryTag,
  }),
  'queue-declared': (s, r) => ({
    ...at(s, r),
    kind: 'queue-declared',
    queue: r.queue,
    queueType: r.text as QueueType,
    restored: r.reason === 'restored',
    messages: r.count,
  }),
  'queue-deleted': (s, r) => ({
    ...at(s, r),
    kind: 'queue-deleted',
    queue: r.queue,
    queueType: r.text as QueueType,
    reason: r.reason as '' | 'expired',
    messages: r.count,
  }),
  purged: (s, r) => ({ ...at(s, r), kind: 'purged', queue: r.queue, queueType: r.text as QueueType, messages: r.count }),
  'exchange-declared': exchange('exchange-declared'),
  'exchange-deleted': exchange('exchange-deleted'),
  'binding-created': binding('binding-created'),
  'binding-deleted': binding('binding-deleted'),
  'clock-advanced': (s, r) => ({ ...at(s, r), kind: 'clock-advanced', ms: r.count }),
  'hold-changed': (s, r) => ({ ...at(s, r), kind: 'hold-changed', hold: r.held, pending: r.count }),
  restored: (s, r) => ({ ...at(s, r), kind: 'restored', queues: r.count }),
} satisfies Partial<Readers>;

/** One reader per kind: a kind without one (or with a wrong one) does not compile. */
const READERS: Readers = { ...MESSAGE_READERS, ...TOPOLOGY_READERS };
