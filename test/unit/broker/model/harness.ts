// Runs one operation sequence on the real broker (public API + a recording ConnectionSink) and on
// the reference model, and reports the first disagreement. Used by ../acks.property.test.ts.
import { AmqpError, Broker, VirtualClock } from '../../../../src/broker';
import type { BrokerChannel, BrokerConnection, ConnectionSink, Delivery, FieldValue, GetOk } from '../../../../src/broker';
import { Model, ModelFailure } from './model';
import type { GetResult, ModelConfig, ModelError, ModelView, Seen } from './model';

// ------------------------------------------------------------------ operations

/** Channel slots: connection slot = s >> 1, channel number = (s & 1) + 1. */
export const SLOTS = 4;
export type TagSel = 'out' | 'last' | 'zero' | 'future' | 'settled' | 'foreign';
/** Abstract operations (what fast-check generates); tags and consumers are picked at run time from the model's state. */
export type Op =
  | { k: 'publish'; s: number }
  | { k: 'consume'; s: number; noAck: boolean }
  | { k: 'cancel'; s: number; pick: number }
  | { k: 'qos'; s: number; n: number }
  | { k: 'get'; s: number; dlq: boolean; noAck: boolean }
  | { k: 'ack'; s: number; t: TagSel; i: number; multiple: boolean }
  | { k: 'nack'; s: number; t: TagSel; i: number; multiple: boolean; requeue: boolean }
  | { k: 'reject'; s: number; t: TagSel; i: number; requeue: boolean }
  | { k: 'recover'; s: number; requeue: boolean }
  | { k: 'closeChannel'; s: number }
  | { k: 'closeConnection'; c: number }
  | { k: 'advance'; ms: number };

/** Concrete calls, the same for broker and model (and replayed for the determinism check). */
export type Step =
  | { k: 'connect'; conn: number }
  | { k: 'open'; conn: number; ch: number }
  | { k: 'publish'; conn: number; ch: number }
  | { k: 'consume'; conn: number; ch: number; tag: string; noAck: boolean }
  | { k: 'cancel'; conn: number; ch: number; tag: string }
  | { k: 'qos'; conn: number; ch: number; n: number }
  | { k: 'get'; conn: number; ch: number; queue: 'q' | 'dlq'; noAck: boolean }
  | { k: 'ack'; conn: number; ch: number; tag: number; multiple: boolean }
  | { k: 'nack'; conn: number; ch: number; tag: number; multiple: boolean; requeue: boolean }
  | { k: 'reject'; conn: number; ch: number; tag: number; requeue: boolean }
  | { k: 'recover'; conn: number; ch: number; requeue: boolean }
  | { k: 'closeChannel'; conn: number; ch: number }
  | { k: 'closeConnection'; conn: number }
  | { k: 'advance'; ms: number };

export interface Outcome {
  seen: Seen[];
  result?: GetResult | null | string;
  error?: ModelError | { crash: string };
}

// ------------------------------------------------------------------ broker side

const QUEUE_ARGS = (cfg: ModelConfig): Record<string, FieldValue> => {
  const a: Record<string, FieldValue> = {};
  if (cfg.type === 'quorum') a['x-queue-type'] = 'quorum';
  if (cfg.ttl !== undefined) a['x-message-ttl'] = cfg.ttl;
  if (cfg.deliveryLimit !== undefined) a['x-delivery-limit'] = cfg.deliveryLimit;
  if (cfg.dlx) {
    a['x-dead-letter-exchange'] = '';
    a['x-dead-letter-routing-key'] = 'dlq';
  }
  return a;
};

function headerCount(h: Record<string, FieldValue> | undefined): number | undefined | string {
  const v = h?.['x-delivery-count'];
  if (v === undefined) return undefined;
  if (v && typeof v === 'object' && '$type' in v && v.$type === 'l') return Number(v.value);
  return `x-delivery-count has the wrong type: ${JSON.stringify(v)}`;
}

