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
