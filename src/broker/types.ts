// Public types of the broker core. Plain TypeScript: no vscode, no net. The AMQP listener
// (src/amqp), the extension and the stepper build on these; keep them stable.
import type { AmqpError } from './errors';
import type { Clock, Disposable } from './clock';

export type { Disposable };

// ---------------------------------------------------------------- field tables

/**
 * AMQP field-table type tags (0-9-1 as RabbitMQ reads them):
 * b int8, B uint8, s int16, u uint16, I int32, i uint32, l int64, f float32, d float64,
 * D decimal, T timestamp (seconds), t boolean, S long string, x byte array, A array, F table, V void.
 */
export type IntFieldType = 'b' | 'B' | 's' | 'u' | 'I' | 'i' | 'l';

/**
 * A value whose AMQP type matters on the wire. The broker emits these where RabbitMQ does
 * (x-death `count` and `x-delivery-count` are `l`, x-death `time` is `T`); the codec decodes
 * integers, floats, decimals and timestamps into them so a round trip keeps the type.
 * `value` is a bigint only for 64-bit values outside Number's safe range.
 */
export type TypedValue =
  | { readonly $type: IntFieldType; readonly value: number | bigint }
  | { readonly $type: 'f' | 'd'; readonly value: number }
  | { readonly $type: 'T'; readonly value: number | bigint }
  | { readonly $type: 'D'; readonly scale: number; readonly value: number };

/**
 * A field value. Plain JS values map as: string → S (long string, UTF-8), boolean → t,
 * Uint8Array → x, null → V, array → A, plain object → F. A plain `number` has no fixed AMQP type:
 * the codec picks one (integers: `I` when they fit in int32, else `l`; others: `d`). Use a
 * TypedValue to force a type.
 */
export type FieldValue = string | number | boolean | null | Uint8Array | TypedValue | FieldValue[] | FieldTable;
export interface FieldTable {
  [key: string]: FieldValue;
}

/** The 14 basic-class content properties. Absent = not set (flag bit clear). */
export interface BasicProperties {
  contentType?: string;
  contentEncoding?: string;
  headers?: FieldTable;
  /** 1 = transient, 2 = persistent. */
  deliveryMode?: number;
  priority?: number;
  correlationId?: string;
  replyTo?: string;
  /** Per-message TTL in milliseconds, as a decimal string (RabbitMQ's convention). */
  expiration?: string;
  messageId?: string;
  /** Seconds since the epoch (AMQP timestamp). */
  timestamp?: number;
  type?: string;
  userId?: string;
  appId?: string;
  clusterId?: string;
}

// ---------------------------------------------------------------- options

export type Profile = 'rabbitmq' | 'rabbitmq-3' | 'lavinmq';
export type QueueType = 'classic' | 'quorum';
export type ExchangeType = 'direct' | 'fanout' | 'topic' | 'headers';

export interface BrokerOptions {
  /** 'rabbitmq' (default) = RabbitMQ 4.2 semantics; 'rabbitmq-3' = RabbitMQ 3.x where 4.x changed them; 'lavinmq' = LavinMQ's differences. */
  profile?: Profile;
  /** Time source for TTL, consumer timeout and event times. Default: a real clock. */
  clock?: Clock;
  /** Ring-buffer size of the event log (`events.entries()`); 0 disables the log. Default 10,000. */
  eventLogSize?: number;
  /** Consumer acknowledgement timeout in ms (rule 26). Default 1,800,000 (rabbitmq), none (lavinmq). 0 or Infinity = none. */
  consumerTimeoutMs?: number;
  /** Channel tick (consumer-timeout check period) in ms. Default 60,000. */
  channelTickMs?: number;
  /** Seed for server-generated names (amq.gen-…, amq.ctag-…) so runs are reproducible. Default 1. */
  seed?: number;
  /** Extra vhosts to create besides '/'. */
  vhosts?: string[];
  /** Told when an event subscriber throws; the broker carries on. Default: rethrown on a later tick. */
  onListenerError?: (err: unknown) => void;
}

// ---------------------------------------------------------------- connections

export interface ConnectionInfo {
  user?: string;
  vhost?: string;
  clientName?: string;
  remoteAddress?: string;
  clientProperties?: FieldTable;
}