export class BrokerSide {
  readonly clock = new VirtualClock();
  readonly broker: Broker;
  private readonly conns: (BrokerConnection | undefined)[] = [];
  private readonly slotOf = new Map<number, number>();
  private readonly pubOf = new Map<number, number>();
  /** Broker message id → model copy key (`queue:publishNumber`). */
  readonly copyOf = new Map<number, string>();
  private pubs = 0;
  private seen: Seen[] = [];
  /** Last tag per open channel (rule 1: +1 per delivery). */
  private readonly lastTag = new Map<string, number>();
  readonly violations: string[] = [];
  /** Consumer deliveries in the event log vs deliveries the sink received: a logged delivery no client got is a ghost (F1). */
  private loggedDeliveries = 0;
  private sunkDeliveries = 0;
  private admin!: BrokerChannel;

  constructor(readonly cfg: ModelConfig) {
    this.broker = new Broker({
      profile: cfg.profile,
      clock: this.clock,
      eventLogSize: 4_096,
      ...(cfg.consumerTimeoutMs !== undefined ? { consumerTimeoutMs: cfg.consumerTimeoutMs } : {}),
      ...(cfg.tickMs !== undefined ? { channelTickMs: cfg.tickMs } : {}),
    });
    this.broker.events.subscribe((e) => {
      if (e.kind === 'published') this.pubOf.set(e.publishId, ++this.pubs);
      else if (e.kind === 'enqueued') this.copyOf.set(e.messageId, `${e.queue}:${this.pubOf.get(e.publishId) ?? `?${e.publishId}`}`);
      else if (e.kind === 'delivered' && e.consumerTag !== '' && !e.held) this.loggedDeliveries++;
    });
    // Queues are declared on a separate admin connection that the sequence never touches.
    const admin = this.broker.connect({ clientName: 'admin' }, this.sink(-1));
    this.admin = admin.openChannel(1);
    if (cfg.dlx) this.admin.queueDeclare({ queue: 'dlq' });
    this.admin.queueDeclare({ queue: 'q', durable: cfg.type === 'quorum', arguments: QUEUE_ARGS(cfg) });
  }

  private sink(slot: number): ConnectionSink {
    return {
      deliver: (channel: number, d: Delivery) => {
        this.sunkDeliveries++;
        this.checkTag(slot, channel, d.deliveryTag);
        const count = headerCount(d.properties.headers);
        if (typeof count === 'string') this.violations.push(count);
        this.seen.push({
          k: 'deliver',
          conn: slot,
          channel,
          consumerTag: d.consumerTag,
          tag: d.deliveryTag,
          copy: this.copy(d.messageId),
          redelivered: d.redelivered,
          deliveryCount: typeof count === 'number' ? count : undefined,
        });
      },
      basicReturn: () => {
        this.violations.push('unexpected basic.return');
      },
      confirm: () => {
        this.violations.push('unexpected confirm');
      },
      consumerCancelled: (channel, tag) => {
        this.violations.push(`unexpected consumer cancel notification ${slot}/${channel} ${tag}`);
      },
      channelClosedByServer: (channel, e) => {
        this.seen.push({ k: 'channel-closed', conn: slot, channel, error: errorOf(e) as ModelError });
      },
      connectionClosedByServer: (e) => {
        this.violations.push(`unexpected connection close by server: ${e.replyText}`);
      },
    };
  }

  private copy(id: number): string {
    return this.copyOf.get(id) ?? `?${id}`;
  }

  private checkTag(slot: number, channel: number, tag: number): void {
    const key = `${slot}/${channel}`;
    const last = this.lastTag.get(key) ?? 0;
    if (tag !== last + 1) this.violations.push(`rule 1: channel ${key} tag ${tag} after ${last}`);
    this.lastTag.set(key, tag);
  }

  private ch(conn: number, ch: number): BrokerChannel {
    const c = this.conns[conn]?.channel(ch);
    if (!c) throw new Error(`harness: broker channel ${conn}/${ch} missing`);
    return c;
  }

  connectionOpen(conn: number): boolean {
    return this.conns[conn]?.isOpen ?? false;
  }
  channelOpen(conn: number, ch: number): boolean {
    return this.conns[conn]?.isOpen === true && (this.conns[conn]!.channel(ch)?.isOpen ?? false);
  }

