// The one place the testkit reads broker events: each BrokerEvent the ack report needs becomes a
// small AckEvent (one shape per kind, each field meaning one thing). When the broker's event type
// changes, only this file changes.
import type { Broker, BrokerEvent, ConnectionInfo, Disposable, FieldTable } from '../broker';

export type SettleOp = 'ack' | 'nack' | 'reject' | 'auto-ack';

export type AckEvent =
  | { kind: 'connection-opened'; time: number; conn: number; name: string }
  | { kind: 'connection-closed'; time: number; conn: number }
  | { kind: 'channel-closed'; time: number; conn: number; ch: number; reason: string }
  | { kind: 'enqueued'; time: number; messageId: number; queue: string; exchange: string; routingKey: string }
  | {
      kind: 'delivered';
      time: number;
      conn: number;
      ch: number;
      tag: number;
      consumerTag: string;
      messageId: number;
      queue: string;
      noAck: boolean;
      deliveryCount: number;
    }
  | {
      kind: 'settled';
      time: number;
      conn: number;
      ch: number;
      tag: number;
      messageId: number;
      queue: string;
      op: SettleOp;
      requeue: boolean;
      multiple: boolean;
    }
  | { kind: 'requeued'; time: number; messageId: number; queue: string; reason: string }
  | { kind: 'dead-lettered'; time: number; messageId: number; queue: string; exchange: string }
  | { kind: 'dropped'; time: number; messageId: number; queue: string; reason: string; exchange: string }
  | { kind: 'channel-error'; time: number; conn: number; ch: number; code: number; text: string; timeout: boolean; unknownTag: number | undefined };

export function toAckEvent(e: BrokerEvent): AckEvent | undefined {
  const time = e.time;
  switch (e.kind) {
    case 'connection-opened':
      return { kind: 'connection-opened', time, conn: e.connectionId, name: e.clientName };
    case 'connection-closed':
      return { kind: 'connection-closed', time, conn: e.connectionId };
    case 'channel-closed':
      return { kind: 'channel-closed', time, conn: e.connectionId, ch: e.channel, reason: e.reason };
    case 'enqueued':
      return { kind: 'enqueued', time, messageId: e.messageId, queue: e.queue, exchange: e.exchange, routingKey: e.routingKey };
    case 'delivered':
      return {
        kind: 'delivered',
        time,
        conn: e.connectionId,
        ch: e.channel,
        tag: e.deliveryTag,
        consumerTag: e.consumerTag,
        messageId: e.messageId,
        queue: e.queue,
        noAck: e.noAck,
        deliveryCount: e.deliveryCount,
      };
    case 'acked':
    case 'nacked':
    case 'rejected': {
      const op: SettleOp = e.autoAck ? 'auto-ack' : e.kind === 'acked' ? 'ack' : e.kind === 'nacked' ? 'nack' : 'reject';
      return {
        kind: 'settled',
        time,
        conn: e.connectionId,
        ch: e.channel,
        tag: e.deliveryTag,
        messageId: e.messageId,
        queue: e.queue,
        op,
        requeue: e.requeue,
        multiple: e.multiple,
      };
    }
    case 'requeued':
      return { kind: 'requeued', time, messageId: e.messageId, queue: e.queue, reason: e.reason };
    case 'dead-lettered':
      return { kind: 'dead-lettered', time, messageId: e.messageId, queue: e.queue, exchange: e.deadLetterExchange };
    case 'dropped':
      return { kind: 'dropped', time, messageId: e.messageId, queue: e.queue, reason: e.reason, exchange: e.deadLetterExchange };
    case 'error': {
      if (e.reason === 'connection-error') return undefined;
      return {
        kind: 'channel-error',
        time,
        conn: e.connectionId,
        ch: e.channel,
        code: e.replyCode,
        text: e.replyText,
        timeout: e.reason === 'consumer-timeout',
        unknownTag: e.deliveryTag > 0 ? e.deliveryTag : undefined,
      };
    }
    default:
      return undefined;
  }
}

/** What a client said about itself in connection.start-ok (client properties). */
export interface ClientInfo {
  connectionName: string;
  product: string;
  version: string;
  platform: string;
  remoteAddress: string;
}

function str(t: FieldTable | undefined, k: string): string {
  const v = t?.[k];
  return typeof v === 'string' ? v : '';
}

export function clientInfo(info: ConnectionInfo): ClientInfo {
  const p = info.clientProperties;
  return {
    connectionName: info.clientName ?? str(p, 'connection_name'),
    product: str(p, 'product'),
    version: str(p, 'version'),
    platform: str(p, 'platform'),
    remoteAddress: info.remoteAddress ?? '',
  };
}

/**
 * Calls `onEvent` for every event the ack report needs, and `onClient` when a connection opens.
 * The broker exposes a connection's client properties only on the ConnectionInfo passed to
 * connect(), so this wraps connect() on this one Broker instance (asked broker-core for the
 * properties on the connection-opened event; then this wrapper goes).
 */
export function watchBroker(broker: Broker, onEvent: (e: AckEvent) => void, onClient: (conn: number, info: ClientInfo) => void): Disposable {
  const sub = broker.events.subscribe((e) => {
    const a = toAckEvent(e);
    if (a) onEvent(a);
  });
  const original = broker.connect;
  broker.connect = function (this: Broker, info, sink) {
    const c = original.call(this, info, sink);
    onClient(c.id, clientInfo(info));
    return c;
  };
  return {
    dispose: () => {
      sub.dispose();
      broker.connect = original;
    },
  };
}
