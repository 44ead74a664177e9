// Differential scenarios for issue #18's behaviours (docs/semantics.md rules 35-44): direct reply-to,
// coalesced confirms, per-consumer settle batches, sender-selected distribution, header order, capabilities.
// Same Ctx and trace model as scenarios.ts; diff.test.ts runs them against RabbitMQ 3.10.8 and acklab.
import type * as amqp from 'amqplib';
import { isClosed, sleep, waitClosed, type Ctx, type Scenario, type TraceEntry } from './scenarios';

const RT = 'amq.rabbitmq.reply-to';
const REPLY_NAME = /^amq\.rabbitmq\.reply-to\.\S+$/;

async function queue(ctx: Ctx, ch: amqp.Channel, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const q = ctx.q(name);
  await ch.assertQueue(q, { durable: false, arguments: args });
  return q;
}

/** The confirms a confirm channel receives, as frames (tag, multiple, nack). */
function confirmFrames(ch: amqp.ConfirmChannel): { tag: number; multiple: boolean; nack: boolean }[] {
  const frames: { tag: number; multiple: boolean; nack: boolean }[] = [];
  ch.on('ack', (f: { deliveryTag: number; multiple: boolean }) => frames.push({ tag: f.deliveryTag, multiple: f.multiple, nack: false }));
  ch.on('nack', (f: { deliveryTag: number; multiple: boolean }) => frames.push({ tag: f.deliveryTag, multiple: f.multiple, nack: true }));
  return frames;
}

/** Expands confirm frames to one outcome per publish sequence number; a tag confirmed twice shows as 'twice'. */
function outcomes(frames: { tag: number; multiple: boolean; nack: boolean }[], from: number): string[] {
  const out: string[] = [];
  let done = from - 1;
  for (const f of frames) {
    if (f.tag <= done && f.multiple) {
      out.push('twice');
      continue;
    }
    const first = f.multiple ? done + 1 : f.tag;
    for (let t = first; t <= f.tag; t++) out[t - from] = out[t - from] === undefined ? (f.nack ? 'nack' : 'ack') : 'twice';
    done = Math.max(done, f.tag);
  }
  return out;
}