  apply(step: Step): Outcome {
    const out: Outcome = { seen: [] };
    try {
      out.result = this.run(step);
    } catch (e) {
      out.error = errorOf(e);
    }
    out.seen = this.seen;
    this.seen = [];
    if (this.loggedDeliveries !== this.sunkDeliveries) {
      this.violations.push(`event log has ${this.loggedDeliveries} consumer deliveries, the sink received ${this.sunkDeliveries}`);
      this.sunkDeliveries = this.loggedDeliveries;
    }
    return out;
  }

  private run(s: Step): GetResult | null | string | undefined {
    switch (s.k) {
      case 'connect': {
        const c = this.broker.connect({ clientName: `slot${s.conn}` }, this.sink(s.conn));
        this.conns[s.conn] = c;
        this.slotOf.set(c.id, s.conn);
        return undefined;
      }
      case 'open':
        this.conns[s.conn]!.openChannel(s.ch);
        this.lastTag.delete(`${s.conn}/${s.ch}`);
        return undefined;
      case 'publish':
        this.ch(s.conn, s.ch).basicPublish({ exchange: '', routingKey: 'q' }, {}, new TextEncoder().encode(`m${this.pubs + 1}`));
        return undefined;
      case 'consume':
        return this.ch(s.conn, s.ch).basicConsume({ queue: 'q', consumerTag: s.tag, noAck: s.noAck });
      case 'cancel':
        return this.ch(s.conn, s.ch).basicCancel({ consumerTag: s.tag });
      case 'qos':
        this.ch(s.conn, s.ch).basicQos({ prefetchCount: s.n, global: false });
        return undefined;
      case 'get': {
        const g: GetOk | null = this.ch(s.conn, s.ch).basicGet({ queue: s.queue, noAck: s.noAck });
        if (!g) return null;
        this.checkTag(s.conn, s.ch, g.deliveryTag);
        const count = headerCount(g.properties.headers);
        if (typeof count === 'string') this.violations.push(count);
        return {
          tag: g.deliveryTag,
          copy: this.copy(g.messageId),
          redelivered: g.redelivered,
          messageCount: g.messageCount,
          deliveryCount: typeof count === 'number' ? count : undefined,
        };
      }
      case 'ack':
        this.ch(s.conn, s.ch).basicAck({ deliveryTag: s.tag, multiple: s.multiple });
        return undefined;
      case 'nack':
        this.ch(s.conn, s.ch).basicNack({ deliveryTag: s.tag, multiple: s.multiple, requeue: s.requeue });
        return undefined;
      case 'reject':
        this.ch(s.conn, s.ch).basicReject({ deliveryTag: s.tag, requeue: s.requeue });
        return undefined;
      case 'recover':
        this.ch(s.conn, s.ch).basicRecover({ requeue: s.requeue });
        return undefined;
      case 'closeChannel':
        this.ch(s.conn, s.ch).close();
        return undefined;
      case 'closeConnection':
        this.conns[s.conn]!.close();
        return undefined;
      case 'advance':
        this.clock.advance(s.ms);
        return undefined;
    }
  }

