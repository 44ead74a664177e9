// The runner drives scenarios through this interface: one client per actor (its own connection
// and channel). Two implementations: the in-process playground broker (playground.ts) and any
// AMQP 0-9-1 broker through amqplib (amqp.ts).
import type { PublishProps } from './types';

export interface ReceivedDelivery {
  body: string;
  redelivered: boolean;
  tag: number;
  consumerTag: string;
  exchange: string;
  routingKey: string;
  headers: Record<string, unknown>;
  correlationId?: string;
  replyTo?: string;
}

export interface ChannelError {
  code: number;
  text: string;
}

export interface ClientEvents {
  delivery(d: ReceivedDelivery): void;
  returned(body: string): void;
  confirm(ack: boolean): void;
  channelError(e: ChannelError): void;
}

export interface ActorClient {
  queueDeclare(
    queue: string,
    opts: { durable?: boolean; exclusive?: boolean; autoDelete?: boolean; arguments?: Record<string, unknown> },
  ): Promise<{ queue: string; messageCount: number }>;
  exchangeDeclare(exchange: string, type: string, durable: boolean): Promise<void>;
  bind(queue: string, exchange: string, key: string): Promise<void>;
  publish(exchange: string, key: string, body: string, props: PublishProps): Promise<void>;
  confirmSelect(): Promise<void>;
  waitConfirms(): Promise<void>;
  qos(prefetch: number, global: boolean): Promise<void>;
  consume(queue: string, noAck: boolean, consumerTag: string | undefined): Promise<string>;
  get(queue: string, noAck: boolean): Promise<ReceivedDelivery | undefined>;
  ack(tag: number, multiple: boolean): Promise<void>;
  nack(tag: number, multiple: boolean, requeue: boolean): Promise<void>;
  reject(tag: number, requeue: boolean): Promise<void>;
  cancel(consumerTag: string): Promise<void>;
  recover(): Promise<void>;
  /** Abrupt end: the connection drops without closing the channel (process died). */
  crash(): Promise<void>;
  /** Clean end: channel.close then connection.close. */
  close(): Promise<void>;
  readonly open: boolean;
}

export interface Backend {
  readonly kind: 'playground' | 'amqp';
  /** The server's product and version once connected (e.g. RabbitMQ 3.10.8); undefined for the playground. */
  readonly server?: { product: string; version: string } | undefined;
  connect(actor: string, events: ClientEvents): Promise<ActorClient>;
  /** Wait until in-flight work has arrived (deliveries, confirms, channel errors). */
  settle(): Promise<void>;
  /** Advance virtual time (playground). Returns false when the backend has no virtual clock. */
  advanceClock(ms: number): boolean;
  /** Ready count of a queue (passive declare over AMQP; exact in the playground). */
  readyCount(queue: string): Promise<number>;
  /** Unacked count, when the backend can tell (playground only). */
  unackedCount(queue: string): number | undefined;
  /** Delete what the run declared and close every connection. */
  dispose(queues: string[], exchanges: string[]): Promise<void>;
}