/** A message pushed to a consumer (basic.deliver). */
export interface Delivery {
  consumerTag: string;
  deliveryTag: number;
  redelivered: boolean;
  exchange: string;
  routingKey: string;
  properties: BasicProperties;
  body: Uint8Array;
  /** The broker's id of this message copy (not on the wire; for the stepper and tests). */
  messageId: number;
}

/** basic.get-ok. */
export interface GetOk {
  deliveryTag: number;
  redelivered: boolean;
  exchange: string;
  routingKey: string;
  /** Ready messages left in the queue after this fetch (rule 32). */
  messageCount: number;
  properties: BasicProperties;
  body: Uint8Array;
  messageId: number;
}

/** basic.return. */
export interface ReturnedMessage {
  replyCode: number;
  replyText: string;
  exchange: string;
  routingKey: string;
  properties: BasicProperties;
  body: Uint8Array;
}

/** A publisher confirm (basic.ack / basic.nack from the broker). */
export interface Confirm {
  deliveryTag: number;
  multiple: boolean;
  /** true = basic.nack (reject-publish overflow). */
  nack: boolean;
}

/**
 * Server-initiated traffic for one connection. Calls are synchronous and in order.
 * Deliveries are dispatched synchronously inside the method call that made them possible
 * (publish, ack/nack/reject, consume, qos, recover, channel/connection close, queue/bind ops)
 * and from clock timers (TTL expiry, consumer timeout) and `releaseNextDelivery()`.
 * A wire layer that must send a method's reply before the pushes it caused (consume-ok before
 * the first deliver) wraps the call in `connection.cork()` / `uncork()`.
 * Errors THROWN by a method are not also reported here; these two close callbacks are only for
 * closes the broker starts on its own (consumer timeout, queue owner gone, broker shutdown).
 */
export interface ConnectionSink {
  deliver(channel: number, delivery: Delivery): void;
  basicReturn(channel: number, message: ReturnedMessage): void;
  confirm(channel: number, confirm: Confirm): void;
  /** consumer_cancel_notify (queue deleted, …). The wire layer checks the client's capability. */
  consumerCancelled(channel: number, consumerTag: string): void;
  channelClosedByServer(channel: number, error: AmqpError): void;
  connectionClosedByServer(error: AmqpError): void;
  blocked?(reason: string): void;
  unblocked?(): void;
  /**
   * Optional: a delivery for this sink was just made and will reach deliver() when the current broker
   * operation ends (pushes are batched until then, so one operation — a consume on a long queue, an unpause —
   * can make many). A sink with bounded output counts them here and may call
   * BrokerConnection.setDeliveriesPaused(true) to stop the rest of the operation's deliveries to it. Must not
   * call anything else on the broker.
   */
  deliveryQueued?(channel: number, delivery: Delivery): void;
}

// ---------------------------------------------------------------- method arguments (AMQP 0-9-1 names)

export interface ExchangeDeclareArgs {
  exchange: string;
  type?: string;
  passive?: boolean;
  durable?: boolean;
  autoDelete?: boolean;
  internal?: boolean;
  nowait?: boolean;
  arguments?: FieldTable;
}
export interface ExchangeDeleteArgs {
  exchange: string;
  ifUnused?: boolean;
  nowait?: boolean;
}
export interface ExchangeBindArgs {
  destination: string;
  source: string;
  routingKey?: string;
  nowait?: boolean;
  arguments?: FieldTable;
}
export interface QueueDeclareArgs {
  /** '' = server-named (amq.gen-…). */
  queue?: string;
  passive?: boolean;
  durable?: boolean;
  exclusive?: boolean;
  autoDelete?: boolean;
  nowait?: boolean;
  arguments?: FieldTable;
}
export interface QueueDeclareOk {
  queue: string;
  messageCount: number;
  consumerCount: number;
}
export interface QueueBindArgs {
  queue?: string;
  exchange: string;
  routingKey?: string;
  nowait?: boolean;
  arguments?: FieldTable;
}
export interface QueueUnbindArgs {
  queue?: string;
  exchange: string;
  routingKey?: string;
  arguments?: FieldTable;
}
export interface QueuePurgeArgs {
  queue?: string;
  nowait?: boolean;
}
export interface QueueDeleteArgs {
  queue?: string;
  ifUnused?: boolean;
  ifEmpty?: boolean;
  nowait?: boolean;
}
export interface BasicQosArgs {
  prefetchSize?: number;
  prefetchCount?: number;
  global?: boolean;
}
export interface BasicConsumeArgs {
  queue?: string;
  /** '' = server-generated (amq.ctag-…). */
  consumerTag?: string;
  noLocal?: boolean;
  noAck?: boolean;
  exclusive?: boolean;
  nowait?: boolean;
  /** x-priority (consumer priority), … */
  arguments?: FieldTable;
}
export interface BasicCancelArgs {
  consumerTag: string;
  nowait?: boolean;
}
export interface BasicPublishArgs {
  exchange?: string;
  routingKey?: string;
  mandatory?: boolean;
  immediate?: boolean;
}
export interface BasicGetArgs {
  queue?: string;
  noAck?: boolean;
}
export interface BasicAckArgs {
  deliveryTag?: number;
  multiple?: boolean;
}
export interface BasicNackArgs {
  deliveryTag?: number;
  multiple?: boolean;
  requeue?: boolean;
}
export interface BasicRejectArgs {
  deliveryTag: number;
  requeue?: boolean;
}
export interface BasicRecoverArgs {
  requeue?: boolean;
}
export interface ConfirmSelectArgs {
  nowait?: boolean;
}

