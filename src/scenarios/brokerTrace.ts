// Converts the broker's event log into the stepper's trace events (src/protocol/trace.ts).
// Used by the scenario runner, the VS Code panel and the `--ui` server. No vscode import.
import type { BasicProperties, BrokerEvent } from '../broker';
import type { QueueType, TraceEvent, TraceMessage } from '../protocol/trace';

export interface TraceNames {
  /** Display name of a connection (the scenario actor, or the client's connection_name). */
  connection(id: number): string | undefined;
  /** Queue type, when the broker can tell it. */
  queueType?(queue: string): QueueType | undefined;
}

const MAX_PUB_MEMORY = 20_000;

export class BrokerTrace {
  /** publishId -> exchange it was published to, so an enqueue can be drawn from that exchange. */
  private readonly pubExchange = new Map<number, string>();
  private readonly pubPublisher = new Map<number, string>();
  private readonly confirmPublisher = new Map<string, string>();
  /** Client names learned from connection-opened events, for connections the resolver does not know yet. */
  private readonly learned = new Map<number, string>();

  constructor(private readonly names: TraceNames = { connection: () => undefined }) {}

  private connName(id: number): string {
    return this.names.connection(id) ?? this.learned.get(id) ?? `conn${id}`;
  }

  channelKey(connectionId: number, channel: number): string {
    return `${this.connName(connectionId)}/${channel}`;
  }

  private remember(pub: number, exchange: string, publisher: string): void {
    this.pubExchange.set(pub, exchange);
    this.pubPublisher.set(pub, publisher);
    if (this.pubExchange.size > MAX_PUB_MEMORY) {
      const oldest = this.pubExchange.keys().next().value as number;
      this.pubExchange.delete(oldest);
      this.pubPublisher.delete(oldest);
    }
  }

