// Scenario backend over a real AMQP 0-9-1 connection (amqplib): the playground's listener or a
// real RabbitMQ. Each actor is an AmqpClient (amqpClient.ts) on its own connection and channel.
import * as amqp from 'amqplib';
import { AmqpClient, closeQuietly } from './amqpClient';
import type { ActorClient, Backend, ClientEvents } from './backend';

const QUIET_MS = 120;
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
    const ch = await model.createChannel();
    return new AmqpClient(
      model,
      ch,
      events,
      () => this.touch(),
      () => dead.add(model),
    );
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