// ---------------------------------------------------------------- events

export type EventKind =
  | 'published'
  | 'routed'
  | 'unroutable'
  | 'returned'
  | 'publish-rejected'
  | 'confirmed'
  | 'enqueued'
  | 'delivered'
  | 'get-empty'
  | 'delivery-released'
  | 'acked'
  | 'nacked'
  | 'rejected'
  | 'requeued'
  | 'recovered'
  | 'expired'
  | 'dead-lettered'
  | 'dropped'
  | 'consumer-added'
  | 'consumer-cancelled'
  | 'qos'
  | 'channel-opened'
  | 'channel-closed'
  | 'connection-opened'
  | 'connection-closed'
  | 'queue-declared'
  | 'queue-deleted'
  | 'exchange-declared'
  | 'exchange-deleted'
  | 'binding-created'
  | 'binding-deleted'
  | 'purged'
  | 'error'
  | 'clock-advanced'
  | 'hold-changed'
  | 'restored'
  | 'reply-delivered'
  | 'reply-dropped';

/** Where an event happened: a vhost and, for channel-level events, a connection and channel (0 = none). */
interface At {
  readonly seq: number;
  readonly time: number;
  readonly vhost: string;
}
interface OnChannel extends At {
  readonly connectionId: number;
  readonly channel: number;
}
/** One publish (publishId ties the copies it made to it). */
interface OfPublish extends OnChannel {
  readonly exchange: string;
  readonly routingKey: string;
  readonly publishId: number;
}
/** One message copy in one queue. `exchange` / `routingKey`: what it was published (or dead-lettered) with. */
interface OfCopy extends At {
  readonly queue: string;
  readonly messageId: number;
  readonly publishId: number;
  readonly exchange: string;
  readonly routingKey: string;
  /** Ready / requeued copies: it has been delivered before. Deliveries and settles: this delivery is a redelivery. */
  readonly redelivered: boolean;
  /** Deliveries so far. */
  readonly deliveryCount: number;
}
/** Why a channel or connection closed. */
export type CloseReason = 'channel-closed' | 'channel-error' | 'connection-closed' | 'connection-error' | 'consumer-timeout' | 'shutdown' | 'forced';
/** Why an unacked message went back: a settle, a recover, or its channel / connection closing. */
export type RequeueReason = 'nack' | 'reject' | 'recover' | CloseReason;

