// Broker events about consumers, channels, connections, queues, exchanges, bindings, errors and the
// clock, as stepper trace events.
import type { Converters } from './traceTypes';

type TopologyKind =
  | 'consumer-added'
  | 'consumer-cancelled'
  | 'qos'
  | 'channel-opened'
  | 'channel-closed'
  | 'connection-opened'
  | 'connection-closed'
  | 'queue-declared'
  | 'queue-deleted'
  | 'purged'
  | 'exchange-declared'
  | 'exchange-deleted'
  | 'binding-created'
  | 'binding-deleted'
  | 'error'
  | 'clock-advanced'
  | 'hold-changed'
  | 'restored';

export const TOPOLOGY: Pick<Converters, TopologyKind> = {
  'consumer-added': (b, { base, ch }) => ({
    ...base,
    kind: 'consumer.add',
    queue: b.queue,
    channel: ch,
    consumer: b.consumerTag,
    noAck: b.noAck || undefined,
    prefetch: b.prefetch,
  }),
  'consumer-cancelled': (b, { base, ch }) => ({
    ...base,
    kind: 'consumer.cancel',
    queue: b.queue,
    channel: ch,
    consumer: b.consumerTag,
    reason: b.reason || undefined,
  }),
  qos: (b, { base, ch }) => ({ ...base, kind: 'qos', channel: ch, prefetch: b.prefetch }),
  'channel-opened': (_b, { base, ch, conn }) => ({ ...base, kind: 'channel.open', channel: ch, conn }),
  'channel-closed': (b, { base, ch, conn }) => ({
    ...base,
    kind: 'channel.close',
    channel: ch,
    conn,
    code: b.replyCode || undefined,
    text: b.replyText || undefined,
  }),
  'connection-opened': (b, { base, conn }) => ({
    ...base,
    kind: 'connection.open',
    conn,
    text: b.clientName && b.clientName !== conn ? b.clientName : undefined,
  }),
  'connection-closed': (b, { base, conn }) => ({ ...base, kind: 'connection.close', conn, code: b.replyCode || undefined, text: b.replyText || undefined }),
  'queue-declared': (b, { base, names }) => {
    const qt = names.queueType?.(b.queue) ?? (b.queueType === 'quorum' ? 'quorum' : undefined);
    return { ...base, kind: 'queue.declare', queue: b.queue, queueType: qt ?? 'classic' };
  },
  'queue-deleted': (b, { base }) => ({ ...base, kind: 'queue.delete', queue: b.queue }),
  purged: (b, { base }) => ({ ...base, kind: 'queue.purge', queue: b.queue, count: b.messages }),
  'exchange-declared': (b, { base }) => ({ ...base, kind: 'exchange.declare', exchange: b.exchange, exchangeType: b.exchangeType || undefined }),
  'exchange-deleted': (b, { base }) => ({ ...base, kind: 'note', text: `exchange ${b.exchange} deleted` }),
  'binding-created': (b, { base }) => ({
    ...base,
    kind: 'bind',
    exchange: b.source,
    queue: b.destinationType === 'queue' ? b.destination : undefined,
    routingKey: b.routingKey,
  }),
  'binding-deleted': (b, { base }) => ({
    ...base,
    kind: 'note',
    text: `unbind ${b.source} → ${b.destinationType === 'queue' ? b.destination : ''} '${b.routingKey}'`,
  }),
  error: (b, { base, ch, conn }) => ({
    ...base,
    kind: b.channel === 0 ? 'connection.error' : 'channel.error',
    channel: ch,
    conn,
    code: b.replyCode,
    text: b.replyText,
  }),
  'clock-advanced': (b, { base }) => ({ ...base, kind: 'clock', ms: b.ms }),
  'hold-changed': (b, { base }) => ({ ...base, kind: 'hold', text: b.hold ? 'hold deliveries: on' : 'hold deliveries: off' }),
  restored: (_b, { base }) => ({ ...base, kind: 'note', text: 'broker restarted: durable state restored' }),
};
