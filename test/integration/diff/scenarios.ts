// Scripted scenarios run with amqplib against both a real RabbitMQ and `acklab serve`'s listener.
// Each one logs a trace of what a client can observe (deliveries with tags, redelivered flags and bodies,
// get-ok message counts, queue counters, confirms, returns, error codes and texts); the test compares
// the normalised traces. Rule numbers refer to docs/semantics.md.
import { dirname, join } from 'node:path';
import type * as amqp from 'amqplib';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const defs = require(join(dirname(require.resolve('amqplib')), 'lib', 'defs.js'));

export interface Counters {
  ready: number;
  unacked: number;
  consumers: number;
}

export interface Target {
  name: string;
  url: string;
  /** `rabbitmqctl list_queues name messages_ready messages_unacknowledged consumers` for one queue. */
  counters(queue: string): Promise<Counters>;
}

export type TraceEntry = Record<string, unknown>;

export class Ctx {
  readonly trace: TraceEntry[] = [];
  private readonly conns: amqp.ChannelModel[] = [];
  private ctagNames = new Map<string, string>();

  constructor(
    readonly target: Target,
    private readonly amqplib: typeof amqp,
    readonly prefix: string,
  ) {}

  q(name: string): string {
    return `${this.prefix}.${name}`;
  }

  log(e: TraceEntry): void {
    this.trace.push(e);
  }

  /** Consumer tags are server-generated: name them c1, c2… in order of appearance. */
  ctag(tag: string): string {
    let n = this.ctagNames.get(tag);
    if (!n) {
      n = `c${this.ctagNames.size + 1}`;
      this.ctagNames.set(tag, n);
    }
    return n;
  }

  async connect(label = 'conn'): Promise<amqp.ChannelModel> {
    const c = await this.amqplib.connect(this.target.url);
    c.on('error', (e: Error) => this.log({ ev: 'connection-error', conn: label, ...errorInfo(e) }));
    this.conns.push(c);
    return c;
  }

  async channel(conn: amqp.ChannelModel, label = 'ch'): Promise<amqp.Channel> {
    const ch = await conn.createChannel();
    watch(this, ch, label);
    return ch;
  }

  async confirmChannel(conn: amqp.ChannelModel, label = 'ch'): Promise<amqp.ConfirmChannel> {
    const ch = await conn.createConfirmChannel();
    watch(this, ch, label);
    return ch;
  }

  /** Logs every delivery of a consumer: { ev: 'deliver', c, tag, redelivered, body }. */
  async consume(
    ch: amqp.Channel,
    queue: string,
    opts: amqp.Options.Consume = {},
    extra?: (m: amqp.ConsumeMessage) => TraceEntry,
  ): Promise<{ tag: string; msgs: amqp.ConsumeMessage[] }> {
    const msgs: amqp.ConsumeMessage[] = [];
    let label = '';
    const ok = await ch.consume(
      queue,
      (m) => {
        if (!m) {
          this.log({ ev: 'cancelled-by-server', c: label });
          return;
        }
        msgs.push(m);
        this.log({
          ev: 'deliver',
          c: this.ctag(m.fields.consumerTag),
          tag: m.fields.deliveryTag,
          redelivered: m.fields.redelivered,
          body: m.content.toString(),
          ...(extra ? extra(m) : {}),
        });
      },
      opts,
    );
    label = this.ctag(ok.consumerTag);
    return { tag: ok.consumerTag, msgs };
  }

  async get(ch: amqp.Channel, queue: string, opts: amqp.Options.Get = {}): Promise<amqp.GetMessage | false> {
    const m = await ch.get(queue, opts);
    if (m === false) this.log({ ev: 'get-empty' });
    else
      this.log({ ev: 'get-ok', tag: m.fields.deliveryTag, redelivered: m.fields.redelivered, body: m.content.toString(), messageCount: m.fields.messageCount });
    return m;
  }

  async counters(queue: string): Promise<void> {
    const c = await this.target.counters(queue);
    this.log({ ev: 'counters', queue: queue.slice(this.prefix.length + 1), ...c });
  }

  /** Waits until `cond` holds (polling), at most `ms`. */
  async until(cond: () => boolean, ms = 3000): Promise<void> {
    const end = Date.now() + ms;
    while (!cond() && Date.now() < end) await sleep(10);
  }

  /** Lets in-flight frames arrive (used before asserting that nothing more came). */
  settle(ms = 150): Promise<void> {
    return sleep(ms);
  }