  /** The broker's state in the model's terms. */
  view(): ModelView {
    const names: ('q' | 'dlq')[] = this.cfg.dlx ? ['q', 'dlq'] : ['q'];
    const unacked = new Map<string, ModelView['channels'][number]['unacked']>();
    const queues = names.map((name) => {
      const d = this.broker.queueDetail('/', name);
      if (!d) throw new Error(`harness: queue ${name} missing`);
      if (d.readyMessages.length !== d.ready) this.violations.push(`rule 33: ${name} ready ${d.ready} but ${d.readyMessages.length} ready entries`);
      if (d.unackedMessages.length !== d.unacked) this.violations.push(`rule 33: ${name} unacked ${d.unacked} but ${d.unackedMessages.length} unacked entries`);
      if (d.messages !== d.ready + d.unacked) this.violations.push(`rule 33: ${name} messages ${d.messages} != ready + unacked`);
      d.readyMessages.forEach((r, i) => {
        if (r.position !== i) this.violations.push(`${name}: ready entry ${i} has position ${r.position}`);
      });
      for (const u of d.unackedMessages) {
        const key = `${this.slotOf.get(u.connectionId) ?? `?${u.connectionId}`}/${u.channel}`;
        const list = unacked.get(key) ?? [];
        list.push({
          tag: u.deliveryTag,
          copy: this.copy(u.messageId),
          consumerTag: u.consumerTag,
          deliveredAt: u.deliveredAt,
          redelivered: u.redelivered,
          deliveryCount: u.deliveryCount,
        });
        unacked.set(key, list);
      }
      return {
        name,
        ready: d.readyMessages.map((r) => ({ copy: this.copy(r.messageId), redelivered: r.redelivered, deliveryCount: r.deliveryCount })),
        readyCount: d.ready,
        unackedCount: d.unacked,
        consumers: d.consumers,
      };
    });
    const channels: ModelView['channels'] = [];
    for (const c of this.broker.snapshot().connections) {
      const slot = this.slotOf.get(c.id);
      if (slot === undefined) continue; // the admin connection
      for (const ch of c.channels) {
        const list = (unacked.get(`${slot}/${ch.number}`) ?? []).sort((a, b) => a.tag - b.tag);
        if (ch.unacked !== list.length) this.violations.push(`channel ${slot}/${ch.number}: snapshot unacked ${ch.unacked}, queue details ${list.length}`);
        const consumers = ch.consumers.map((k) => ({ tag: k.consumerTag, noAck: k.noAck, prefetch: k.prefetch, unacked: k.unacked }));
        channels.push({ conn: slot, channel: ch.number, prefetch: ch.prefetch, consumers, unacked: list });
      }
    }
    channels.sort((x, y) => x.conn - y.conn || x.channel - y.channel);
    return { queues, channels };
  }
}