/** Reply names differ per broker and run: each becomes '<reply name>' in the trace's texts. */
function anonymiseReplyNames(trace: TraceEntry[]): void {
  for (const e of trace) {
    for (const [k, v] of Object.entries(e)) if (typeof v === 'string') e[k] = v.replace(/amq\.rabbitmq\.reply-to\.[^\s']+/g, '<reply name>');
  }
}

const headerKeys = (m: amqp.Message): string[] => Object.keys(m.properties.headers ?? {});

/** `notYet`: the behaviour is not built yet (issue #18 item named); the diff suite lists the scenario as pending. */
export type FidelityScenario = Scenario & { notYet?: string };

export const fidelityScenarios: FidelityScenario[] = [
  // ---------------------------------------------------------------- rule 35: direct reply-to
  {
    name: 'direct reply-to: an RPC round trip; the reply name is tied to the requesting channel',
    rule: 'M35',
    async run(ctx) {
      const client = await ctx.connect('client');
      const cch = await ctx.channel(client, 'client');
      const server = await ctx.connect('server');
      const sch = await ctx.confirmChannel(server, 'server');
      const rpc = await queue(ctx, sch, 'rpc');
      const replies = await ctx.consume(cch, RT, { noAck: true }, (m) => ({
        correlationId: m.properties.correlationId,
        exchange: m.fields.exchange,
        keyIsReplyName: REPLY_NAME.test(m.fields.routingKey),
      }));
      let replyTo = '';
      await sch.consume(rpc, (m) => {
        if (!m) return;
        replyTo = String(m.properties.replyTo);
        ctx.log({ ev: 'request', body: m.content.toString(), replyToRewritten: REPLY_NAME.test(replyTo), correlationId: m.properties.correlationId });
        sch.sendToQueue(replyTo, Buffer.from(`re:${m.content.toString()}`), { correlationId: m.properties.correlationId });
        sch.ack(m);
      });
      // one request at a time: request and reply travel on two connections, whose interleaving is not fixed
      cch.sendToQueue(rpc, Buffer.from('ping'), { replyTo: RT, correlationId: 'c1' });
      await ctx.until(() => replies.msgs.length === 1);
      cch.sendToQueue(rpc, Buffer.from('ping2'), { replyTo: RT, correlationId: 'c2' });
      await ctx.until(() => replies.msgs.length === 2);
      const passive = await sch.checkQueue(replyTo);
      ctx.log({ ev: 'passive-reply-name', messageCount: passive.messageCount, consumerCount: passive.consumerCount });
      const pseudo = await sch.checkQueue(RT);
      ctx.log({ ev: 'passive-pseudo-queue', queue: pseudo.queue, messageCount: pseudo.messageCount, consumerCount: pseudo.consumerCount });
    },
  },
  {
    name: 'direct reply-to: a mandatory reply is delivered and also returned (3.10); a reply to a closed requester is dropped',
    rule: 'M35',
    async run(ctx) {
      const client = await ctx.connect('client');
      const cch = await ctx.channel(client, 'client');
      const server = await ctx.connect('server');
      const sch = await ctx.confirmChannel(server, 'server');
      const rpc = await queue(ctx, sch, 'rpc2');
      const replies = await ctx.consume(cch, RT, { noAck: true });
      let replyTo = '';
      await sch.consume(rpc, (m) => {
        if (m) {
          replyTo = String(m.properties.replyTo);
          sch.ack(m);
        }
      });
      cch.sendToQueue(rpc, Buffer.from('ping'), { replyTo: RT });
      await ctx.until(() => replyTo !== '');
      const mark = ctx.trace.length;
      sch.sendToQueue(replyTo, Buffer.from('live'), { mandatory: true });
      await sch.waitForConfirms();
      await ctx.until(() => replies.msgs.length === 1);
      // the return (server connection) and the delivery (client connection) race each other: fixed order
      ctx.trace.splice(mark, Infinity, ...ctx.trace.slice(mark).sort((x, y) => String(x.ev).localeCompare(String(y.ev))));
      await client.close();
      await sleep(200);
      sch.sendToQueue(replyTo, Buffer.from('late'), { mandatory: true });
      await sch.waitForConfirms().then(
        () => ctx.log({ ev: 'late-confirmed' }),
        () => ctx.log({ ev: 'late-nacked' }),
      );
      await ctx.settle();
      const ch2 = await ctx.channel(server, 'server2');
      await ch2.checkQueue(replyTo).catch(() => undefined);
      await waitClosed(ch2);
      anonymiseReplyNames(ctx.trace);
    },
  },

  // ---------------------------------------------------------------- rule 37: coalesced confirms
  {
    name: 'confirms: a lone confirm is single, a lone nack is multiple, a burst is coalesced and covers every tag once',
    rule: 'M37/L34',
    async run(ctx) {
      const ch = await ctx.confirmChannel(await ctx.connect());
      const frames = confirmFrames(ch);
      const q = await queue(ctx, ch, 'cf');
      const full = await queue(ctx, ch, 'cf-full', { 'x-max-length': 1, 'x-overflow': 'reject-publish' });
      ch.sendToQueue(q, Buffer.from('one'));
      await ch.waitForConfirms();
      ch.publish('', ctx.q('nowhere'), Buffer.from('unroutable'));
      await ch.waitForConfirms();
      ch.sendToQueue(full, Buffer.from('fits'));
      await ch.waitForConfirms();
      ch.sendToQueue(full, Buffer.from('refused'));
      await ch.waitForConfirms().catch(() => undefined);
      ctx.log({ ev: 'lone-confirms', frames: frames.splice(0) });
      // RabbitMQ coalesces only what piles up while its channel is busy: a long burst makes that certain on an idle machine too
      const N = 3000;
      for (let i = 0; i < N; i++) ch.sendToQueue(q, Buffer.from(`b${i}`));
      await ch.waitForConfirms();
      const burst = frames.splice(0);
      const got = outcomes(burst, 5);
      ctx.log({ ev: 'burst', allAckedOnce: got.length === N && got.every((o) => o === 'ack'), coalesced: burst.length < N });
    },
  },

  // ---------------------------------------------------------------- rule 38: per-consumer settle batches
  // RabbitMQ settles per (queue, consumer tag) in that sort order, and the queue dispatches between batches:
  // with tags 'a' < 'b' the live consumer a gets 1, 3 (its own) before 2, 4; with 'zz' > 'b' it gets 2, 4 first.
  ...(['a', 'zz'] as const).map((liveTag): Scenario => ({
    name: `nack multiple over two consumers of one channel requeues per consumer (live consumer tag '${liveTag}')`,
    rule: 'M38/C',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await queue(ctx, ch, `pc-${liveTag}`);
      const a = await ctx.consume(ch, q, { consumerTag: liveTag });
      const b = await ctx.consume(ch, q, { consumerTag: 'b' });
      for (let i = 1; i <= 4; i++) ch.sendToQueue(q, Buffer.from(`m${i}`));
      await ctx.until(() => a.msgs.length + b.msgs.length === 4);
      await ch.cancel(b.tag);
      ch.nack(b.msgs[b.msgs.length - 1]!, true, true);
      await ctx.until(() => a.msgs.length === 6);
      await ctx.settle();
      await ctx.counters(q);
    },
  })),
  {
    name: 'basic.recover over two consumers of one queue on one channel redelivers per consumer',
    rule: 'M38/E',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const q = await queue(ctx, ch, 'rc');
      await ch.prefetch(2);
      const a = await ctx.consume(ch, q, { consumerTag: 'b' });
      const b = await ctx.consume(ch, q, { consumerTag: 'a' });
      for (let i = 1; i <= 4; i++) ch.sendToQueue(q, Buffer.from(`m${i}`));
      await ctx.until(() => a.msgs.length === 2 && b.msgs.length === 2);
      await ch.recover();
      await ctx.until(() => a.msgs.length === 4 && b.msgs.length === 4);
      await ctx.settle();
    },
  },

  // ---------------------------------------------------------------- rule 41: CC / BCC
  {
    name: 'CC and BCC headers route to their keys too; BCC is removed before delivery; a non-array CC is 406',
    rule: 'M41/M43',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const x = ctx.q('ccx');
      await ch.assertExchange(x, 'direct', { durable: false });
      const qs: string[] = [];
      for (const k of ['k1', 'k2', 'k3', 'k4']) {
        const q = await queue(ctx, ch, `cc-${k}`);
        await ch.bindQueue(q, x, k);
        qs.push(q);
      }
      ch.publish(x, 'k1', Buffer.from('sent'), { headers: { other: 1, CC: ['k2'], BCC: ['k3'], alpha: 'a' } });
      await ch.checkExchange(x);
      for (const q of qs) {
        const m = await ch.get(q, { noAck: true });
        ctx.log({
          ev: 'got',
          queue: q.slice(ctx.prefix.length + 1),
          body: m ? m.content.toString() : null,
          keys: m ? headerKeys(m) : null,
          routingKey: m ? m.fields.routingKey : null,
        });
      }
      ch.publish(x, 'k4', Buffer.from('string-cc'), { headers: { CC: 'k1' } });
      await waitClosed(ch);
    },
  },
  {
    name: 'a dead letter with CC: x-death routing-keys lists them; re-routed to all keys, or CC removed with a dead-letter routing key',
    rule: 'M41/H28/M43',
    async run(ctx) {
      const ch = await ctx.channel(await ctx.connect());
      const dlx = ctx.q('dlx');
      await ch.assertExchange(dlx, 'direct', { durable: false });
      const dead: string[] = [];
      for (const k of ['k1', 'k2', 'fixed']) {
        const q = await queue(ctx, ch, `dead-${k}`);
        await ch.bindQueue(q, dlx, k);
        dead.push(q);
      }
      const src1 = await queue(ctx, ch, 'src1', { 'x-dead-letter-exchange': dlx });
      const src2 = await queue(ctx, ch, 'src2', { 'x-dead-letter-exchange': dlx, 'x-dead-letter-routing-key': 'fixed' });
      const x = ctx.q('srcx');
      await ch.assertExchange(x, 'direct', { durable: false });
      await ch.bindQueue(src1, x, 'k1');
      await ch.bindQueue(src2, x, 'k1b');
      ch.publish(x, 'k1', Buffer.from('d1'), { headers: { zeta: 1, alpha: 2, CC: ['k2'] } });
      ch.publish(x, 'k1b', Buffer.from('d2'), { headers: { zeta: 1, alpha: 2, CC: ['k2'] } });
      for (const q of [src1, src2]) {
        const m = await ch.get(q);
        if (m) ch.reject(m, false);
      }
      await ctx.settle(300);
      for (const q of dead) {
        for (let m = await ch.get(q, { noAck: true }); m; m = await ch.get(q, { noAck: true })) {
          const d = ((m.properties.headers?.['x-death'] as Record<string, unknown>[] | undefined) ?? [])[0];
          ctx.log({
            ev: 'dead',
            queue: q.slice(ctx.prefix.length + 1),
            body: m.content.toString(),
            keys: headerKeys(m),
            cc: m.properties.headers?.CC as TraceEntry,
            routingKeys: d?.['routing-keys'] as TraceEntry,
            deathKeys: d ? Object.keys(d) : [],
          });
        }
      }
    },
  },

  // ---------------------------------------------------------------- rule 40: 3.x quorum requeue position
  {
    name: 'quorum queue without a delivery limit: where a nack-requeued, a rejected and a closed-channel message go back',
    rule: 'M40/C',
    async run(ctx) {
      const conn = await ctx.connect();
      const ch = await ctx.channel(conn);
      const q = ctx.q('qq-pos');
      await ch.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      for (let i = 1; i <= 4; i++) ch.sendToQueue(q, Buffer.from(`m${i}`));
      await ch.checkQueue(q);
      const take = async (c: amqp.Channel) => {
        const m = await c.get(q, { noAck: false });
        if (!m) throw new Error('queue empty');
        return m;
      };
      const order = async () => {
        const out: string[] = [];
        for (let m = await ch.get(q, { noAck: true }); m; m = await ch.get(q, { noAck: true })) out.push(m.content.toString());
        return out;
      };
      ch.nack(await take(ch), false, true);
      ctx.log({ ev: 'after-nack', order: await order() });
      for (let i = 1; i <= 3; i++) ch.sendToQueue(q, Buffer.from(`r${i}`));
      await ch.checkQueue(q);
      ch.reject(await take(ch), true);
      ctx.log({ ev: 'after-reject', order: await order() });
      for (let i = 1; i <= 3; i++) ch.sendToQueue(q, Buffer.from(`c${i}`));
      await ch.checkQueue(q);
      const other = await ctx.channel(conn, 'other');
      await take(other);
      await other.close();
      ctx.log({ ev: 'after-close', order: await order() });
      await ch.deleteQueue(q);
    },
  },

  // ---------------------------------------------------------------- capabilities (server_properties)
  {
    name: 'server capabilities in connection.start (direct_reply_to advertised)',
    rule: 'M35',
    async run(ctx) {
      const conn = await ctx.connect();
      const props = (conn as unknown as { connection: { serverProperties: Record<string, unknown> } }).connection.serverProperties;
      ctx.log({ ev: 'capabilities', capabilities: props.capabilities as TraceEntry });
      ctx.log({ ev: 'channel-open', open: !isClosed(await ctx.channel(conn)) });
    },
  },
];