export interface PublishedEvent extends OfPublish {
  readonly kind: 'published';
  readonly mandatory: boolean;
  /** Body size in bytes. */ readonly size: number;
}
export interface RoutedEvent extends OfPublish {
  readonly kind: 'routed';
  /** The queue when exactly one, else ''. */ readonly queue: string;
  readonly queues: number;
}
export interface UnroutableEvent extends OfPublish {
  readonly kind: 'unroutable';
  readonly mandatory: boolean;
}
export interface ReturnedEvent extends OfPublish {
  readonly kind: 'returned';
  readonly replyCode: number;
  readonly replyText: string;
}
export interface ConfirmedEvent extends OfPublish {
  readonly kind: 'confirmed';
  /** The publish sequence number. */ readonly deliveryTag: number;
  readonly multiple: boolean;
  readonly nack: boolean;
}
export interface EnqueuedEvent extends OfCopy {
  readonly kind: 'enqueued';
}
/** reject-publish overflow: the copy is dropped or dead-lettered right away. */
export interface PublishRejectedEvent extends OfCopy {
  readonly kind: 'publish-rejected';
  readonly reason: 'maxlen';
}
export interface RequeuedEvent extends OfCopy {
  readonly kind: 'requeued';
  readonly reason: RequeueReason;
}
export interface ExpiredEvent extends OfCopy {
  readonly kind: 'expired';
}
export interface DeadLetteredEvent extends OfCopy {
  readonly kind: 'dead-lettered';
  readonly reason: DeadLetterReason;
  readonly deadLetterExchange: string;
}
export interface DroppedEvent extends OfCopy {
  readonly kind: 'dropped';
  readonly reason: DropReason;
  /** The dead-letter exchange that routed it nowhere, else ''. */ readonly deadLetterExchange: string;
}
/** A delivery to a consumer, or a basic.get-ok (consumerTag '', `get` true). */
export interface DeliveredEvent extends OfCopy {
  readonly kind: 'delivered';
  readonly connectionId: number;
  readonly channel: number;
  readonly consumerTag: string;
  readonly deliveryTag: number;
  readonly noAck: boolean;
  /** Made in hold mode: pushed only when released. */
  readonly held: boolean;
  readonly get: boolean;
  /** basic.get: ready messages left in the queue (0 for consumer deliveries). */
  readonly messageCount: number;
}
export interface GetEmptyEvent extends OnChannel {
  readonly kind: 'get-empty';
  readonly queue: string;
  readonly noAck: boolean;
}
export interface DeliveryReleasedEvent extends OnChannel {
  readonly kind: 'delivery-released';
  readonly exchange: string;
  readonly routingKey: string;
  readonly messageId: number;
  readonly consumerTag: string;
  readonly deliveryTag: number;
  readonly redelivered: boolean;
}
/** One per settled message (a `multiple` settle makes several). */
export interface SettledEvent<K extends 'acked' | 'nacked' | 'rejected'> extends OfCopy {
  readonly kind: K;
  readonly connectionId: number;
  readonly channel: number;
  readonly consumerTag: string;
  readonly deliveryTag: number;
  readonly multiple: boolean;
  readonly requeue: boolean;
  /** Settled when sent (a no-ack delivery or basic.get). */
  readonly autoAck: boolean;
}
export interface RecoveredEvent extends OnChannel {
  readonly kind: 'recovered';
  readonly requeue: boolean;
  /** Unacked deliveries at the time. */ readonly unacked: number;
}
export interface ConsumerAddedEvent extends OnChannel {
  readonly kind: 'consumer-added';
  readonly queue: string;
  readonly consumerTag: string;
  readonly noAck: boolean;
  readonly prefetch: number;
}
export interface ConsumerCancelledEvent extends OnChannel {
  readonly kind: 'consumer-cancelled';
  readonly queue: string;
  readonly consumerTag: string;
  readonly noAck: boolean;
  readonly prefetch: number;
  readonly reason: 'cancel' | 'channel-closed' | 'queue-deleted';
}
export interface QosEvent extends OnChannel {
  readonly kind: 'qos';
  readonly global: boolean;
  readonly prefetch: number;
}
export interface ChannelOpenedEvent extends OnChannel {
  readonly kind: 'channel-opened';
}
export interface ChannelClosedEvent extends OnChannel {
  readonly kind: 'channel-closed';
  readonly reason: CloseReason;
  readonly replyCode: number;
  readonly replyText: string;
}
export interface ConnectionOpenedEvent extends OnChannel {
  readonly kind: 'connection-opened';
  readonly clientName: string;
  readonly clientProperties: FieldTable | undefined;
}
export interface ConnectionClosedEvent extends OnChannel {
  readonly kind: 'connection-closed';
  readonly reason: CloseReason;
  readonly replyCode: number;
  readonly replyText: string;
}
/** A refused method: channel > 0 for a channel error, 0 for a connection error. */
export interface ErrorEvent extends OnChannel {
  readonly kind: 'error';
  readonly reason: 'channel-error' | 'connection-error' | 'consumer-timeout';
  readonly replyCode: number;
  readonly replyText: string;
  /** The unknown delivery tag of a 406 PRECONDITION_FAILED settle, else 0. */
  readonly deliveryTag: number;
}
interface OfQueue extends At {
  readonly queue: string;
  readonly queueType: QueueType;
}
export interface QueueDeclaredEvent extends OfQueue {
  readonly kind: 'queue-declared';
  /** Rebuilt by Broker.restore. */ readonly restored: boolean;
  /** Ready messages it starts with. */ readonly messages: number;
}
export interface QueueDeletedEvent extends OfQueue {
  readonly kind: 'queue-deleted';
  /** 'expired' when x-expires deleted it. */ readonly reason: '' | 'expired';
  /** Ready messages dropped with it. */ readonly messages: number;
}
export interface PurgedEvent extends OfQueue {
  readonly kind: 'purged';
  readonly messages: number;
}
export interface ExchangeEvent<K extends 'exchange-declared' | 'exchange-deleted'> extends OnChannel {
  readonly kind: K;
  readonly exchange: string;
  readonly exchangeType: ExchangeType | 'default';
}
export interface BindingEvent<K extends 'binding-created' | 'binding-deleted'> extends OnChannel {
  readonly kind: K;
  readonly source: string;
  readonly destination: string;
  readonly destinationType: 'queue' | 'exchange';
  readonly routingKey: string;
}
export interface ClockAdvancedEvent extends At {
  readonly kind: 'clock-advanced';
  readonly ms: number;
}
export interface HoldChangedEvent extends At {
  readonly kind: 'hold-changed';
  readonly hold: boolean;
  /** Deliveries held at the time. */ readonly pending: number;
}
export interface RestoredEvent extends At {
  readonly kind: 'restored';
  readonly queues: number;
}
/** Direct reply-to (rule 35): a publish to a reply name went straight to the requester's reply consumer. */
export interface ReplyDeliveredEvent extends OnChannel {
  readonly kind: 'reply-delivered';
  /** The reply name (amq.rabbitmq.reply-to.…) it was published to; publishId ties it to the publish. */
  readonly routingKey: string;
  readonly publishId: number;
  readonly consumerTag: string;
  readonly deliveryTag: number;
}
/** Direct reply-to: a reply to a name whose reply consumer is gone, dropped. */
export interface ReplyDroppedEvent extends At {
  readonly kind: 'reply-dropped';
  readonly routingKey: string;
  readonly publishId: number;
}