  /** The trace event for a broker event, or undefined for events the stepper does not draw. */
  convert(b: BrokerEvent): TraceEvent | undefined {
    const base = { seq: b.seq, time: b.time };
    const connectionId = 'connectionId' in b ? b.connectionId : 0,
      channel = 'channel' in b ? b.channel : 0;
    const ch = connectionId > 0 && channel > 0 ? this.channelKey(connectionId, channel) : undefined;
    if (b.kind === 'connection-opened' && b.clientName && !this.names.connection(connectionId)) this.learned.set(connectionId, b.clientName);
    const conn = connectionId > 0 ? this.connName(connectionId) : undefined;
    // Keeps absent fields as undefined rather than deleting them: `delete` would turn every event
    // into a slow dictionary-mode object (JSON and postMessage drop or keep undefined alike).
    const opt = (o: TraceEvent): TraceEvent => o;
    switch (b.kind) {
      case 'published': {
        const publisher = ch ?? conn ?? 'publisher';
        this.remember(b.publishId, b.exchange, publisher);
        if (ch) this.confirmPublisher.set(ch, publisher);
        return opt({ ...base, kind: 'publish', publisher, channel: ch, exchange: b.exchange, routingKey: b.routingKey, pub: b.publishId });
      }
      case 'routed':
        return opt({ ...base, kind: 'route', exchange: b.exchange, routingKey: b.routingKey, pub: b.publishId, count: b.queues });
      case 'unroutable':
        return opt({ ...base, kind: 'unroutable', exchange: b.exchange, routingKey: b.routingKey, pub: b.publishId });
      case 'returned':
        return opt({
          ...base,
          kind: 'return',
          exchange: b.exchange,
          routingKey: b.routingKey,
          pub: b.publishId,
          code: b.replyCode,
          text: b.replyText,
          publisher: this.pubPublisher.get(b.publishId) ?? ch,
        });
      case 'publish-rejected':
        return opt({ ...base, kind: 'drop', queue: b.queue, msg: b.messageId, reason: `reject-publish: ${b.reason}` });
      case 'confirmed':
        return opt({
          ...base,
          kind: 'confirm',
          channel: ch,
          publisher: (ch && this.confirmPublisher.get(ch)) ?? ch,
          tag: b.deliveryTag,
          multiple: b.multiple || undefined,
          reason: b.nack ? 'nack' : 'ack',
        });
      case 'enqueued':
        return opt({
          ...base,
          kind: 'enqueue',
          queue: b.queue,
          msg: b.messageId,
          pub: b.publishId || undefined,
          exchange: this.pubExchange.get(b.publishId) ?? (b.exchange || undefined),
        });
      case 'delivered':
        return opt({
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
        });
      case 'get-empty':
        return opt({ ...base, kind: 'get-empty', queue: b.queue, channel: ch });
      case 'delivery-released':
        return opt({
          ...base,
          kind: 'hold',
          channel: ch,
          consumer: b.consumerTag || undefined,
          tag: b.deliveryTag,
          msg: b.messageId || undefined,
          text: `released tag ${b.deliveryTag} to ${b.consumerTag || ch || 'client'}`,
        });
      case 'acked':
      case 'nacked':
      case 'rejected':
        if (b.autoAck) return undefined; // settled when sent; drawn on the deliver row
        return opt({
          ...base,
          kind: b.kind === 'acked' ? 'ack' : b.kind === 'nacked' ? 'nack' : 'reject',
          queue: b.queue,
          msg: b.messageId,
          channel: ch,
          tag: b.deliveryTag,
          multiple: b.multiple || undefined,
          requeue: b.kind === 'acked' ? undefined : b.requeue,
        });
      case 'requeued':
        return opt({
          ...base,
          kind: 'requeue',
          queue: b.queue,
          msg: b.messageId,
          deliveryCount: b.deliveryCount,
          reason: b.reason || undefined,
          redelivered: true,
        });
      case 'recovered':
        return opt({ ...base, kind: 'recover', channel: ch });
      case 'expired':
        return opt({ ...base, kind: 'expire', queue: b.queue, msg: b.messageId, reason: 'expired' });
      case 'dead-lettered':
        return opt({ ...base, kind: 'dead-letter', queue: b.queue, msg: b.messageId, exchange: b.deadLetterExchange, reason: b.reason });
      case 'dropped':
        return opt({ ...base, kind: 'drop', queue: b.queue, msg: b.messageId, reason: b.reason });
      case 'consumer-added':
        return opt({ ...base, kind: 'consumer.add', queue: b.queue, channel: ch, consumer: b.consumerTag, noAck: b.noAck || undefined, prefetch: b.prefetch });
      case 'consumer-cancelled':
        return opt({ ...base, kind: 'consumer.cancel', queue: b.queue, channel: ch, consumer: b.consumerTag, reason: b.reason || undefined });
      case 'qos':
        return opt({ ...base, kind: 'qos', channel: ch, prefetch: b.prefetch });
      case 'channel-opened':
        return opt({ ...base, kind: 'channel.open', channel: ch, conn });
      case 'channel-closed':
        return opt({ ...base, kind: 'channel.close', channel: ch, conn, code: b.replyCode || undefined, text: b.replyText || undefined });
      case 'connection-opened':
        return opt({ ...base, kind: 'connection.open', conn, text: b.clientName && b.clientName !== conn ? b.clientName : undefined });
      case 'connection-closed':
        return opt({ ...base, kind: 'connection.close', conn, code: b.replyCode || undefined, text: b.replyText || undefined });
      case 'queue-declared': {
        const qt = this.names.queueType?.(b.queue) ?? (b.queueType === 'quorum' ? 'quorum' : undefined);
        return opt({ ...base, kind: 'queue.declare', queue: b.queue, queueType: qt ?? 'classic' });
      }
      case 'queue-deleted':
        return opt({ ...base, kind: 'queue.delete', queue: b.queue });
      case 'purged':
        return opt({ ...base, kind: 'queue.purge', queue: b.queue, count: b.messages });
      case 'exchange-declared':
        return opt({ ...base, kind: 'exchange.declare', exchange: b.exchange, exchangeType: b.exchangeType || undefined });
      case 'exchange-deleted':
        return opt({ ...base, kind: 'note', text: `exchange ${b.exchange} deleted` });
      case 'binding-created':
        return opt({ ...base, kind: 'bind', exchange: b.source, queue: b.destinationType === 'queue' ? b.destination : undefined, routingKey: b.routingKey });
      case 'binding-deleted':
        return opt({ ...base, kind: 'note', text: `unbind ${b.source} → ${b.destinationType === 'queue' ? b.destination : ''} '${b.routingKey}'` });
      case 'error':
        return opt({ ...base, kind: b.channel === 0 ? 'connection.error' : 'channel.error', channel: ch, conn, code: b.replyCode, text: b.replyText });
      case 'clock-advanced':
        return { ...base, kind: 'clock', ms: b.ms };
      case 'hold-changed':
        return { ...base, kind: 'hold', text: b.hold ? 'hold deliveries: on' : 'hold deliveries: off' };
      case 'restored':
        return { ...base, kind: 'note', text: 'broker restarted: durable state restored' };
      case 'reply-delivered':
        return opt({
          ...base,
          kind: 'reply',
          exchange: '',
          routingKey: b.routingKey,
          pub: b.publishId,
          channel: ch,
          consumer: b.consumerTag,
          tag: b.deliveryTag,
          noAck: true,
        });
      case 'reply-dropped':
        return opt({ ...base, kind: 'reply', exchange: '', routingKey: b.routingKey, pub: b.publishId, reason: 'dropped' });
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A message's body as text (or base64 when it is not UTF-8), with its properties, for the state panel. */
function traceMessage(id: number, body: Uint8Array, extra: Omit<TraceMessage, 'id' | 'body' | 'binary'> = {}): TraceMessage {
  const max = 64 * 1024;
  const slice = body.length > max ? body.subarray(0, max) : body;
  try {
    const text = utf8.decode(slice);
    return { id, body: body.length > max ? `${text}… (${body.length} bytes)` : text, ...extra };
  } catch {
    return { id, body: Buffer.from(slice).toString('base64'), binary: true, ...extra };
  }
}

/** A trace message from a broker message's content (properties without headers, headers apart). */
export function contentMessage(id: number, c: { exchange: string; routingKey: string; properties: BasicProperties; body: Uint8Array }): TraceMessage {
  const { headers, ...rest } = c.properties;
  return traceMessage(id, c.body, {
    exchange: c.exchange,
    routingKey: c.routingKey,
    properties: Object.keys(rest).length ? rest : undefined,
    headers: headers as Record<string, unknown> | undefined,
  });
}
