// Scenario backend over a real AMQP 0-9-1 connection (amqplib): the playground's listener or a
// real RabbitMQ. Each actor gets its own connection and channel, so delivery tags match the
// playground run. "Crash" destroys the socket, like a killed worker process.
import * as amqp from 'amqplib';
import type { ActorClient, Backend, ClientEvents, ReceivedDelivery } from './backend';

const QUIET_MS = 120;

/** model.close() on a connection whose socket is gone may never settle: bound it. */
async function closeQuietly(m: amqp.ChannelModel): Promise<void> {
  await Promise.race([m.close().catch(() => undefined), new Promise((r) => setTimeout(r, 1500).unref())]);
}
const SETTLE_LIMIT_MS = 5000;

export class AmqpBackend implements Backend {
  readonly kind = 'amqp' as const;
  private lastActivity = Date.now();
  private readonly models: amqp.ChannelModel[] = [];
  private readonly dead = new Set<amqp.ChannelModel>();
  private checker: { model: amqp.ChannelModel; ch: amqp.Channel } | undefined;
  server: { product: string; version: string } | undefined;

  constructor(private readonly url: string) {}

  private touch(): void {
    this.lastActivity = Date.now();
  }

  async connect(actor: string, events: ClientEvents): Promise<ActorClient> {
    const model = await amqp.connect(this.url, { clientProperties: { connection_name: actor } });
    this.models.push(model);
    const sp = model.connection.serverProperties as unknown as { product?: unknown; version?: unknown };
    this.server ??= { product: String(sp.product ?? ''), version: String(sp.version ?? '') };
    model.on('error', () => undefined); // reported through the channel's error
    const dead = this.dead;
    model.on('close', () => {
      dead.add(model);
    });
    let open = true;
    let ch: amqp.Channel | amqp.ConfirmChannel = await model.createChannel();
    let confirmMode = false;
    const pendingConfirms = new Set<Promise<void>>();
    const wire = (c: amqp.Channel): void => {
      c.on('error', (err: Error & { code?: number }) => {
        this.touch();
        events.channelError({
          code: err.code ?? 0,
          text: String(err.message).replace(/^(Channel|Connection) closed by server: \d+ \(([^)]*)\) with message "(.*)"$/s, '$3'),
        });
      });
      c.on('close', () => {
        open = false;
        this.touch();
      });
      c.on('return', (m: amqp.Message) => {
        this.touch();
        events.returned(m.content.toString());
      });
    };
    wire(ch);
    const received = (m: amqp.ConsumeMessage | amqp.GetMessage, consumerTag: string): ReceivedDelivery => {
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
    };
    const tagOnly = (tag: number): amqp.Message => ({ fields: { deliveryTag: tag } }) as unknown as amqp.Message;
    const touch = (): void => this.touch();
    return {
      get open() {
        return open;
      },
      async queueDeclare(queue, o) {
        const ok = await ch.assertQueue(queue, {
          durable: o.durable ?? false,
          exclusive: o.exclusive ?? false,
          autoDelete: o.autoDelete ?? false,
          arguments: o.arguments ?? {},
        });
        return { queue: ok.queue, messageCount: ok.messageCount };
      },
      async exchangeDeclare(exchange, type, durable) {
        await ch.assertExchange(exchange, type, { durable });
      },
      async bind(queue, exchange, key) {
        await ch.bindQueue(queue, exchange, key);
      },
      async publish(exchange, key, body, p) {
        const opts: amqp.Options.Publish = {
          persistent: p.persistent ?? false,
          mandatory: p.mandatory ?? false,
          ...(p.headers ? { headers: p.headers } : {}),
          ...(p.replyTo ? { replyTo: p.replyTo } : {}),
          ...(p.correlationId ? { correlationId: p.correlationId } : {}),
          ...(p.expiration ? { expiration: p.expiration } : {}),
          ...(p.contentType ? { contentType: p.contentType } : {}),
        };
        if (confirmMode) {
          pendingConfirms.add(
            new Promise<void>((resolve) => {
              (ch as amqp.ConfirmChannel).publish(exchange, key, Buffer.from(body), opts, (err) => {
                touch();
                events.confirm(!err);
                resolve();
              });
            }),
          );
        } else {
          ch.publish(exchange, key, Buffer.from(body), opts);
        }
        touch();
      },
      async confirmSelect() {
        // amqplib picks confirm mode at channel creation: swap to a confirm channel.
        await ch.close();
        ch = await model.createConfirmChannel();
        open = true;
        wire(ch);
        confirmMode = true;
      },
      async waitConfirms() {
        await Promise.all(pendingConfirms);
        pendingConfirms.clear();
      },
      async qos(prefetch, global) {
        await ch.prefetch(prefetch, global);
      },
      async consume(queue, noAck, consumerTag) {
        let tag = consumerTag ?? '';
        const ok = await ch.consume(
          queue,
          (m) => {
            touch();
            if (m) events.delivery(received(m, tag || m.fields.consumerTag));
          },
          { noAck, ...(consumerTag ? { consumerTag } : {}) },
        );
        tag = ok.consumerTag;
        return ok.consumerTag;
      },
      async get(queue, noAck) {
        const m = await ch.get(queue, { noAck });
        return m ? received(m, '') : undefined;
      },
      async ack(tag, multiple) {
        ch.ack(tagOnly(tag), multiple);
        touch();
      },
      async nack(tag, multiple, requeue) {
        ch.nack(tagOnly(tag), multiple, requeue);
        touch();
      },
      async reject(tag, requeue) {
        ch.reject(tagOnly(tag), requeue);
        touch();
      },
      async cancel(tag) {
        await ch.cancel(tag);
      },
      async recover() {
        await ch.recover();
      },
      async crash() {
        open = false;
        const stream = (model.connection as unknown as { stream?: { destroy(err?: Error): void } }).stream;
        dead.add(model);
        // With an error: amqplib watches the socket's 'error' and 'end', not 'close'; a plain destroy() left the
        // connection "open" on the client side, its heartbeat timers running for minutes (a CLI run did not exit).
        if (stream) stream.destroy(new Error('worker killed (simulated crash)'));
        else await closeQuietly(model);
        touch();
        await new Promise((r) => setTimeout(r, 50));
      },
      async close() {
        open = false;
        await Promise.race([ch.close().catch(() => undefined), new Promise((r) => setTimeout(r, 1500).unref())]);
        await closeQuietly(model);
        dead.add(model);
        touch();
      },
    };
  }

  async settle(): Promise<void> {
    const start = Date.now();
    // Wait until nothing has arrived for QUIET_MS (bounded): deliveries and errors are async here.
    for (;;) {
      const idle = Date.now() - this.lastActivity;
      if (idle >= QUIET_MS || Date.now() - start > SETTLE_LIMIT_MS) return;
      await new Promise((r) => setTimeout(r, QUIET_MS - idle + 5));
    }
  }

  advanceClock(): boolean {
    return false;
  }

  private async check(): Promise<amqp.Channel> {
    if (!this.checker) {
      const model = await amqp.connect(this.url, { clientProperties: { connection_name: 'acklab-checker' } });
      model.on('error', () => undefined);
      const ch = await model.createChannel();
      ch.on('error', () => undefined);
      this.checker = { model, ch };
    }
    return this.checker.ch;
  }

  async readyCount(queue: string): Promise<number> {
    try {
      return (await (await this.check()).checkQueue(queue)).messageCount;
    } catch {
      this.checker = undefined; // the 404 closed the checker's channel
      return 0;
    }
  }

  unackedCount(): number | undefined {
    return undefined;
  }

  async dispose(queues: string[], exchanges: string[]): Promise<void> {
    // Close the actors first (their exclusive queues go with them), then delete what is left.
    for (const m of this.models) if (!this.dead.has(m)) await closeQuietly(m);
    const del = async (f: (ch: amqp.Channel) => Promise<unknown>): Promise<void> => {
      try {
        await f(await this.check());
      } catch {
        if (this.checker) void closeQuietly(this.checker.model);
        this.checker = undefined;
      }
    };
    for (const q of queues) await del((ch) => ch.deleteQueue(q));
    for (const x of exchanges) await del((ch) => ch.deleteExchange(x));
    if (this.checker) await closeQuietly(this.checker.model);
    this.checker = undefined;
  }
}