/**
 * One state change, a discriminated union on `kind`: switch on it and the compiler knows the fields (and
 * points at every switch when a kind is added). Numbers: ids start at 1, so 0 = none. `eventIs(kind)`
 * filters arrays of events with narrowing.
 */
export type BrokerEvent =
  | PublishedEvent
  | RoutedEvent
  | UnroutableEvent
  | ReturnedEvent
  | PublishRejectedEvent
  | ConfirmedEvent
  | EnqueuedEvent
  | DeliveredEvent
  | GetEmptyEvent
  | DeliveryReleasedEvent
  | SettledEvent<'acked'>
  | SettledEvent<'nacked'>
  | SettledEvent<'rejected'>
  | RequeuedEvent
  | RecoveredEvent
  | ExpiredEvent
  | DeadLetteredEvent
  | DroppedEvent
  | ConsumerAddedEvent
  | ConsumerCancelledEvent
  | QosEvent
  | ChannelOpenedEvent
  | ChannelClosedEvent
  | ConnectionOpenedEvent
  | ConnectionClosedEvent
  | QueueDeclaredEvent
  | QueueDeletedEvent
  | ExchangeEvent<'exchange-declared'>
  | ExchangeEvent<'exchange-deleted'>
  | BindingEvent<'binding-created'>
  | BindingEvent<'binding-deleted'>
  | PurgedEvent
  | ErrorEvent
  | ClockAdvancedEvent
  | HoldChangedEvent
  | RestoredEvent
  | ReplyDeliveredEvent
  | ReplyDroppedEvent;

/** The event type of one kind. */
export type EventOf<K extends EventKind> = Extract<BrokerEvent, { kind: K }>;

export interface EventStream {
  /** Called synchronously, in order, for every event. */
  subscribe(listener: (event: BrokerEvent) => void): Disposable;
  /** The bounded log, oldest first. */
  entries(): BrokerEvent[];
  /** Sequence number of the last event (0 = none yet). */
  readonly lastSeq: number;
}

