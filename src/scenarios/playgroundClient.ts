// One scenario actor on the in-process broker: its own connection and channel 1, the ActorClient the
// runner drives (playground.ts creates one per actor). The broker is synchronous, so confirms and
// deliveries arrive inside the call that caused them.
import type { BasicProperties, Broker, BrokerChannel, BrokerConnection, ConnectionSink, FieldTable } from '../broker';
import type { ActorClient, ClientEvents, ReceivedDelivery } from './backend';
import type { PublishProps } from './types';

const enc = new TextEncoder();
const dec = new TextDecoder();

function toProps(p: PublishProps): BasicProperties {
  const out: BasicProperties = {};
  if (p.persistent) out.deliveryMode = 2;
  if (p.headers) out.headers = { ...p.headers };
  if (p.replyTo !== undefined) out.replyTo = p.replyTo;
  if (p.correlationId !== undefined) out.correlationId = p.correlationId;
  if (p.expiration !== undefined) out.expiration = p.expiration;
  if (p.contentType !== undefined) out.contentType = p.contentType;
  return out;
}

interface Received {
  body: Uint8Array;
  redelivered: boolean;
  deliveryTag: number;
  exchange: string;
  routingKey: string;
  properties: BasicProperties;
}

function toReceived(m: Received, consumerTag: string): ReceivedDelivery {
  const p = m.properties;
  const d: ReceivedDelivery = {
    body: dec.decode(m.body),
    redelivered: m.redelivered,
    tag: m.deliveryTag,
    consumerTag,
    exchange: m.exchange,
    routingKey: m.routingKey,
    headers: (p.headers ?? {}) as Record<string, unknown>,
  };
  if (p.correlationId !== undefined) d.correlationId = p.correlationId;
  if (p.replyTo !== undefined) d.replyTo = p.replyTo;
  return d;
}

export class PlaygroundClient implements ActorClient {
  readonly conn: BrokerConnection;
  private readonly channel: BrokerChannel;
  private closed = false;
  private confirming = false;
  private publishSeq = 0;
  private readonly unconfirmed = new Set<number>();

  constructor(
    broker: Broker,
    private readonly actor: string,
    private readonly events: ClientEvents,
  ) {
    this.conn = broker.connect({ clientName: actor, user: 'guest', vhost: '/' }, this.sink());
    this.channel = this.conn.openChannel(1);
  }

  private sink(): ConnectionSink {
    const events = this.events;
    return {
      deliver: (_ch, d) => events.delivery(toReceived(d, d.consumerTag)),
      basicReturn: (_ch, m) => events.returned(dec.decode(m.body)),
      confirm: (_ch, c) => {
        // A multiple confirm covers every outstanding publish up to its tag: count each message.
        for (const seq of [...this.unconfirmed]) {
          if (seq === c.deliveryTag || (c.multiple && seq < c.deliveryTag)) {
            this.unconfirmed.delete(seq);
            events.confirm(!c.nack);
          }
        }
      },
      consumerCancelled: () => {
        /* cancel notifications are visible in the trace */
      },
      channelClosedByServer: (_ch, err) => events.channelError({ code: err.code, text: err.replyText }),
      connectionClosedByServer: (err) => {
        this.closed = true;
        events.channelError({ code: err.code, text: err.replyText });
      },
    };
  }

  get open(): boolean {
    return !this.closed && this.conn.isOpen && this.channel.isOpen;
  }

  private ch(): BrokerChannel {
    if (!this.channel.isOpen) throw Object.assign(new Error(`${this.actor}'s channel is closed`), { closedChannel: true });
    return this.channel;
  }

  async queueDeclare(queue: string, o: Parameters<ActorClient['queueDeclare']>[1]): Promise<{ queue: string; messageCount: number }> {
    const ok = this.ch().queueDeclare({
      queue,
      durable: o.durable ?? false,
      exclusive: o.exclusive ?? false,
      autoDelete: o.autoDelete ?? false,
      arguments: (o.arguments ?? {}) as FieldTable,
    });
    return { queue: ok.queue, messageCount: ok.messageCount };
  }
  async exchangeDeclare(exchange: string, type: string, durable: boolean): Promise<void> {
    this.ch().exchangeDeclare({ exchange, type, durable });
  }
  async bind(queue: string, exchange: string, key: string): Promise<void> {
    this.ch().queueBind({ queue, exchange, routingKey: key });
  }
  async publish(exchange: string, key: string, body: string, props: PublishProps): Promise<void> {
    if (this.confirming) this.unconfirmed.add(++this.publishSeq); // confirms arrive inside basicPublish
    this.ch().basicPublish({ exchange, routingKey: key, mandatory: props.mandatory ?? false }, toProps(props), enc.encode(body));
  }
  async confirmSelect(): Promise<void> {
    this.ch().confirmSelect({});
    this.confirming = true;
  }
  async waitConfirms(): Promise<void> {
    if (this.unconfirmed.size) throw new Error(`${this.unconfirmed.size} publishes not confirmed yet`);
  }
  async qos(prefetch: number, global: boolean): Promise<void> {
    this.ch().basicQos({ prefetchCount: prefetch, global });
  }
  async consume(queue: string, noAck: boolean, consumerTag: string | undefined): Promise<string> {
    return this.ch().basicConsume({ queue, noAck, consumerTag: consumerTag ?? '' });
  }
  async get(queue: string, noAck: boolean): Promise<ReceivedDelivery | undefined> {
    const g = this.ch().basicGet({ queue, noAck });
    return g ? toReceived(g, '') : undefined;
  }
  async ack(tag: number, multiple: boolean): Promise<void> {
    this.ch().basicAck({ deliveryTag: tag, multiple });
  }
  async nack(tag: number, multiple: boolean, requeue: boolean): Promise<void> {
    this.ch().basicNack({ deliveryTag: tag, multiple, requeue });
  }
  async reject(tag: number, requeue: boolean): Promise<void> {
    this.ch().basicReject({ deliveryTag: tag, requeue });
  }
  async cancel(tag: string): Promise<void> {
    this.ch().basicCancel({ consumerTag: tag });
  }
  async recover(): Promise<void> {
    this.ch().basicRecover({ requeue: true });
  }
  async crash(): Promise<void> {
    this.closed = true;
    this.conn.close();
  }
  async close(): Promise<void> {
    if (this.channel.isOpen) this.channel.close();
    this.closed = true;
    this.conn.close();
  }
}