  async closeAll(): Promise<void> {
    for (const c of this.conns.reverse()) {
      try {
        await c.close();
      } catch {
        /* already closed */
      }
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function errorInfo(e: Error & { code?: number }): TraceEntry {
  const m = /with message "(.*)"$/s.exec(e.message);
  return { code: e.code, text: m ? m[1] : e.message };
}

const closedChannels = new WeakSet<object>();
function watch(ctx: Ctx, ch: amqp.Channel, label: string): void {
  ch.on('error', (e: Error) => ctx.log({ ev: 'channel-error', ch: label, ...errorInfo(e) }));
  ch.on('close', () => closedChannels.add(ch));
  ch.on('return', (m: amqp.Message) =>
    ctx.log({
      ev: 'return',
      ch: label,
      code: (m.fields as unknown as { replyCode: number }).replyCode,
      text: (m.fields as unknown as { replyText: string }).replyText,
      routingKey: m.fields.routingKey,
      body: m.content.toString(),
    }),
  );
}

export function isClosed(ch: amqp.Channel): boolean {
  return closedChannels.has(ch);
}

/** Sends a method amqplib has no helper for (e.g. qos with prefetch_size) and waits for the reply. */
export function rawRpc(ch: amqp.Channel, method: string, fields: Record<string, unknown>, reply: string): Promise<unknown> {
  const c = ch as unknown as { rpc(m: number, f: unknown, e: number): Promise<unknown> };
  return c.rpc(defs[method], fields, defs[reply]);
}
/** Sends a method without waiting for a reply. */
export function rawSend(ch: amqp.Channel, method: string, fields: Record<string, unknown>): void {
  (ch as unknown as { sendImmediately(m: number, f: unknown): void }).sendImmediately(defs[method], fields);
}

export async function waitClosed(ch: amqp.Channel, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!isClosed(ch) && Date.now() < end) await sleep(10);
}

async function publishN(ch: amqp.Channel, queue: string, n: number, opts: amqp.Options.Publish = {}): Promise<void> {
  for (let i = 1; i <= n; i++) ch.sendToQueue(queue, Buffer.from(`m${i}`), opts);
  // A round trip on the same channel: everything published before it has been routed.
  await ch.checkQueue(queue);
}

async function fresh(ctx: Ctx, ch: amqp.Channel, name: string, args: amqp.Options.AssertQueue = {}): Promise<string> {
  const q = ctx.q(name);
  await ch.assertQueue(q, { durable: false, ...args });
  return q;
}

/** Headers of a dead-lettered message without the fields that depend on time or the queue name prefix. */
function deathInfo(ctx: Ctx, m: amqp.Message): TraceEntry {
  const h = (m.properties.headers ?? {}) as Record<string, unknown>;
  const strip = (s: unknown) => (typeof s === 'string' ? s.replace(`${ctx.prefix}.`, '') : s);
  const deaths = ((h['x-death'] as Record<string, unknown>[] | undefined) ?? []).map((d) => ({
    count: Number(d.count),
    reason: d.reason,
    queue: strip(d.queue),
    exchange: strip(d.exchange),
    'routing-keys': ((d['routing-keys'] as string[]) ?? []).map(strip),
    'original-expiration': d['original-expiration'],
    hasTime: d.time !== undefined,
  }));
  return {
    deaths,
    firstDeath: [h['x-first-death-reason'], strip(h['x-first-death-queue']), strip(h['x-first-death-exchange'])],
    lastDeath: [h['x-last-death-reason'], strip(h['x-last-death-queue']), strip(h['x-last-death-exchange'])],
    expiration: m.properties.expiration,
  };
}

export interface Scenario {
  name: string;
  rule: string;
  run(ctx: Ctx): Promise<void>;
}

export const scenarios: Scenario[] = [
  // ---------------------------------------------------------------- A. delivery tags
  {
    name: 'consumer delivery tags start at 1 and increase by 1',
    rule: 'A1',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'a1');
      await publishN(ch, q, 3);
      const c = await ctx.consume(ch, q);
      await ctx.until(() => c.msgs.length === 3);
      ch.ack(c.msgs[2]!, true);
      await ctx.settle();
    },
  },
  {
    name: 'get-ok takes a tag, get-empty does not',
    rule: 'A2',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'a2');
      await publishN(ch, q, 2);
      await ctx.get(ch, q);
      await ctx.get(ch, q);
      await ctx.get(ch, q);
      await publishN(ch, q, 1);
      await ctx.get(ch, q);
      await ctx.counters(q);
    },
  },
  {
    name: 'publisher-confirm sequence numbers are separate from delivery tags',
    rule: 'A4/L34',
    async run(ctx) {
      const conn = await ctx.connect();
      const ch = await ctx.confirmChannel(conn);
      const q = await fresh(ctx, ch, 'a4');
      const seqs: number[] = [];
      const orig = ch.sendToQueue.bind(ch);
      for (let i = 1; i <= 3; i++) orig(q, Buffer.from(`m${i}`), {}, (err) => seqs.push(err ? -i : i));
      await ch.waitForConfirms();
      ctx.log({ ev: 'confirms', seqs: [...seqs].sort() });
      await ctx.get(ch, q);
      await ctx.get(ch, q);
    },
  },
  {
    name: 'manual-ack and no-ack consumers on one channel share the tag sequence',
    rule: 'A1/A2',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q1 = await fresh(ctx, ch, 'a5a');
      const q2 = await fresh(ctx, ch, 'a5b');
      await publishN(ch, q1, 2);
      await publishN(ch, q2, 2);
      const a = await ctx.consume(ch, q1);
      await ctx.until(() => a.msgs.length === 2);
      const b = await ctx.consume(ch, q2, { noAck: true });
      await ctx.until(() => b.msgs.length === 2);
      await ctx.get(ch, q1);
      await ctx.counters(q1);
    },
  },

  // ---------------------------------------------------------------- B. ack / nack / reject
  {
    name: 'ack multiple=false settles one tag, multiple=true settles every tag up to N',
    rule: 'B5',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'b5');
      await publishN(ch, q, 5);
      const got = [];
      for (let i = 0; i < 5; i++) got.push((await ctx.get(ch, q)) as amqp.GetMessage);
      ch.ack(got[4]!, false);
      await ctx.counters(q);
      ch.ack(got[2]!, true);
      await ctx.counters(q);
      ch.nack(got[3]!, true, true);
      await ctx.settle();
      await ctx.counters(q);
      await ctx.get(ch, q);
    },
  },
  {
    name: 'ack(0, multiple=true) settles everything, and is a no-op with nothing outstanding',
    rule: 'B6',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'b6');
      await publishN(ch, q, 3);
      for (let i = 0; i < 3; i++) await ctx.get(ch, q);
      rawSend(ch, 'BasicAck', { deliveryTag: 0, multiple: true });
      await ctx.counters(q);
      rawSend(ch, 'BasicAck', { deliveryTag: 0, multiple: true });
      await ctx.settle();
      ctx.log({ ev: 'channel-open', open: !isClosed(ch) });
    },
  },
  {
    name: 'double ack is 406 unknown delivery tag and closes the channel (unacked requeued)',
    rule: 'B7',
    async run(ctx) {
      const conn = await ctx.connect();
      const ch = await ctx.channel(conn);
      const q = await fresh(ctx, ch, 'b7a');
      await publishN(ch, q, 2);
      const m1 = (await ctx.get(ch, q)) as amqp.GetMessage;
      await ctx.get(ch, q);
      ch.ack(m1);
      ch.ack(m1);
      await waitClosed(ch);
      const ch2 = await ctx.channel(conn, 'ch2');
      await ctx.get(ch2, q);
      await ctx.counters(q);
    },
  },
  {
    name: 'ack of a future tag is 406',
    rule: 'B7',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'b7b');
      await publishN(ch, q, 1);
      await ctx.get(ch, q);
      rawSend(ch, 'BasicAck', { deliveryTag: 99, multiple: false });
      await waitClosed(ch);
      await ctx.counters(q);
    },
  },
  {
    name: 'acking an auto-ack delivery is 406',
    rule: 'B7/I31',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'b7c');
      await publishN(ch, q, 1);
      await ctx.get(ch, q, { noAck: true });
      rawSend(ch, 'BasicAck', { deliveryTag: 1, multiple: false });
      await waitClosed(ch);
    },
  },
  {
    name: 'a tag settled on another channel is 406 there; the message stays unacked on its own channel',
    rule: 'B7',
    async run(ctx) {
      const conn = await ctx.connect();
      const ch1 = await ctx.channel(conn, 'ch1');
      const ch2 = await ctx.channel(conn, 'ch2');
      const q = await fresh(ctx, ch1, 'b7d');
      await publishN(ch1, q, 1);
      await ctx.get(ch1, q);
      rawSend(ch2, 'BasicAck', { deliveryTag: 1, multiple: false });
      await waitClosed(ch2);
      await ctx.counters(q);
      await ch1.close();
      await ctx.counters(q);
    },
  },
  {
    name: 'reject of tag 0 is 406 (reject has no multiple)',
    rule: 'B7/B8',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'b7e');
      await publishN(ch, q, 1);
      await ctx.get(ch, q);
      rawSend(ch, 'BasicReject', { deliveryTag: 0, requeue: true });
      await waitClosed(ch);
      await ctx.counters(q);
    },
  },
  {
    name: 'nack of an unknown tag is 406',
    rule: 'B7',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      await fresh(ctx, ch, 'b7f');
      rawSend(ch, 'BasicNack', { deliveryTag: 5, multiple: false, requeue: true });
      await waitClosed(ch);
    },
  },
  {
    name: 'reject requeue=false without a DLX drops the message',
    rule: 'B9',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'b9');
      await publishN(ch, q, 2);
      const m = (await ctx.get(ch, q)) as amqp.GetMessage;
      ch.reject(m, false);
      await ctx.counters(q);
      await ctx.get(ch, q);
    },
  },

  // ---------------------------------------------------------------- C. requeue position
  {
    name: 'a requeued message returns to its original position (probed 1..5, nack 2)',
    rule: 'C10',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'c10a');
      await publishN(ch, q, 5);
      const m = [];
      for (let i = 0; i < 3; i++) m.push((await ctx.get(ch, q)) as amqp.GetMessage);
      ch.nack(m[1]!, false, true);
      for (let i = 0; i < 4; i++) await ctx.get(ch, q);
    },
  },
  {
    name: 'requeue order follows publish order, not nack order',
    rule: 'C10',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'c10b');
      await publishN(ch, q, 5);
      const m = [];
      for (let i = 0; i < 4; i++) m.push((await ctx.get(ch, q)) as amqp.GetMessage);
      ch.nack(m[3]!, false, true);
      ch.reject(m[0]!, true);
      ch.nack(m[2]!, false, true);
      for (let i = 0; i < 5; i++) await ctx.get(ch, q);
    },
  },
  {
    name: 'redelivered is false on first delivery and true after a requeue (consumer)',
    rule: 'C12',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'c12');
      await ch.prefetch(1);
      await publishN(ch, q, 2);
      const c = await ctx.consume(ch, q);
      await ctx.until(() => c.msgs.length === 1);
      ch.reject(c.msgs[0]!, true);
      await ctx.until(() => c.msgs.length === 2);
      ch.ack(c.msgs[1]!);
      await ctx.until(() => c.msgs.length === 3);
      ch.ack(c.msgs[2]!);
      await ctx.settle();
      await ctx.counters(q);
    },
  },
  {
    name: 'nack(multiple, requeue) puts every outstanding tag back in publish order',
    rule: 'B5/C10',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'c10c');
      await publishN(ch, q, 4);
      const m = [];
      for (let i = 0; i < 3; i++) m.push((await ctx.get(ch, q)) as amqp.GetMessage);
      ch.nack(m[2]!, true, true);
      for (let i = 0; i < 4; i++) await ctx.get(ch, q);
    },
  },

  // ---------------------------------------------------------------- E. close, cancel, recover
  {
    name: 'channel close requeues unacked in original order (probed 1..6, ack 2)',
    rule: 'E17',
    async run(ctx) {
      const conn = await ctx.connect();
      const ch = await ctx.channel(conn);
      const q = await fresh(ctx, ch, 'e17a');
      await publishN(ch, q, 6);
      const m = [];
      for (let i = 0; i < 4; i++) m.push((await ctx.get(ch, q)) as amqp.GetMessage);
      ch.ack(m[1]!);
      await ch.close();
      const ch2 = await ctx.channel(conn, 'ch2');
      for (let i = 0; i < 6; i++) await ctx.get(ch2, q);
    },
  },
  {
    name: 'connection close requeues the unacked deliveries of every channel',
    rule: 'E17',
    async run(ctx) {
      const conn = await ctx.connect('c1');
      const ch = await ctx.channel(conn);
      const q = await fresh(ctx, ch, 'e17b');
      await publishN(ch, q, 3);
      const c = await ctx.consume(ch, q);
      await ctx.until(() => c.msgs.length === 3);
      await conn.close();
      const ch2 = await ctx.channel(await ctx.connect('c2'), 'ch2');
      await ctx.counters(q);
      for (let i = 0; i < 4; i++) await ctx.get(ch2, q);
    },
  },
  {
    name: 'basic.cancel keeps unacked messages outstanding; they can still be acked',
    rule: 'E18',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'e18');
      await publishN(ch, q, 3);
      const c = await ctx.consume(ch, q);
      await ctx.until(() => c.msgs.length === 3);
      await ch.cancel(c.tag);
      await ctx.counters(q);
      ch.ack(c.msgs[0]!);
      await ctx.counters(q);
      const ok = await ch.cancel('no-such-consumer');
      ctx.log({ ev: 'cancel-ok', tag: ok.consumerTag });
    },
  },
  {
    name: 'basic.recover(requeue=true) requeues consumer and get deliveries',
    rule: 'E19',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'e19a');
      await publishN(ch, q, 3);
      await ctx.get(ch, q);
      await ctx.get(ch, q);
      await ch.recover();
      await ctx.counters(q);
      for (let i = 0; i < 4; i++) await ctx.get(ch, q);
    },
  },
  {
    name: 'basic.recover(requeue=false) is 540 NOT_IMPLEMENTED (connection error)',
    rule: 'E19',
    async run(ctx) {
      const conn = await ctx.connect();
      const ch = await ctx.channel(conn);
      await fresh(ctx, ch, 'e19b');
      await rawRpc(ch, 'BasicRecover', { requeue: false }, 'BasicRecoverOk').catch(() => undefined);
      await waitClosed(ch);
      await ctx.settle(300);
    },
  },

  // ---------------------------------------------------------------- F. prefetch and dispatch
  {
    name: 'prefetch 2: two deliveries in flight until an ack frees a slot',
    rule: 'F24',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'f24a');
      await ch.prefetch(2);
      await publishN(ch, q, 5);
      const c = await ctx.consume(ch, q);
      await ctx.until(() => c.msgs.length === 2);
      await ctx.settle();
      await ctx.counters(q);
      ch.ack(c.msgs[0]!);
      await ctx.until(() => c.msgs.length === 3);
      ch.nack(c.msgs[1]!, false, false);
      await ctx.until(() => c.msgs.length === 4);
      await ctx.settle();
      await ctx.counters(q);
    },
  },
  {
    name: 'basic.qos(global=false) applies to consumers created afterwards only',
    rule: 'F20',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'f20');
      await ch.prefetch(1);
      await publishN(ch, q, 6);
      const c = await ctx.consume(ch, q);
      await ctx.until(() => c.msgs.length === 1);
      await ch.prefetch(3);
      await ctx.settle();
      await ctx.counters(q);
    },
  },
  {
    name: 'global qos is a channel-wide limit alongside the per-consumer one',
    rule: 'F22',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q1 = await fresh(ctx, ch, 'f22a');
      const q2 = await fresh(ctx, ch, 'f22b');
      await ch.prefetch(2, false);
      await ch.prefetch(3, true);
      await publishN(ch, q1, 4);
      await publishN(ch, q2, 4);
      const a = await ctx.consume(ch, q1);
      await ctx.until(() => a.msgs.length === 2);
      const b = await ctx.consume(ch, q2);
      await ctx.until(() => b.msgs.length === 1);
      await ctx.settle();
      await ctx.counters(q1);
      await ctx.counters(q2);
    },
  },
  {
    name: 'basic.qos(global=false) after a global qos lifts the channel-wide limit (rabbit_channel unlimit_prefetch)',
    rule: 'F20/F22',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q1 = await fresh(ctx, ch, 'f22c');
      const q2 = await fresh(ctx, ch, 'f22d');
      await ch.prefetch(3, true);
      await ch.prefetch(2, false);
      await publishN(ch, q1, 4);
      await publishN(ch, q2, 4);
      const a = await ctx.consume(ch, q1);
      await ctx.until(() => a.msgs.length === 2);
      const b = await ctx.consume(ch, q2);
      await ctx.until(() => b.msgs.length === 2);
      await ctx.settle();
      await ctx.counters(q1);
      await ctx.counters(q2);
    },
  },
  {
    name: 'prefetch_size != 0 is 540 NOT_IMPLEMENTED',
    rule: 'F23',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      await rawRpc(ch, 'BasicQos', { prefetchSize: 10, prefetchCount: 0, global: false }, 'BasicQosOk').catch(() => undefined);
      await waitClosed(ch);
      await ctx.settle(300);
    },
  },
  {
    name: 'basic.get and auto-ack deliveries never count against prefetch',
    rule: 'F24/J32',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'f24b');
      const q2 = await fresh(ctx, ch, 'f24c');
      await ch.prefetch(1);
      await publishN(ch, q, 3);
      await publishN(ch, q2, 2);
      await ctx.get(ch, q);
      await ctx.get(ch, q);
      const c = await ctx.consume(ch, q);
      await ctx.until(() => c.msgs.length === 1);
      const d = await ctx.consume(ch, q2, { noAck: true });
      await ctx.until(() => d.msgs.length === 2);
      await ctx.settle();
      await ctx.counters(q);
    },
  },
  {
    name: 'dispatch is round-robin among consumers with free capacity',
    rule: 'F25',
    async run(ctx) {
      const conn = await ctx.connect();
      const ch1 = await ctx.channel(conn, 'ch1');
      const ch2 = await ctx.channel(conn, 'ch2');
      const q = await fresh(ctx, ch1, 'f25');
      await ch1.prefetch(10);
      await ch2.prefetch(10);
      const a = await ctx.consume(ch1, q);
      const b = await ctx.consume(ch2, q);
      await publishN(ch1, q, 6);
      await ctx.until(() => a.msgs.length + b.msgs.length === 6);
      ctx.log({ ev: 'split', a: a.msgs.map((m) => m.content.toString()), b: b.msgs.map((m) => m.content.toString()) });
      // trace order across two channels is not defined; keep only per-consumer order
      ctx.trace.splice(0, ctx.trace.length, ...ctx.trace.filter((e) => e.ev !== 'deliver'));
    },
  },
  {
    name: 'consumer priorities: the higher x-priority consumer gets messages while it has capacity',
    rule: 'F25',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'f25b');
      await ch.prefetch(2);
      const lo = await ctx.consume(ch, q, { priority: 1 });
      const hi = await ctx.consume(ch, q, { priority: 10 });
      await publishN(ch, q, 5);
      await ctx.until(() => lo.msgs.length + hi.msgs.length === 4);
      await ctx.settle();
      ctx.log({ ev: 'split', lo: lo.msgs.map((m) => m.content.toString()), hi: hi.msgs.map((m) => m.content.toString()) });
      ctx.trace.splice(0, ctx.trace.length, ...ctx.trace.filter((e) => e.ev !== 'deliver'));
    },
  },

  // ---------------------------------------------------------------- I. auto-ack
  {
    name: 'auto-ack deliveries are never unacked and are lost when the consumer goes away',
    rule: 'I31',
    async run(ctx) {
      const conn = await ctx.connect();
      const ch = await ctx.channel(conn);
      const q = await fresh(ctx, ch, 'i31');
      await publishN(ch, q, 3);
      const c = await ctx.consume(ch, q, { noAck: true });
      await ctx.until(() => c.msgs.length === 3);
      await ctx.counters(q);
      await ch.close();
      const ch2 = await ctx.channel(conn, 'ch2');
      await ctx.get(ch2, q);
    },
  },

  // ---------------------------------------------------------------- J. basic.get
  {
    name: 'get-ok message_count is the ready count after the fetch (probed 4,3,2)',
    rule: 'J32',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'j32');
      await publishN(ch, q, 5);
      for (let i = 0; i < 3; i++) await ctx.get(ch, q);
      await ctx.counters(q);
      const d = await ch.checkQueue(q);
      ctx.log({ ev: 'declare-ok', messageCount: d.messageCount, consumerCount: d.consumerCount });
    },
  },

  // ---------------------------------------------------------------- K. counters
  {
    name: 'ready + unacked counters through publish, deliver, ack, requeue, purge',
    rule: 'K33',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'k33');
      await publishN(ch, q, 4);
      await ctx.counters(q);
      const m1 = (await ctx.get(ch, q)) as amqp.GetMessage;
      const m2 = (await ctx.get(ch, q)) as amqp.GetMessage;
      await ctx.counters(q);
      ch.ack(m1);
      ch.nack(m2, false, true);
      await ctx.counters(q);
      const p = await ch.purgeQueue(q);
      ctx.log({ ev: 'purge-ok', messageCount: p.messageCount });
      await ctx.counters(q);
      const del = await ch.deleteQueue(q);
      ctx.log({ ev: 'delete-ok', messageCount: del.messageCount });
    },
  },
  {
    name: 'x-max-length counts ready messages only (drop-head)',
    rule: 'K33',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'k33b', { arguments: { 'x-max-length': 2 } });
      await publishN(ch, q, 2);
      await ctx.get(ch, q);
      await publishN(ch, q, 3);
      await ctx.counters(q);
      for (let i = 0; i < 3; i++) await ctx.get(ch, q);
    },
  },

  // ---------------------------------------------------------------- L. confirms
  {
    name: 'unroutable mandatory publish: basic.return comes before the confirm',
    rule: 'L34',
    async run(ctx) {
      const ch = await ctx.confirmChannel(await ctx.connect());
      const order: string[] = [];
      ch.on('return', () => order.push('return'));
      await new Promise<void>((resolve) => {
        ch.publish('', ctx.q('nowhere'), Buffer.from('lost'), { mandatory: true }, (err) => {
          order.push(err ? 'nack' : 'ack');
          resolve();
        });
      });
      ch.publish('amq.direct', 'nobody', Buffer.from('dropped'), {}, () => order.push('ack2'));
      await ch.waitForConfirms();
      ctx.log({ ev: 'order', order });
    },
  },
  {
    name: 'confirms for routed messages, sequence numbers from 1',
    rule: 'L34',
    async run(ctx) {
      const ch = await ctx.confirmChannel(await ctx.connect());
      const q = await fresh(ctx, ch, 'l34b');
      const acked: number[] = [];
      for (let i = 1; i <= 5; i++) ch.sendToQueue(q, Buffer.from(`m${i}`), {}, (err) => acked.push(err ? -i : i));
      await ch.waitForConfirms();
      ctx.log({ ev: 'confirmed', acked: acked.sort() });
      await ctx.counters(q);
    },
  },
  {
    name: 'switching from tx to confirm mode is 406',
    rule: 'L34',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      await rawRpc(ch, 'TxSelect', {}, 'TxSelectOk');
      await rawRpc(ch, 'ConfirmSelect', { nowait: false }, 'ConfirmSelectOk').catch(() => undefined);
      await waitClosed(ch);
    },
  },
  {
    name: 'switching from confirm to tx mode is 406',
    rule: 'L34',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      await rawRpc(ch, 'ConfirmSelect', { nowait: false }, 'ConfirmSelectOk');
      await rawRpc(ch, 'TxSelect', {}, 'TxSelectOk').catch(() => undefined);
      await waitClosed(ch);
    },
  },

  // ---------------------------------------------------------------- dead lettering
  {
    name: 'reject requeue=false dead-letters with x-death reason rejected',
    rule: 'H27/H28',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const dlx = ctx.q('dlx1');
      await ch.assertExchange(dlx, 'fanout', { durable: false });
      const dlq = await fresh(ctx, ch, 'dlq1');
      await ch.bindQueue(dlq, dlx, '');
      const q = await fresh(ctx, ch, 'h27', { deadLetterExchange: dlx });
      await publishN(ch, q, 2);
      const m1 = (await ctx.get(ch, q)) as amqp.GetMessage;
      const m2 = (await ctx.get(ch, q)) as amqp.GetMessage;
      ch.reject(m1, false);
      ch.nack(m2, false, false);
      await ctx.counters(q);
      await ctx.counters(dlq);
      const c = await ctx.consume(ch, dlq, {}, (m) => deathInfo(ctx, m));
      await ctx.until(() => c.msgs.length === 2);
    },
  },
  {
    name: 'expired (per-queue TTL) messages are dead-lettered with x-dead-letter-routing-key',
    rule: 'H27/H29/H30',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const dlx = ctx.q('dlx2');
      await ch.assertExchange(dlx, 'direct', { durable: false });
      const dlq = await fresh(ctx, ch, 'dlq2');
      await ch.bindQueue(dlq, dlx, 'expired-key');
      const q = await fresh(ctx, ch, 'h30', { messageTtl: 100, deadLetterExchange: dlx, deadLetterRoutingKey: 'expired-key' });
      await publishN(ch, q, 2);
      const c = await ctx.consume(ch, dlq, {}, (m) => deathInfo(ctx, m));
      await ctx.until(() => c.msgs.length === 2, 5000);
      await ctx.counters(q);
    },
  },
  {
    name: 'per-message TTL: expired on requeue keeps original-expiration in x-death',
    rule: 'C13/H28',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const dlx = ctx.q('dlx3');
      await ch.assertExchange(dlx, 'fanout', { durable: false });
      const dlq = await fresh(ctx, ch, 'dlq3');
      await ch.bindQueue(dlq, dlx, '');
      const q = await fresh(ctx, ch, 'c13', { deadLetterExchange: dlx });
      ch.sendToQueue(q, Buffer.from('short-lived'), { expiration: '200' });
      await ch.checkQueue(q);
      const m = (await ctx.get(ch, q)) as amqp.GetMessage;
      await sleep(400);
      ch.nack(m, false, true);
      await ctx.settle(300);
      await ctx.counters(q);
      const c = await ctx.consume(ch, dlq, {}, (mm) => deathInfo(ctx, mm));
      await ctx.until(() => c.msgs.length === 1, 5000);
    },
  },
  {
    name: 'max-length overflow dead-letters the head with reason maxlen',
    rule: 'H27',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const dlx = ctx.q('dlx4');
      await ch.assertExchange(dlx, 'fanout', { durable: false });
      const dlq = await fresh(ctx, ch, 'dlq4');
      await ch.bindQueue(dlq, dlx, '');
      const q = await fresh(ctx, ch, 'h27m', { maxLength: 2, deadLetterExchange: dlx });
      await publishN(ch, q, 4);
      await ctx.counters(q);
      const c = await ctx.consume(ch, dlq, {}, (m) => deathInfo(ctx, m));
      await ctx.until(() => c.msgs.length === 2);
      for (let i = 0; i < 3; i++) await ctx.get(ch, q);
    },
  },
  {
    name: 'a message dead-lettered twice through the same queue counts in one x-death entry',
    rule: 'H28',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const dlx = ctx.q('dlx5');
      await ch.assertExchange(dlx, 'fanout', { durable: false });
      const q = ctx.q('h28loop');
      // q dead-letters to dlx, which routes back to q: a rejection in the cycle is allowed
      await ch.assertQueue(q, { durable: false, deadLetterExchange: dlx });
      await ch.bindQueue(q, dlx, '');
      ch.sendToQueue(q, Buffer.from('again'));
      await ch.checkQueue(q);
      const m1 = (await ctx.get(ch, q)) as amqp.GetMessage;
      ch.reject(m1, false);
      await ctx.settle();
      const m2 = (await ctx.get(ch, q)) as amqp.GetMessage;
      ctx.log({ ev: 'death', ...deathInfo(ctx, m2) });
      ch.reject(m2, false);
      await ctx.settle();
      const m3 = (await ctx.get(ch, q)) as amqp.GetMessage;
      ctx.log({ ev: 'death', ...deathInfo(ctx, m3) });
      ch.ack(m3);
    },
  },

  // ---------------------------------------------------------------- priority queues and queue TTL
  {
    name: 'priority queue (x-max-priority): get and consume order, requeue back into its priority',
    rule: 'C/priority',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await fresh(ctx, ch, 'prio', { arguments: { 'x-max-priority': 5 } });
      const items: [string, number | undefined][] = [
        ['a0', undefined],
        ['b3', 3],
        ['c9', 9],
        ['d5', 5],
        ['e0', 0],
        ['f3', 3],
        ['g1', 1],
        ['h7', 7],
        ['i3', 3],
      ];
      for (const [body, priority] of items) ch.sendToQueue(q, Buffer.from(body), priority === undefined ? {} : { priority });
      await ch.checkQueue(q);
      const got: amqp.GetMessage[] = [];
      for (let i = 0; i < 5; i++) got.push((await ctx.get(ch, q)) as amqp.GetMessage);
      ch.nack(got[3]!, false, true); // b3
      ch.reject(got[0]!, true); // c9
      ch.nack(got[4]!, false, true); // f3
      ch.ack(got[1]!);
      await ctx.counters(q);
      await ch.prefetch(2);
      const c = await ctx.consume(ch, q);
      for (let i = 0; i < 8 && c.msgs.length < 7; i++) {
        await ctx.until(() => c.msgs.length >= Math.min(7, 2 * (i + 1)));
        ch.ack(c.msgs[c.msgs.length - 1]!, true);
      }
      await ctx.settle();
    },
  },
  {
    name: 'priority queue: channel close requeues into priorities; max-length drops the highest-priority head',
    rule: 'E/K33/priority',
    async run(ctx) {
      const conn = await ctx.connect();
      const ch1 = await ctx.channel(conn, 'ch1');
      const q = await fresh(ctx, ch1, 'prio2', { arguments: { 'x-max-priority': 2 } });
      for (const [b, p] of [
        ['x0', 0],
        ['y2', 2],
        ['z0', 0],
        ['w2', 2],
        ['v1', 1],
      ] as const)
        ch1.sendToQueue(q, Buffer.from(b), { priority: p });
      await ch1.checkQueue(q);
      await ch1.prefetch(3);
      const c = await ctx.consume(ch1, q);
      await ctx.until(() => c.msgs.length === 3);
      await ch1.close();
      const ch = await ctx.channel(conn, 'ch2');
      for (let i = 0; i < 6; i++) await ctx.get(ch, q, { noAck: true });
      const dl = await fresh(ctx, ch, 'prio2dl');
      const lim = await fresh(ctx, ch, 'prio2lim', {
        arguments: { 'x-max-priority': 5, 'x-max-length': 2, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dl },
      });
      for (const [b, p] of [
        ['lo1', 0],
        ['hi1', 5],
        ['lo2', 0],
        ['hi2', 5],
      ] as const)
        ch.sendToQueue(lim, Buffer.from(b), { priority: p });
      await ch.checkQueue(lim);
      await ctx.counters(lim);
      for (let i = 0; i < 3; i++) await ctx.get(ch, lim, { noAck: true });
      for (let i = 0; i < 3; i++) await ctx.get(ch, dl, { noAck: true });
    },
  },
  {
    name: "bad x-max-priority and x-expires values are 406 with RabbitMQ's texts",
    rule: 'errors/priority/expires',
    async run(ctx) {
      const conn = await ctx.connect();
      const cases: [string, unknown][] = [
        ['x-max-priority', 256],
        ['x-max-priority', -1],
        ['x-max-priority', 'ten'],
        ['x-expires', 0],
        ['x-expires', -5],
        ['x-expires', 'soon'],
        ['x-message-ttl', 1.5],
      ];
      for (const [k, v] of cases) {
        const ch = await ctx.channel(conn, `${k}=${String(v)}`);
        await ch.assertQueue(ctx.q('badarg'), { durable: false, arguments: { [k]: v } }).catch(() => undefined);
        await waitClosed(ch);
      }
    },
  },
  {
    name: 'x-expires: an unused queue goes; basic.get renews the lease, publishing does not',
    rule: 'expires',
    async run(ctx) {
      const conn = await ctx.connect();
      const ch = await ctx.channel(conn);
      const q = await fresh(ctx, ch, 'exp', { arguments: { 'x-expires': 600 } });
      await publishN(ch, q, 3); // (its checkQueue renews the lease too)
      await sleep(400);
      await ctx.get(ch, q); // renews: the lease now ends 600 ms from here
      await sleep(400);
      await ctx.get(ch, q); // 800 ms after declare: still there only because the first get renewed it
      await sleep(300);
      ch.sendToQueue(q, Buffer.from('late')); // publishing does not renew
      await sleep(700);
      const ch2 = await ctx.channel(conn, 'ch2');
      await ch2.checkQueue(q).catch(() => undefined);
      await waitClosed(ch2);
    },
  },

  // ---------------------------------------------------------------- declare errors (what tutorials hit first)
  {
    name: "passive declare of a missing queue is 404 with RabbitMQ's text",
    rule: 'errors',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      await ch.checkQueue(ctx.q('missing')).catch(() => undefined);
      await waitClosed(ch);
    },
  },
  {
    name: 'redeclare with different arguments is 406 inequivalent arg',
    rule: 'errors',
    async run(ctx) {
      const conn = await ctx.connect();
      const ch = await ctx.channel(conn);
      await fresh(ctx, ch, 'ineq', { arguments: { 'x-max-length': 5 } });
      await ch.assertQueue(ctx.q('ineq'), { durable: false, arguments: { 'x-max-length': 6 } }).catch(() => undefined);
      await waitClosed(ch);
    },
  },
];