function errorOf(e: unknown): ModelError | { crash: string } {
  if (e instanceof AmqpError) return { scope: e.scope, code: e.code, text: e.replyText, classId: e.classId, methodId: e.methodId };
  if (e instanceof ModelFailure) return e.error;
  return { crash: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

// ------------------------------------------------------------------ model side

function applyModel(m: Model, s: Step): Outcome {
  const out: Outcome = { seen: [] };
  try {
    out.result = runModel(m, s);
  } catch (e) {
    if (!(e instanceof ModelFailure)) throw e;
    out.error = e.error;
  }
  out.seen = m.drain();
  return out;
}

function runModel(m: Model, s: Step): GetResult | null | string | undefined {
  switch (s.k) {
    case 'connect':
      return undefined;
    case 'open':
      m.openChannel(s.conn, s.ch);
      return undefined;
    case 'publish':
      m.publish(s.conn, s.ch);
      return undefined;
    case 'consume':
      return m.consume(s.conn, s.ch, s.tag, s.noAck);
    case 'cancel':
      return m.cancel(s.conn, s.ch, s.tag);
    case 'qos':
      m.qos(s.conn, s.ch, s.n);
      return undefined;
    case 'get':
      return m.get(s.conn, s.ch, s.queue, s.noAck);
    case 'ack':
      m.ack(s.conn, s.ch, s.tag, s.multiple);
      return undefined;
    case 'nack':
      m.nack(s.conn, s.ch, s.tag, s.multiple, s.requeue);
      return undefined;
    case 'reject':
      m.reject(s.conn, s.ch, s.tag, s.requeue);
      return undefined;
    case 'recover':
      m.recover(s.conn, s.ch, s.requeue);
      return undefined;
    case 'closeChannel':
      m.closeChannel(s.conn, s.ch);
      return undefined;
    case 'closeConnection':
      m.closeConnection(s.conn);
      return undefined;
    case 'advance':
      m.advance(s.ms);
      return undefined;
  }
}

// ------------------------------------------------------------------ resolving abstract ops

export class Resolver {
  private ctags = 0;
  private readonly connOpen: boolean[] = [];
  constructor(private readonly m: Model) {}

  markConnectionClosed(conn: number): void {
    this.connOpen[conn] = false;
  }

  /** The steps for one op: implicit (re)connect and channel open first, then the call (or none if the op does not apply). */
  resolve(op: Op): Step[] {
    if (op.k === 'advance') return [op];
    if (op.k === 'closeConnection') return this.connOpen[op.c] ? [{ k: 'closeConnection', conn: op.c }] : [];
    const conn = op.s >> 1,
      ch = (op.s & 1) + 1;
    const pre: Step[] = [];
    if (!this.connOpen[conn]) {
      pre.push({ k: 'connect', conn });
      this.connOpen[conn] = true;
    }
    if (!this.m.channel(conn, ch)) pre.push({ k: 'open', conn, ch });
    const main = this.main(op, conn, ch, pre.length > 0);
    return main ? [...pre, main] : pre;
  }

  private main(op: Exclude<Op, { k: 'advance' } | { k: 'closeConnection' }>, conn: number, ch: number, fresh: boolean): Step | undefined {
    switch (op.k) {
      case 'publish':
        return { k: 'publish', conn, ch };
      case 'consume':
        return { k: 'consume', conn, ch, tag: `k${++this.ctags}`, noAck: op.noAck };
      case 'cancel': {
        const tags = fresh ? [] : this.m.consumerTags(conn, ch);
        return { k: 'cancel', conn, ch, tag: op.pick < tags.length ? tags[op.pick]! : 'no-such-consumer' };
      }
      case 'qos':
        return { k: 'qos', conn, ch, n: op.n };
      case 'get':
        return { k: 'get', conn, ch, queue: op.dlq && this.m.dlq ? 'dlq' : 'q', noAck: op.noAck };
      case 'ack':
      case 'nack':
      case 'reject': {
        const tag = fresh ? undefined : this.tag(conn, ch, op.t, op.i);
        if (tag === undefined) return undefined;
        if (op.k === 'ack') return { k: 'ack', conn, ch, tag, multiple: op.multiple };
        if (op.k === 'nack') return { k: 'nack', conn, ch, tag, multiple: op.multiple, requeue: op.requeue };
        return { k: 'reject', conn, ch, tag, requeue: op.requeue };
      }
      case 'recover':
        return { k: 'recover', conn, ch, requeue: op.requeue };
      case 'closeChannel':
        return fresh ? undefined : { k: 'closeChannel', conn, ch };
    }
  }

  private tag(conn: number, ch: number, t: TagSel, i: number): number | undefined {
    const out = this.m.outstandingTags(conn, ch);
    const next = this.m.nextTag(conn, ch);
    switch (t) {
      case 'out':
        return out.length ? out[i % out.length] : undefined;
      case 'last':
        return out.length ? out[out.length - 1] : undefined;
      case 'zero':
        return 0;
      case 'future':
        return next + (i % 3);
      case 'settled': {
        const gone: number[] = [];
        for (let x = 1; x < next; x++) if (!out.includes(x)) gone.push(x);
        return gone.length ? gone[i % gone.length] : undefined;
      }
      case 'foreign': {
        const others = this.m
          .openChannels()
          .filter((c) => c.conn !== conn || c.number !== ch)
          .flatMap((c) => this.m.outstandingTags(c.conn, c.number));
        return others.length ? others[i % others.length] : undefined;
      }
    }
  }
}

// ------------------------------------------------------------------ running and comparing

export interface RunResult {
  steps: Step[];
  eventLog: string;
}

/** Raised with a readable account of the first disagreement. */
export class Discrepancy extends Error {
  override readonly name = 'Discrepancy';
}

/**
 * Deliveries and server-initiated channel closes are compared as two sequences: when a consumer
 * timeout closes a channel, whether the channel.close is reported before or after the requeued
 * messages reach other channels is not an acknowledgement rule (see FINDINGS.md, note 1).
 */
function split(o: Outcome): { deliveries: Seen[]; closes: Seen[]; result?: Outcome['result']; error?: Outcome['error'] } {
  return { deliveries: o.seen.filter((x) => x.k === 'deliver'), closes: o.seen.filter((x) => x.k !== 'deliver'), result: o.result, error: o.error };
}

/**
 * Applies ops to a fresh broker and a fresh model; after every step compares what the client saw
 * (deliveries, get results, errors, server closes), the queue/channel state, every message copy's
 * state (conservation) and the invariants the broker checks on itself. Throws Discrepancy.
 */
export function runAndCompare(cfg: ModelConfig, ops: Op[], modelOverrides: Partial<ModelConfig> = {}): RunResult {
  const b = new BrokerSide(cfg);
  const m = new Model({ ...cfg, ...modelOverrides });
  const r = new Resolver(m);
  const steps: Step[] = [];
  ops.forEach((op, n) => {
    for (const step of r.resolve(op)) {
      steps.push(step);
      const where = `op #${n} ${JSON.stringify(op)} → step ${JSON.stringify(step)}`;
      const got = split(b.apply(step));
      const want = split(applyModel(m, step));
      const connectionGone = step.k === 'closeConnection' || (want.error !== undefined && 'scope' in want.error && want.error.scope === 'connection');
      if (connectionGone && 'conn' in step) r.markConnectionClosed(step.conn);
      if (b.violations.length) throw new Discrepancy(`${where}\nbroker invariant violated: ${b.violations.join('; ')}`);
      compare(where, 'outcome (deliveries/get/errors)', got, want);
      compare(where, 'state (ready lists, counts, unacked per channel)', b.view(), m.view());
      compare(
        where,
        'message states (conservation)',
        brokerCopies(b),
        m
          .allCopies()
          .map((c) => ({ key: c.key, state: c.state, reason: c.reason }))
          .sort(byKey),
      );
      for (let conn = 0; conn < 2; conn++) {
        for (const ch of [1, 2]) {
          if (b.channelOpen(conn, ch) !== (m.channel(conn, ch) !== undefined)) {
            throw new Discrepancy(`${where}\nchannel ${conn}/${ch} open: broker ${b.channelOpen(conn, ch)}, model ${m.channel(conn, ch) !== undefined}`);
          }
        }
      }
    }
  });
  return { steps, eventLog: JSON.stringify(b.broker.events.entries()) };
}

/** Replays concrete steps on a fresh broker (no model) and returns its event log. */
export function replay(cfg: ModelConfig, steps: Step[]): string {
  const b = new BrokerSide(cfg);
  for (const s of steps) b.apply(s);
  return JSON.stringify(b.broker.events.entries());
}

const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function brokerCopies(b: BrokerSide): { key: string; state: string; reason: string }[] {
  const out: { key: string; state: string; reason: string }[] = [];
  for (const [id, key] of b.copyOf) {
    const s = b.broker.messageState(id);
    if (!s) {
      out.push({ key, state: 'MISSING', reason: '' });
      continue;
    }
    out.push({ key, state: s.state, reason: s.state === 'dead-lettered' || s.state === 'dropped' ? s.reason : '' });
  }
  return out.sort(byKey);
}

function compare(where: string, what: string, got: unknown, want: unknown): void {
  // Both sides build their records with the same key order, so JSON text equality is structural equality.
  const g = JSON.stringify(got),
    w = JSON.stringify(want);
  if (g !== w) throw new Discrepancy(`${where}\n${what} differ:\n  broker: ${g}\n  model:  ${w}`);
}

/**
 * Delta-debugging on the op list (drop halves, quarters, …, single ops while the sequence still
 * fails). fast-check cannot shorten the fixed-length op arrays the property uses, and ops are
 * resolved against the model's state, so dropping ops keeps every remaining one meaningful.
 * Returns the shortest failing list found and its Discrepancy text.
 */
export function shrinkOps(cfg: ModelConfig, ops: Op[], budgetMs = 20_000): { ops: Op[]; message: string } {
  const failure = (o: Op[]): string | undefined => {
    try {
      runAndCompare(cfg, o);
      return undefined;
    } catch (e) {
      return e instanceof Discrepancy ? e.message : `crash: ${e instanceof Error ? e.stack : String(e)}`;
    }
  };
  let best = ops;
  let message = failure(ops) ?? 'does not fail';
  const end = Date.now() + budgetMs;
  for (let chunk = best.length >> 1; chunk >= 1 && Date.now() < end; chunk >>= 1) {
    for (let i = 0; i < best.length && Date.now() < end;) {
      const t = [...best.slice(0, i), ...best.slice(i + chunk)];
      const f = failure(t);
      if (f) {
        best = t;
        message = f;
      } else i += chunk;
    }
  }
  return { ops: best, message };
}
