// The broker's events as subscribers and entries() see them: a discriminated union on `kind` (BrokerEvent),
// one interface per kind. Split from types.ts; both are re-exported by index.ts.
import type { Disposable } from './clock';
import type { DeadLetterReason, DropReason, ExchangeType, FieldTable, QueueType } from './types';

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