// ---------------------------------------------------------------- snapshots

export interface QueueSnapshot {
  vhost: string;
  name: string;
  type: QueueType;
  durable: boolean;
  exclusive: boolean;
  autoDelete: boolean;
  /** messages_ready */
  ready: number;
  /** messages_unacknowledged */
  unacked: number;
  /** messages = ready + unacked */
  messages: number;
  consumers: number;
  arguments: FieldTable;
}
export interface ExchangeSnapshot {
  vhost: string;
  name: string;
  type: ExchangeType;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  arguments: FieldTable;
}
export interface BindingSnapshot {
  vhost: string;
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  routingKey: string;
  arguments: FieldTable;
}
export interface ConsumerSnapshot {
  consumerTag: string;
  queue: string;
  prefetch: number;
  noAck: boolean;
  exclusive: boolean;
  priority: number;
  /** false while another single-active consumer has the queue. */
  active: boolean;
  unacked: number;
}
export interface ChannelSnapshot {
  number: number;
  prefetch: number;
  globalPrefetch: number;
  confirm: boolean;
  tx: boolean;
  flow: boolean;
  unacked: number;
  consumers: ConsumerSnapshot[];
}
export interface ConnectionSnapshot {
  id: number;
  name: string;
  user: string;
  vhost: string;
  remoteAddress: string;
  channels: ChannelSnapshot[];
}
export interface BrokerSnapshot {
  profile: Profile;
  time: number;
  queues: QueueSnapshot[];
  exchanges: ExchangeSnapshot[];
  bindings: BindingSnapshot[];
  connections: ConnectionSnapshot[];
}

export interface ReadyEntry {
  messageId: number;
  position: number;
  redelivered: boolean;
  deliveryCount: number;
}
export interface UnackedEntry {
  messageId: number;
  connectionId: number;
  channel: number;
  deliveryTag: number;
  /** '' for basic.get */
  consumerTag: string;
  deliveredAt: number;
  redelivered: boolean;
  deliveryCount: number;
}
export interface QueueDetail extends QueueSnapshot {
  /** In delivery order. */
  readyMessages: ReadyEntry[];
  /** In delivery-tag order per channel. */
  unackedMessages: UnackedEntry[];
}

export type DeadLetterReason = 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';
/**
 * Why a copy was dropped: a dead-letter reason with no DLX to take it (or a dead-letter cycle),
 * 'purged', 'queue-deleted', 'restart' (transient message, or queue not durable), or
 * 'dlx-cycle' / 'dlx-unroutable' when the dead-letter exchange routed it nowhere.
 */
export type DropReason = DeadLetterReason | 'purged' | 'queue-deleted' | 'restart' | 'dlx-cycle' | 'dlx-unroutable';

export type MessageState =
  | { state: 'ready'; messageId: number; vhost: string; queue: string; position: number; redelivered: boolean; deliveryCount: number }
  | {
      state: 'unacked';
      messageId: number;
      vhost: string;
      queue: string;
      connectionId: number;
      channel: number;
      deliveryTag: number;
      consumerTag: string;
      deliveredAt: number;
      deliveryCount: number;
    }
  | { state: 'acked'; messageId: number; vhost: string; queue: string }
  | { state: 'dead-lettered'; messageId: number; vhost: string; queue: string; reason: DeadLetterReason }
  | { state: 'dropped'; messageId: number; vhost: string; queue: string; reason: DropReason };

export interface PendingDelivery {
  connectionId: number;
  channel: number;
  consumerTag: string;
  deliveryTag: number;
  messageId: number;
  queue: string;
}

// ---------------------------------------------------------------- durable state (restart)

/** JSON-serialisable. Bodies are base64. */
export interface DurableState {
  version: 1;
  profile: Profile;
  vhosts: string[];
  exchanges: { vhost: string; name: string; type: ExchangeType; autoDelete: boolean; internal: boolean; arguments: FieldTable }[];
  queues: {
    vhost: string;
    name: string;
    type: QueueType;
    autoDelete: boolean;
    arguments: FieldTable;
    messages: {
      exchange: string;
      routingKey: string;
      properties: BasicProperties;
      body: string;
      redelivered: boolean;
      deliveryCount: number;
      expiresAt: number | null;
    }[];
  }[];
  bindings: BindingSnapshot[];
}
