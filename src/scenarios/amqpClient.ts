// One scenario actor over a real AMQP 0-9-1 connection (amqplib): the ActorClient that amqp.ts hands
// the runner. Its own connection and channel, so delivery tags match the playground run. "Crash"
// destroys the socket, like a killed worker process.
import type * as amqp from 'amqplib';
import type { ActorClient, ClientEvents, ReceivedDelivery } from './backend';
import type { PublishProps } from './types';

/** model.close() on a connection whose socket is gone may never settle: bound it. */
export async function closeQuietly(m: amqp.ChannelModel): Promise<void> {
  await Promise.race([m.close().catch(() => undefined), new Promise((r) => setTimeout(r, 1500).unref())]);
}

function received(m: amqp.ConsumeMessage | amqp.GetMessage, consumerTag: string): ReceivedDelivery {
  const d: ReceivedDelivery = {
    body: m.content.toString(),
    redelivered: m.fields.redelivered,
    tag: m.fields.deliveryTag,
    consumerTag,
    exchange: m.fields.exchange,
    routingKey: m.fields.routingKey,
    headers: (m.properties.headers ?? {}) as Record<string, unknown>,
  };
  if (m.properties.correlationId !== undefined) d.correlationId = String(m.properties.correlationId);
  if (m.properties.replyTo !== undefined) d.replyTo = String(m.properties.replyTo);
  return d;
}

function publishOptions(p: PublishProps): amqp.Options.Publish {
  return {
    persistent: p.persistent ?? false,
    mandatory: p.mandatory ?? false,
    ...(p.headers ? { headers: p.headers } : {}),
    ...(p.replyTo ? { replyTo: p.replyTo } : {}),
    ...(p.correlationId ? { correlationId: p.correlationId } : {}),
    ...(p.expiration ? { expiration: p.expiration } : {}),
    ...(p.contentType ? { contentType: p.contentType } : {}),
  };
}

const tagOnly = (tag: number): amqp.Message => ({ fields: { deliveryTag: tag } }) as unknown as amqp.Message;

export class AmqpClient implements ActorClient {
  private isOpen = true;
  private confirmMode = false;
  private readonly pendingConfirms = new Set<Promise<void>>();

  /**
   * @param touch called on every activity (the backend settles once nothing has happened for a while)
   * @param markDead called when the connection is gone (crash, close)
   */
  constructor(
    private readonly model: amqp.ChannelModel,
    private ch: amqp.Channel | amqp.ConfirmChannel,
    private readonly events: ClientEvents,
    private readonly touch: () => void,
    private readonly markDead: () => void,
  ) {
    this.wire(ch);
  }

  private wire(c: amqp.Channel): void {
    c.on('error', (err: Error & { code?: number }) => {
      this.touch();
      this.events.channelError({
        code: err.code ?? 0,
        text: String(err.message).replace(/^(Channel|Connection) closed by server: \d+ \(([^)]*)\) with message "(.*)"$/s, '$3'),
      });
    });
    c.on('close', () => {
      this.isOpen = false;
      this.touch();
    });
    c.on('return', (m: amqp.Message) => {
      this.touch();
      this.events.returned(m.content.toString());
    });
  }

  get open(): boolean {
    return this.isOpen;
  }

  async queueDeclare(queue: string, o: Parameters<ActorClient['queueDeclare']>[1]): Promise<{ queue: string; messageCount: number }> {
    const ok = await this.ch.assertQueue(queue, {
      durable: o.durable ?? false,
      exclusive: o.exclusive ?? false,
      autoDelete: o.autoDelete ?? false,
      arguments: o.arguments ?? {},
    });
    return { queue: ok.queue, messageCount: ok.messageCount };
  }
  async exchangeDeclare(exchange: string, type: string, durable: boolean): Promise<void> {
    await this.ch.assertExchange(exchange, type, { durable });
  }
  async bind(queue: string, exchange: string, key: string): Promise<void> {
    await this.ch.bindQueue(queue, exchange, key);
  }
  async publish(exchange: string, key: string, body: string, p: PublishProps): Promise<void> {
    const opts = publishOptions(p);
    if (this.confirmMode) {
      this.pendingConfirms.add(
        new Promise<void>((resolve) => {
          (this.ch as amqp.ConfirmChannel).publish(exchange, key, Buffer.from(body), opts, (err) => {
            this.touch();
            this.events.confirm(!err);
            resolve();
          });
        }),
      );
    } else {
      this.ch.publish(exchange, key, Buffer.from(body), opts);
    }
    this.touch();
  }
  async confirmSelect(): Promise<void> {
    // amqplib picks confirm mode at channel creation: swap to a confirm channel.
    await this.ch.close();
    this.ch = await this.model.createConfirmChannel();
    this.isOpen = true;
    this.wire(this.ch);
    this.confirmMode = true;
  }
  async waitConfirms(): Promise<void> {
    await Promise.all(this.pendingConfirms);
    this.pendingConfirms.clear();
  }
  async qos(prefetch: number, global: boolean): Promise<void> {
    await this.ch.prefetch(prefetch, global);
  }
  async consume(queue: string, noAck: boolean, consumerTag: string | undefined): Promise<string> {
    let tag = consumerTag ?? '';
    const ok = await this.ch.consume(
      queue,
      (m) => {
        this.touch();
        if (m) this.events.delivery(received(m, tag || m.fields.consumerTag));
      },
      { noAck, ...(consumerTag ? { consumerTag } : {}) },
    );
    tag = ok.consumerTag;
    return ok.consumerTag;
  }
  async get(queue: string, noAck: boolean): Promise<ReceivedDelivery | undefined> {
    const m = await this.ch.get(queue, { noAck });
    return m ? received(m, '') : undefined;
  }
  async ack(tag: number, multiple: boolean): Promise<void> {
    this.ch.ack(tagOnly(tag), multiple);
    this.touch();
  }
  async nack(tag: number, multiple: boolean, requeue: boolean): Promise<void> {
    this.ch.nack(tagOnly(tag), multiple, requeue);
    this.touch();
  }
  async reject(tag: number, requeue: boolean): Promise<void> {
    this.ch.reject(tagOnly(tag), requeue);
    this.touch();
  }
  async cancel(tag: string): Promise<void> {
    await this.ch.cancel(tag);
  }
  async recover(): Promise<void> {
    await this.ch.recover();
  }
  async crash(): Promise<void> {
    this.isOpen = false;
    const stream = (this.model.connection as unknown as { stream?: { destroy(err?: Error): void } }).stream;
    this.markDead();
    // With an error: amqplib watches the socket's 'error' and 'end', not 'close'; a plain destroy() left the
    // connection "open" on the client side, its heartbeat timers running for minutes (a CLI run did not exit).
    if (stream) stream.destroy(new Error('worker killed (simulated crash)'));
    else await closeQuietly(this.model);
    this.touch();
    await new Promise((r) => setTimeout(r, 50));
  }
  async close(): Promise<void> {
    this.isOpen = false;
    await Promise.race([this.ch.close().catch(() => undefined), new Promise((r) => setTimeout(r, 1500).unref())]);
    await closeQuietly(this.model);
    this.markDead();
    this.touch();
  }
}
