// Broker events of a message's flow (publish, route, confirm, enqueue, deliver, settle, requeue, expiry,
// dead-lettering, drops, direct reply-to) as stepper trace events.
import type { EventOf } from '../broker';
import type { TraceEvent } from '../protocol/trace';
import type { Converters, TraceContext } from './traceTypes';

type FlowKind = 'published' | 'routed' | 'unroutable' | 'returned' | 'publish-rejected' | 'confirmed' | 'enqueued' | 'reply-delivered' | 'reply-dropped';

export const PUBLISH_FLOW: Pick<Converters, FlowKind> = {
  published: (b, { base, ch, conn, memory }) => {
    const publisher = ch ?? conn ?? 'publisher';
    memory.remember(b.publishId, b.exchange, publisher);
    if (ch) memory.confirmPublisher.set(ch, publisher);
    return { ...base, kind: 'publish', publisher, channel: ch, exchange: b.exchange, routingKey: b.routingKey, pub: b.publishId };
  },
  routed: (b, { base }) => ({ ...base, kind: 'route', exchange: b.exchange, routingKey: b.routingKey, pub: b.publishId, count: b.queues }),
  unroutable: (b, { base }) => ({ ...base, kind: 'unroutable', exchange: b.exchange, routingKey: b.routingKey, pub: b.publishId }),
  returned: (b, { base, ch, memory }) => ({
    ...base,
    kind: 'return',
    exchange: b.exchange,
    routingKey: b.routingKey,
    pub: b.publishId,
    code: b.replyCode,
    text: b.replyText,
    publisher: memory.publisher.get(b.publishId) ?? ch,
  }),
  'publish-rejected': (b, { base }) => ({ ...base, kind: 'drop', queue: b.queue, msg: b.messageId, reason: `reject-publish: ${b.reason}` }),
  confirmed: (b, { base, ch, memory }) => ({
    ...base,
    kind: 'confirm',
    channel: ch,
    publisher: (ch && memory.confirmPublisher.get(ch)) ?? ch,
    tag: b.deliveryTag,
    multiple: b.multiple || undefined,
    reason: b.nack ? 'nack' : 'ack',
  }),
  enqueued: (b, { base, memory }) => ({
    ...base,
    kind: 'enqueue',
    queue: b.queue,
    msg: b.messageId,
    pub: b.publishId || undefined,
    exchange: memory.exchange.get(b.publishId) ?? (b.exchange || undefined),
  }),
  'reply-delivered': (b, { base, ch }) => ({
    ...base,
    kind: 'reply',
    exchange: '',
    routingKey: b.routingKey,
    pub: b.publishId,
    channel: ch,
    consumer: b.consumerTag,
    tag: b.deliveryTag,
    noAck: true,
  }),
  'reply-dropped': (b, { base }) => ({ ...base, kind: 'reply', exchange: '', routingKey: b.routingKey, pub: b.publishId, reason: 'dropped' }),
};

type SettleKind =
  'delivered' | 'get-empty' | 'delivery-released' | 'acked' | 'nacked' | 'rejected' | 'requeued' | 'recovered' | 'expired' | 'dead-lettered' | 'dropped';

const settled = (b: EventOf<'acked' | 'nacked' | 'rejected'>, { base, ch }: TraceContext): TraceEvent | undefined => {
  if (b.autoAck) return undefined; // settled when sent; drawn on the deliver row
  return {
    ...base,
    kind: b.kind === 'acked' ? 'ack' : b.kind === 'nacked' ? 'nack' : 'reject',
    queue: b.queue,
    msg: b.messageId,
    channel: ch,
    tag: b.deliveryTag,
    multiple: b.multiple || undefined,
    requeue: b.kind === 'acked' ? undefined : b.requeue,
  };
};

export const DELIVERY_FLOW: Pick<Converters, SettleKind> = {
  delivered: (b, { base, ch }) => ({
    ...base,
    kind: b.consumerTag === '' ? 'get' : 'deliver',
    queue: b.queue,
    msg: b.messageId,
    channel: ch,
    consumer: b.consumerTag || undefined,
    tag: b.deliveryTag,
    redelivered: b.redelivered,
    deliveryCount: b.deliveryCount,
    noAck: b.noAck || undefined,
    held: b.held || undefined,
  }),
  'get-empty': (b, { base, ch }) => ({ ...base, kind: 'get-empty', queue: b.queue, channel: ch }),
  'delivery-released': (b, { base, ch }) => ({
    ...base,
    kind: 'hold',
    channel: ch,
    consumer: b.consumerTag || undefined,
    tag: b.deliveryTag,
    msg: b.messageId || undefined,
    text: `released tag ${b.deliveryTag} to ${b.consumerTag || ch || 'client'}`,
  }),
  acked: settled,
  nacked: settled,
  rejected: settled,
  requeued: (b, { base }) => ({
    ...base,
    kind: 'requeue',
    queue: b.queue,
    msg: b.messageId,
    deliveryCount: b.deliveryCount,
    reason: b.reason || undefined,
    redelivered: true,
  }),
  recovered: (_b, { base, ch }) => ({ ...base, kind: 'recover', channel: ch }),
  expired: (b, { base }) => ({ ...base, kind: 'expire', queue: b.queue, msg: b.messageId, reason: 'expired' }),
  'dead-lettered': (b, { base }) => ({ ...base, kind: 'dead-letter', queue: b.queue, msg: b.messageId, exchange: b.deadLetterExchange, reason: b.reason }),
  dropped: (b, { base }) => ({ ...base, kind: 'drop', queue: b.queue, msg: b.messageId, reason: b.reason }),
};
