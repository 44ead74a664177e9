// The broker core: vhosts, exchanges, queues, connections, channels and the acknowledgement rules
// of shared/ack-semantics.md. LavinMQ's shape: a queue knows positions, never tags; each channel
// owns its tag counter and an ordered unacked list; requeued messages go to a position-ordered heap
// served before unread ones (quorum queues: a FIFO of returns).
//
// Re-entrancy: every public entry point increments `depth`; server pushes (deliver, return,
// confirm, cancel, close) go to an outbox flushed when the outermost call ends, so a sink that
// calls back into the broker (a consumer acking inside deliver) never sees half-made state.
import { RealClock, type Clock } from './clock';
import { AmqpError, amqpError, rs, type MethodName, type ReplyName } from './errors';
import { EV, EventLog } from './events';
import { describeMismatch, fieldEquals, fieldNumber, isTyped, long, tableFromJson, tableToJson, timestamp, typeName } from './fields';
import {
  Binding, Consumer, DL_REASONS, DROP_REASONS, Exchange, Msg, OVERFLOW_DROP_HEAD, OVERFLOW_REJECT_PUBLISH,
  OVERFLOW_REJECT_PUBLISH_DLX, Queue, S_ACKED, S_DL, S_DROP, S_READY, S_UNACKED, VHost, insertByPriority, removeFrom, type Policy,
} from './model';
import { Router } from './routing';
import { IdTable, Prng } from './structures';
import type {
  BasicAckArgs, BasicCancelArgs, BasicConsumeArgs, BasicGetArgs, BasicNackArgs, BasicProperties, BasicPublishArgs,
  BasicQosArgs, BasicRecoverArgs, BasicRejectArgs, BindingSnapshot, BrokerOptions, BrokerSnapshot, ChannelSnapshot,
  ConfirmSelectArgs, ConnectionInfo, ConnectionSink, ConnectionSnapshot, ConsumerSnapshot, DeadLetterReason, Delivery,
  Disposable, DropReason, DurableState, EventStream, ExchangeBindArgs, ExchangeDeclareArgs, ExchangeDeleteArgs,
  ExchangeSnapshot, ExchangeType, FieldTable, FieldValue, GetOk, MessageState, PendingDelivery, Profile, QueueBindArgs,
  QueueDeclareArgs, QueueDeclareOk, QueueDeleteArgs, QueueDetail, QueuePurgeArgs, QueueSnapshot, QueueType,
  QueueUnbindArgs, ReturnedMessage,
} from './types';

const EXCHANGE_TYPES: ReadonlySet<string> = new Set(['direct', 'fanout', 'topic', 'headers']);
const OUT_DELIVER = 0, OUT_RETURN = 1, OUT_CONFIRM = 2, OUT_CANCELLED = 3, OUT_CH_CLOSED = 4, OUT_CONN_CLOSED = 5, OUT_BLOCKED = 6, OUT_UNBLOCKED = 7;
/** Quorum queues treat prefetch 0 as this many credits (rule 21). */
const QQ_ZERO_PREFETCH = 2000;
/** Default delivery limit of quorum queues in RabbitMQ 4.x (rule 14). */
const QQ_DEFAULT_DELIVERY_LIMIT = 20;
const LAVINMQ_DEFAULT_PREFETCH = 65535;

/** A policy as given to `Broker.setPolicy`. Definition keys as in RabbitMQ (message-ttl, delivery-limit, …). */
export interface PolicyDefinition {
  vhost?: string;
  name: string;
  /** Regular expression matched against queue names. */
  pattern: string;
  applyTo?: 'queues' | 'exchanges' | 'all';
  priority?: number;
  definition: Record<string, string | number | boolean>;
}

interface OutEntry { conn: BrokerConnection; kind: number; ch: BrokerChannel | null; channel: number; payload: unknown }
interface TxPublish { exchange: string; routingKey: string; mandatory: boolean; properties: BasicProperties; body: Uint8Array; ttl: number }

function err(name: ReplyName, detail: string, method: MethodName): AmqpError { return amqpError(name, detail, method); }

/** Parses a per-message TTL (the expiration property). Returns -1 for none or throws the detail text. */
function parseExpiration(exp: string | undefined): number {
  if (exp === undefined) return -1;
  const m = /^\s*([+-]?\d+)(.*)$/s.exec(exp);
  if (!m) throw `invalid expiration '${exp}': no_integer`;
  if (m[2] !== '') throw `invalid expiration '${exp}': {leftover_string,"${m[2]}"}`;
  const n = Number(m[1]);
  if (n < 0) throw `invalid expiration '${exp}': {value_negative,${n}}`;
  return n;
}

// ====================================================================== channel

export class BrokerChannel {
  /** @internal */ open = true;
  /** @internal per-consumer prefetch for consumers created from now on */ prefetch: number;
  /** @internal */ qosSent = false;
  /** @internal 0 = none */ globalPrefetch = 0;
  /** @internal unacked consumer deliveries, counted against globalPrefetch */ globalUnacked = 0;
  /** @internal */ nextTag = 0;
  /** @internal unacked list: messages and their tags, ordered by tag, with dead slots */ uMsgs: Msg[] = [];
  /** @internal */ uTags: number[] = [];
  /** @internal */ uHead = 0;
  /** @internal live entries (not settled, not pending in a transaction) */ uLive = 0;
  /** @internal */ consumers = new Map<string, Consumer>();
  /** @internal */ confirm = false;
  /** @internal */ publishSeq = 0;
  /** @internal */ tx = false;
  /** @internal */ txPublishes: TxPublish[] = [];
  /** @internal */ txSettles: Msg[] = [];
  /** @internal */ flowActive = true;
  /** @internal */ tickTimer = 0;
  /** @internal most recently declared queue, for '' shortcuts */ lastQueue = '';

  /** @internal */
  constructor(readonly connection: BrokerConnection, readonly number: number, private readonly b: Broker) {
    this.prefetch = b.profile === 'lavinmq' ? LAVINMQ_DEFAULT_PREFETCH : 0;
  }

  get isOpen(): boolean { return this.open; }

  private enter(): void {
    if (!this.open) throw new Error(`channel ${this.number} is closed`);
    this.b.begin();
  }
  private leave(): void { if (--this.b.depth === 0) this.b.flush(); }

  // ------------------------------------------------------------ exchange

  exchangeDeclare(a: ExchangeDeclareArgs): void {
    this.enter();
    try { this.b.exchangeDeclare(this, a); } finally { this.leave(); }
  }
  exchangeDelete(a: ExchangeDeleteArgs): void {
    this.enter();
    try { this.b.exchangeDelete(this, a); } finally { this.leave(); }
  }
  exchangeBind(a: ExchangeBindArgs): void {
    this.enter();
    try { this.b.bind(this, a.source, a.destination, false, a.routingKey ?? '', a.arguments ?? {}, 'exchangeBind'); } finally { this.leave(); }
  }
  exchangeUnbind(a: ExchangeBindArgs): void {
    this.enter();
    try { this.b.unbind(this, a.source, a.destination, false, a.routingKey ?? '', a.arguments ?? {}, 'exchangeUnbind'); } finally { this.leave(); }
  }

  // ------------------------------------------------------------ queue

  queueDeclare(a: QueueDeclareArgs = {}): QueueDeclareOk {
    this.enter();
    try { return this.b.queueDeclare(this, a); } finally { this.leave(); }
  }
  queueBind(a: QueueBindArgs): void {
    this.enter();
    try {
      const q = this.b.queueName(this, a.queue ?? '', 'queueBind');
      // routing key '' with queue '' means the last declared queue's name (rabbit_channel expand_routing_key_shortcut)
      const rk = (a.routingKey ?? '') === '' && (a.queue ?? '') === '' ? q : a.routingKey ?? '';
      this.b.bind(this, a.exchange, q, true, rk, a.arguments ?? {}, 'queueBind');
    } finally { this.leave(); }
  }
  queueUnbind(a: QueueUnbindArgs): void {
    this.enter();
    try {
      const q = this.b.queueName(this, a.queue ?? '', 'queueUnbind');
      const rk = (a.routingKey ?? '') === '' && (a.queue ?? '') === '' ? q : a.routingKey ?? '';
      this.b.unbind(this, a.exchange, q, true, rk, a.arguments ?? {}, 'queueUnbind');
    } finally { this.leave(); }
  }
  queuePurge(a: QueuePurgeArgs = {}): { messageCount: number } {
    this.enter();
    try { return { messageCount: this.b.queuePurge(this, a) }; } finally { this.leave(); }
  }
  queueDelete(a: QueueDeleteArgs = {}): { messageCount: number } {
    this.enter();
    try { return { messageCount: this.b.queueDelete(this, a) }; } finally { this.leave(); }
  }

  // ------------------------------------------------------------ basic

  basicQos(a: BasicQosArgs): void {
    this.enter();
    try { this.b.basicQos(this, a); } finally { this.leave(); }
  }
  /** Returns the consumer tag. Deliveries to the new consumer are pushed during the call (see cork()). */
  basicConsume(a: BasicConsumeArgs): string {
    this.enter();
    try { return this.b.basicConsume(this, a); } finally { this.leave(); }
  }
  /** Unknown tags still answer cancel-ok (rule 18). Unacked deliveries stay on the channel. */
  basicCancel(a: BasicCancelArgs): string {
    this.enter();
    try {
      const c = this.consumers.get(a.consumerTag);
      if (c !== undefined) this.b.removeConsumer(c, true);
      return a.consumerTag;
    } finally { this.leave(); }
  }
  basicPublish(a: BasicPublishArgs, properties: BasicProperties, body: Uint8Array): void {
    this.enter();
    try { this.b.basicPublish(this, a, properties, body); } finally { this.leave(); }
  }
  basicGet(a: BasicGetArgs): GetOk | null {
    this.enter();
    try { return this.b.basicGet(this, a); } finally { this.leave(); }
  }
  basicAck(a: BasicAckArgs): void {
    this.enter();
    try { this.b.settle(this, 1, a.deliveryTag ?? 0, a.multiple === true, false, 'basicAck'); } finally { this.leave(); }
  }
  basicNack(a: BasicNackArgs): void {
    this.enter();
    try { this.b.settle(this, 2, a.deliveryTag ?? 0, a.multiple === true, a.requeue !== false, 'basicNack'); } finally { this.leave(); }
  }
  basicReject(a: BasicRejectArgs): void {
    this.enter();
    try { this.b.settle(this, 3, a.deliveryTag, false, a.requeue !== false, 'basicReject'); } finally { this.leave(); }
  }
  basicRecover(a: BasicRecoverArgs = {}): void {
    this.enter();
    try { this.b.basicRecover(this, a.requeue === true); } finally { this.leave(); }
  }

  // ------------------------------------------------------------ confirm / tx / flow

  confirmSelect(_a: ConfirmSelectArgs = {}): void {
    this.enter();
    try {
      if (this.tx) throw this.b.channelError(this, err('PRECONDITION_FAILED', 'cannot switch from tx to confirm mode', 'confirmSelect'));
      this.confirm = true;
    } finally { this.leave(); }
  }
  txSelect(): void {
    this.enter();
    try {
      if (this.confirm) throw this.b.channelError(this, err('PRECONDITION_FAILED', 'cannot switch from confirm to tx mode', 'txSelect'));
      this.tx = true;
    } finally { this.leave(); }
  }
  txCommit(): void {
    this.enter();
    try {
      if (!this.tx) throw this.b.channelError(this, err('PRECONDITION_FAILED', 'channel is not transactional', 'txCommit'));
      this.b.txCommit(this);
    } finally { this.leave(); }
  }
  txRollback(): void {
    this.enter();
    try {
      if (!this.tx) throw this.b.channelError(this, err('PRECONDITION_FAILED', 'channel is not transactional', 'txRollback'));
      this.b.txRollback(this);
    } finally { this.leave(); }
  }
  /** channel.flow. RabbitMQ refuses active=false (540); LavinMQ pauses deliveries to this channel. */
  flow(active: boolean): boolean {
    this.enter();
    try { return this.b.flow(this, active); } finally { this.leave(); }
  }

  /** Client channel.close: cancels consumers and requeues every unacked delivery (rule 17). */
  close(): void {
    if (!this.open) return;
    this.b.begin();
    try { this.b.closeChannel(this, 'channel-closed', 0, ''); } finally { this.leave(); }
  }

  // ------------------------------------------------------------ unacked list (internal)

  /** @internal Index of the live entry with this tag, or -1. */
  find(tag: number): number {
    const tags = this.uTags;
    let lo = this.uHead, hi = tags.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = tags[mid]!;
      if (t === tag) {
        const m = this.uMsgs[mid]!;
        return m.tag === tag && m.ch === this && m.tx === 0 ? mid : -1;
      }
      if (t < tag) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  /** @internal */
  isLive(i: number): boolean {
    const m = this.uMsgs[i]!;
    return m.tag === this.uTags[i] && m.ch === this && m.tx === 0;
  }

  /** @internal Drops dead slots at the front; compacts when mostly dead. */
  trim(): void {
    const msgs = this.uMsgs, tags = this.uTags;
    let h = this.uHead;
    while (h < msgs.length) {
      const m = msgs[h]!;
      if (m.tag === tags[h] && m.ch === this) break;
      h++;
    }
    if (h === msgs.length) {
      if (msgs.length > 0) { this.uMsgs = []; this.uTags = []; }
      this.uHead = 0;
      return;
    }
    this.uHead = h;
    const len = msgs.length - h;
    if (h > 1024 && h > len) {
      this.uMsgs = msgs.slice(h);
      this.uTags = tags.slice(h);
      this.uHead = 0;
    } else if (len > 256 && len > 4 * (this.uLive + this.txSettles.length)) {
      const nm: Msg[] = [], nt: number[] = [];
      for (let i = h; i < msgs.length; i++) {
        const m = msgs[i]!;
        if (m.tag === tags[i] && m.ch === this) { nm.push(m); nt.push(tags[i]!); }
      }
      this.uMsgs = nm;
      this.uTags = nt;
      this.uHead = 0;
    }
  }
}

// ====================================================================== connection

export class BrokerConnection {
  /** @internal */ open = true;
  /** @internal */ readonly channels = new Map<number, BrokerChannel>();
  /** @internal */ corked = 0;
  /** @internal */ corkBuf: OutEntry[] = [];
  /** @internal See setDeliveriesPaused. */ deliveriesPaused = false;

  /** @internal */
  constructor(
    readonly id: number,
    readonly vhost: string,
    readonly info: ConnectionInfo,
    /** @internal */ readonly sink: ConnectionSink,
    private readonly b: Broker,
  ) {}

  get isOpen(): boolean { return this.open; }

  /** channel.open. A second open of a live channel number is connection error 504. */
  openChannel(n: number): BrokerChannel {
    if (!this.open) throw new Error(`connection ${this.id} is closed`);
    this.b.begin();
    try { return this.b.openChannel(this, n); } finally { if (--this.b.depth === 0) this.b.flush(); }
  }

  channel(n: number): BrokerChannel | undefined { return this.channels.get(n); }

  /** Holds this connection's server pushes until uncork() (so a reply can go out first). Nests. */
  cork(): void { this.corked++; }

  uncork(): void {
    if (this.corked === 0) return;
    if (--this.corked > 0) return;
    const buf = this.corkBuf;
    this.corkBuf = [];
    for (const e of buf) this.b.pushOut(e.conn, e.kind, e.ch, e.channel, e.payload);
    if (this.b.depth === 0) this.b.flush();
  }

  /**
   * Flow control from the wire layer, for a client that does not read its socket. RabbitMQ's writer blocks on
   * the socket, the queue counts the channel's unsent deliveries and, past its limit, treats the channel as
   * blocked (rabbit_queue_consumers: the consumer goes to the blocked list and the next one gets the message).
   * Here: while paused, no new delivery is made to any consumer on this connection's channels; they are
   * skipped exactly like consumers without prefetch credit, so round-robin, single-active-consumer and
   * consumer priorities go on among the others, and the messages stay ready in their queues. basic.get still
   * answers (the client asked for it), deliveries already made (held ones included) are unaffected, prefetch
   * accounting is unchanged. Unpausing dispatches every queue consumed on this connection, channels in the
   * order they were opened, consumers in the order they were set aside. Records no event and shows nowhere
   * else: it is the transport's state, not the protocol's. Pausing never dispatches, so a sink may call it from
   * inside a broker operation (see ConnectionSink.deliveryQueued).
   */
  setDeliveriesPaused(paused: boolean): void {
    if (this.deliveriesPaused === paused) return;
    this.deliveriesPaused = paused;
    if (paused || !this.open) return;
    this.b.begin();
    try { this.b.resumeDeliveries(this); } finally { if (--this.b.depth === 0) this.b.flush(); }
  }

  get deliveriesArePaused(): boolean { return this.deliveriesPaused; }

  /** Client connection.close: closes every channel (requeueing unacked), deletes exclusive queues. */
  close(): void {
    if (!this.open) return;
    this.b.begin();
    try { this.b.closeConnection(this, 'connection-closed', 0, ''); } finally { if (--this.b.depth === 0) this.b.flush(); }
  }
}

// ====================================================================== broker

export class Broker {
  readonly profile: Profile;
  readonly events: EventStream;
  readonly clock: Clock;
  /** @internal */ readonly log: EventLog;
  /** @internal */ depth = 0;
  /** @internal clock reading taken when the outermost call began */ t = 0;
  private readonly oConn: (BrokerConnection | undefined)[] = [];
  private readonly oKind: number[] = [];
  private readonly oCh: (BrokerChannel | null | undefined)[] = [];
  private readonly oChannel: number[] = [];
  private readonly oPayload: unknown[] = [];
  private outHead = 0;
  private outLen = 0;
  private flushing = false;
  private readonly consumerTimeoutMs: number;
  private readonly channelTickMs: number;
  private readonly prng: Prng;
  private readonly vhosts = new Map<string, VHost>();
  private readonly connections = new Map<number, BrokerConnection>();
  private readonly queueRegistry: Queue[] = [];
  private readonly states = new IdTable();
  private readonly router = new Router();
  private advanceSub: Disposable | undefined;
  private stopped = false;
  private readonly routeScratch: Queue[] = [];
  private readonly policies: Policy[] = [];
  private nextConnId = 1;
  private nextMsgId = 1;
  private nextPublishId = 1;
  private hold = false;
  private pending: OutEntry[] = [];
  private pendingHead = 0;
  private dispatchEpoch = 0;
  private blockSeq = 0;

  constructor(options: BrokerOptions = {}) {
    this.profile = options.profile ?? 'rabbitmq';
    this.clock = options.clock ?? new RealClock();
    this.log = new EventLog(options.eventLogSize ?? 10_000);
    if (options.onListenerError) this.log.onListenerError = options.onListenerError;
    this.events = this.log;
    const defTimeout = this.profile === 'lavinmq' ? 0 : 1_800_000;
    const t = options.consumerTimeoutMs ?? defTimeout;
    this.consumerTimeoutMs = t > 0 && Number.isFinite(t) ? t : 0;
    this.channelTickMs = options.channelTickMs ?? 60_000;
    this.prng = new Prng(options.seed ?? 1);
    this.queueRegistry.push(null as unknown as Queue); // index 0 = none
    this.addVhost('/');
    for (const v of options.vhosts ?? []) this.addVhost(v);
    this.advanceSub = this.clock.onAdvance?.((from, to) => {
      if (this.log.active) this.log.emit(from, EV['clock-advanced'], '', '', '', '', 0, 0, 0, 0, '', 0, false, 0, false, false, false, false, '', 0, '', to - from);
    });
  }

  /** Rebuilds a broker from `durableState()`: what survives a RabbitMQ restart. */
  static restore(state: DurableState, options: BrokerOptions = {}): Broker {
    const b = new Broker({ profile: state.profile, ...options });
    b.loadDurable(state);
    return b;
  }

  addVhost(name: string): void {
    if (this.vhosts.has(name)) return;
    const v = new VHost(name);
    this.vhosts.set(name, v);
    const mk = (n: string, t: ExchangeType | 'default', internal = false) =>
      v.exchanges.set(n, new Exchange(v, n, t, true, false, internal, {}, true));
    mk('', 'default');
    mk('amq.direct', 'direct');
    mk('amq.fanout', 'fanout');
    mk('amq.topic', 'topic');
    mk('amq.headers', 'headers');
    mk('amq.match', 'headers');
    mk('amq.rabbitmq.trace', 'topic', true);
  }

  /** Opens a connection (connection.open). Unknown vhost: connection error 530. */
  connect(info: ConnectionInfo, sink: ConnectionSink): BrokerConnection {
    if (this.stopped) throw new Error('the broker has been shut down');
    const vhost = info.vhost ?? '/';
    if (!this.vhosts.has(vhost)) throw err('NOT_ALLOWED', `vhost ${vhost} not found`, 'connectionOpen');
    const c = new BrokerConnection(this.nextConnId++, vhost, info, sink, this);
    this.connections.set(c.id, c);
    if (this.depth === 0) this.t = this.clock.now();
    if (this.log.active) this.log.emit(this.t, EV['connection-opened'], vhost, '', '', '', 0, 0, c.id, 0, '', 0, false, 0, false, false, false, false, '', 0, info.clientName ?? '', 0);
    return c;
  }

  /** Adds or replaces a policy (RabbitMQ `set_policy`): delivery-limit, consumer-timeout, message-ttl, max-length, … */
  setPolicy(p: PolicyDefinition): void {
    const vhost = p.vhost ?? '/';
    this.clearPolicyOnly(vhost, p.name);
    this.policies.push({ vhost, name: p.name, pattern: p.pattern, applyTo: p.applyTo ?? 'all', priority: p.priority ?? 0, definition: { ...p.definition }, regex: new RegExp(p.pattern) });
    this.reapplyPolicies();
  }

  clearPolicy(vhost: string, name: string): void {
    this.clearPolicyOnly(vhost, name);
    this.reapplyPolicies();
  }

  private clearPolicyOnly(vhost: string, name: string): void {
    const i = this.policies.findIndex((x) => x.vhost === vhost && x.name === name);
    if (i >= 0) this.policies.splice(i, 1);
  }

  private reapplyPolicies(): void {
    this.begin();
    try {
      for (const v of this.vhosts.values()) for (const q of v.queues.values()) {
        const [expires, policy] = [q.expires, q.policy];
        this.configure(q, q.args);
        this.afterReadyChange(q);
        // rabbit_amqqueue_process: a policy change re-runs init_exp, restarting the x-expires timer
        if (q.expires !== expires || q.policy !== policy) this.touchIdle(q);
      }
      this.armAllTicks();
    } finally { if (--this.depth === 0) this.flush(); }
  }

  // ------------------------------------------------------------ hold mode

  /** Hold mode: deliveries are made (tags, unacked) but not pushed until released one at a time. */
  setHoldDeliveries(hold: boolean): void {
    if (this.hold === hold) return;
    this.hold = hold;
    if (this.depth === 0) this.t = this.clock.now();
    if (this.log.active) this.log.emit(this.t, EV['hold-changed'], '', '', '', '', 0, 0, 0, 0, '', 0, false, 0, false, false, false, hold, '', 0, '', this.pendingCount());
    if (!hold) {
      const rest = this.pending.slice(this.pendingHead);
      this.pending = [];
      this.pendingHead = 0;
      for (const e of rest) {
        if (this.pendingLive(e)) e.conn.sink.deliveryQueued?.(e.channel, e.payload as Delivery);
        this.pushOut(e.conn, e.kind, e.ch, e.channel, e.payload);
      }
      if (this.depth === 0) this.flush();
    }
  }

  get holdingDeliveries(): boolean { return this.hold; }

  /** Pushes the oldest held delivery to its consumer. Returns it, or undefined when none is held. */
  releaseNextDelivery(): PendingDelivery | undefined {
    if (this.depth === 0) this.t = this.clock.now();
    while (this.pendingHead < this.pending.length) {
      const e = this.pending[this.pendingHead++]!;
      if (this.pendingHead === this.pending.length) { this.pending = []; this.pendingHead = 0; }
      if (!this.pendingLive(e)) continue;
      const d = e.payload as Delivery;
      if (this.log.active) this.log.emit(this.t, EV['delivery-released'], e.conn.vhost, '', d.exchange, d.routingKey, d.messageId, 0, e.conn.id, e.channel, d.consumerTag, d.deliveryTag, d.redelivered, 0, false, false, false, false, '', 0, '', 0);
      e.conn.sink.deliveryQueued?.(e.channel, d);
      this.pushOut(e.conn, e.kind, e.ch, e.channel, e.payload);
      if (this.depth === 0) this.flush();
      return this.pendingView(e);
    }
    return undefined;
  }

  pendingDeliveries(): PendingDelivery[] {
    const out: PendingDelivery[] = [];
    for (let i = this.pendingHead; i < this.pending.length; i++) {
      const e = this.pending[i]!;
      if (this.pendingLive(e)) out.push(this.pendingView(e));
    }
    return out;
  }

  private pendingCount(): number { return this.pendingDeliveries().length; }

  private pendingLive(e: OutEntry): boolean {
    return e.conn.open && e.ch !== null && e.ch.open;
  }

  private pendingView(e: OutEntry): PendingDelivery {
    const d = e.payload as Delivery;
    return { connectionId: e.conn.id, channel: e.channel, consumerTag: d.consumerTag, deliveryTag: d.deliveryTag, messageId: d.messageId, queue: this.queueOfMessage(d.messageId) };
  }

  private queueOfMessage(id: number): string {
    const q = this.queueRegistry[this.states.get(id) >>> 5];
    return q ? q.name : '';
  }

  // ------------------------------------------------------------ outbox

  /** @internal Enters a broker operation; the outermost one reads the clock once. */
  begin(): void {
    if (this.depth++ === 0) this.t = this.clock.now();
  }

  /** @internal Queues a server push (parallel arrays: no object per push on the hot path). */
  push(conn: BrokerConnection, kind: number, ch: BrokerChannel | null, channel: number, payload: unknown): void {
    // (a corked delivery is on its way too: the sink hears of it now, so it can pause the rest of a long dispatch)
    if (kind === OUT_DELIVER && !this.hold) conn.sink.deliveryQueued?.(channel, payload as Delivery);
    if ((kind === OUT_DELIVER && this.hold) || conn.corked > 0) {
      const e: OutEntry = { conn, kind, ch, channel, payload };
      if (kind === OUT_DELIVER && this.hold) this.pending.push(e);
      else conn.corkBuf.push(e);
      return;
    }
    this.pushOut(conn, kind, ch, channel, payload);
  }

  /** @internal */
  pushOut(conn: BrokerConnection, kind: number, ch: BrokerChannel | null, channel: number, payload: unknown): void {
    const i = this.outLen++;
    this.oConn[i] = conn;
    this.oKind[i] = kind;
    this.oCh[i] = ch;
    this.oChannel[i] = channel;
    this.oPayload[i] = payload;
  }

  /** @internal Sends queued server pushes. Re-entrant calls from sinks append and return. */
  flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    let firstError: unknown;
    try {
      while (this.outHead < this.outLen) {
        const i = this.outHead++;
        const conn = this.oConn[i]!, kind = this.oKind[i]!, ch = this.oCh[i]!, channel = this.oChannel[i]!, payload = this.oPayload[i];
        this.oConn[i] = undefined;
        this.oCh[i] = undefined;
        this.oPayload[i] = undefined;
        try { this.send(conn, kind, ch, channel, payload); } catch (ex) { if (firstError === undefined) firstError = ex; }
      }
    } finally {
      this.outHead = 0;
      this.outLen = 0;
      this.flushing = false;
    }
    if (firstError !== undefined) throw firstError;
  }

  private send(conn: BrokerConnection, kind: number, ch: BrokerChannel | null, channel: number, payload: unknown): void {
    const s = conn.sink;
    switch (kind) {
      case OUT_DELIVER: if (conn.open && ch !== null && ch.open) s.deliver(channel, payload as Delivery); break;
      case OUT_RETURN: if (conn.open && ch !== null && ch.open) s.basicReturn(channel, payload as ReturnedMessage); break;
      case OUT_CONFIRM: if (conn.open && ch !== null && ch.open) s.confirm(channel, payload as { deliveryTag: number; multiple: boolean; nack: boolean }); break;
      case OUT_CANCELLED: if (conn.open && ch !== null && ch.open) s.consumerCancelled(channel, payload as string); break;
      case OUT_CH_CLOSED: if (conn.open) s.channelClosedByServer(channel, payload as AmqpError); break;
      case OUT_CONN_CLOSED: s.connectionClosedByServer(payload as AmqpError); break;
      case OUT_BLOCKED: if (conn.open) s.blocked?.(payload as string); break;
      case OUT_UNBLOCKED: if (conn.open) s.unblocked?.(); break;
    }
  }

  /** Sends connection.blocked (reason) or, with null, connection.unblocked to every connection. */
  setBlocked(reason: string | null): void {
    this.begin();
    try {
      for (const c of this.connections.values()) this.push(c, reason === null ? OUT_UNBLOCKED : OUT_BLOCKED, null, 0, reason);
    } finally { if (--this.depth === 0) this.flush(); }
  }

  // ------------------------------------------------------------ events (helpers)

  private evMsg(kind: number, q: Queue, m: Msg, reason: string, exchange: string): void {
    this.log.emit(this.t, kind, q.vhost.name, q.name, exchange, m.routingKey, m.id, m.publishId, 0, 0, '', 0, m.deliveries > 0, m.deliveries, false, false, false, false, reason, 0, '', 0);
  }

  private evSettle(kind: number, ch: BrokerChannel, m: Msg, tag: number, multiple: boolean, requeue: boolean, reason: string): void {
    const q = m.queue;
    this.log.emit(this.t, kind, q.vhost.name, q.name, m.exchange, m.routingKey, m.id, m.publishId, ch.connection.id, ch.number, m.consumer ? m.consumer.tag : '', tag, m.deliveries > 1, m.deliveries, multiple, requeue, false, false, reason, 0, '', 0);
  }

  private evQueue(kind: number, q: Queue, reason: string, count: number): void {
    this.log.emit(this.t, kind, q.vhost.name, q.name, '', '', 0, 0, 0, 0, '', 0, false, 0, false, false, false, false, reason, 0, q.type, count);
  }

  private evChannel(kind: number, ch: BrokerChannel, consumerTag: string, reason: string, code: number, text: string, count: number): void {
    this.log.emit(this.t, kind, ch.connection.vhost, '', '', '', 0, 0, ch.connection.id, ch.number, consumerTag, 0, false, 0, false, false, false, false, reason, code, text, count);
  }

  private evConsumer(kind: number, c: Consumer, reason: string): void {
    const q = c.queue, ch = c.ch;
    this.log.emit(this.t, kind, q.vhost.name, q.name, '', '', 0, 0, ch.connection.id, ch.number, c.tag, 0, false, 0, false, false, c.noAck, false, reason, 0, '', c.prefetch);
  }

  private setState(m: Msg, st: number): void {
    this.states.set(m.id, (m.queue.idx << 5) | st);
    const r = this.retained;
    if (r !== undefined) { if (st === S_READY || st === S_UNACKED) r.set(m.id, m); else r.delete(m.id); }
  }

  /** id -> message for ready and unacked messages, kept while someone retains content (see retainContent). */
  private retained: Map<number, Msg> | undefined;
  private retainers = 0;

  /**
   * Keeps an index of the ready and unacked messages enqueued from now on, so `retainedContent(id)` finds a message's
   * body in O(1) while the event about it is being delivered (the live stepper shows bodies this way). Costs one Map
   * operation per message state change while any retainer holds it; dispose to release.
   */
  retainContent(): { dispose(): void } {
    if (this.retainers++ === 0) this.retained = new Map();
    let done = false;
    return { dispose: () => { if (!done && (done = true) && --this.retainers === 0) this.retained = undefined; } };
  }

  /** Content of a retained message (see retainContent); undefined when it is not (or no longer) held. */
  retainedContent(id: number): { exchange: string; routingKey: string; properties: BasicProperties; body: Uint8Array } | undefined {
    return contentOf(this.retained?.get(id));
  }

  // ------------------------------------------------------------ errors

  /** @internal Closes the channel for a channel-scope error (or the connection for a connection-scope one) and returns the error to throw. */
  channelError(ch: BrokerChannel, e: AmqpError): AmqpError {
    if (e.scope === 'connection') return this.connectionError(ch.connection, e, ch.number);
    if (this.log.active) this.evChannel(EV['error'], ch, '', 'channel-error', e.code, e.replyText, 0);
    this.closeChannel(ch, 'channel-error', e.code, e.replyText);
    return e;
  }

  /** @internal */
  connectionError(conn: BrokerConnection, e: AmqpError, channel = 0): AmqpError {
    if (this.log.active) this.log.emit(this.t, EV['error'], conn.vhost, '', '', '', 0, 0, conn.id, channel, '', 0, false, 0, false, false, false, false, 'connection-error', e.code, e.replyText, 0);
    this.closeConnection(conn, 'connection-error', e.code, e.replyText);
    return e;
  }

  // ------------------------------------------------------------ channels & connections

  /** @internal */
  openChannel(conn: BrokerConnection, n: number): BrokerChannel {
    if (conn.channels.has(n)) throw this.connectionError(conn, err('CHANNEL_ERROR', "second 'channel.open' seen", 'channelOpen'), n);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw this.connectionError(conn, err('CHANNEL_ERROR', `invalid channel number ${n}`, 'channelOpen'), n);
    const ch = new BrokerChannel(conn, n, this);
    conn.channels.set(n, ch);
    this.armTick(ch);
    if (this.log.active) this.evChannel(EV['channel-opened'], ch, '', '', 0, '', 0);
    return ch;
  }

  private armTick(ch: BrokerChannel): void {
    if (this.stopped || this.consumerTimeoutMs === 0 && !this.anyQueueTimeout()) { ch.tickTimer = 0; return; }
    ch.tickTimer = this.clock.setTimer(this.channelTickMs, () => this.tick(ch));
  }

  /** Channels opened while no timeout applied get their tick once one does (a queue argument or policy). */
  private armAllTicks(): void {
    for (const c of this.connections.values()) for (const ch of c.channels.values()) if (ch.tickTimer === 0 && ch.open) this.armTick(ch);
  }

  private anyQueueTimeout(): boolean {
    for (const v of this.vhosts.values()) for (const q of v.queues.values()) if (q.consumerTimeout > 0) return true;
    return false;
  }

  /** Channel tick: consumer acknowledgement timeout against the oldest unacked delivery (rule 26). */
  private tick(ch: BrokerChannel): void {
    ch.tickTimer = 0;
    if (!ch.open || this.stopped) return;
    this.begin();
    try {
      this.armTick(ch);
      const now = this.t;
      for (let i = ch.uHead; i < ch.uMsgs.length; i++) {
        if (!ch.isLive(i)) continue;
        const m = ch.uMsgs[i]!;
        const timeout = m.queue.consumerTimeout > 0 ? m.queue.consumerTimeout : this.consumerTimeoutMs;
        if (timeout > 0 && now - m.deliveredAt > timeout) {
          const text = this.profile === 'lavinmq'
            ? 'PRECONDITION_FAILED - consumer timeout'
            : `PRECONDITION_FAILED - delivery acknowledgement on channel ${ch.number} timed out. Timeout value used: ${timeout} ms. This timeout value can be configured, see consumers doc guide to learn more`;
          const e = new AmqpError('channel', 406, text, 0, 0);
          if (this.log.active) this.evChannel(EV['error'], ch, '', 'consumer-timeout', 406, text, 0);
          // channel.close goes out before the requeued messages reach other consumers
          this.push(ch.connection, OUT_CH_CLOSED, ch, ch.number, e);
          this.closeChannel(ch, 'consumer-timeout', 406, text);
        }
        break;
      }
    } finally { if (--this.depth === 0) this.flush(); }
  }

  /** @internal Closes a channel: consumers cancelled, unacked requeued in tag order (rule 17), tx discarded. */
  closeChannel(ch: BrokerChannel, reason: string, code: number, text: string): void {
    if (!ch.open) return;
    this.markClosed(ch);
    this.finishClose(ch, reason, code, text);
  }

  /** First half of a close: the channel takes no more deliveries. */
  private markClosed(ch: BrokerChannel): void {
    ch.open = false;
    if (ch.tickTimer !== 0) { this.clock.clearTimer(ch.tickTimer); ch.tickTimer = 0; }
    ch.connection.channels.delete(ch.number);
  }

  /**
   * Second half: tx discarded, unacked requeued in tag order, consumers removed, queues dispatched. The
   * channel-closed event comes first, so the log reads cause then effects (closed → requeue → cancel → redeliver).
   */
  private finishClose(ch: BrokerChannel, reason: string, code: number, text: string): void {
    if (this.log.active) this.evChannel(EV['channel-closed'], ch, '', reason, code, text, 0);
    // a transaction's pending settles are dropped: those messages are unacked again
    for (const m of ch.txSettles) { if (m.ch === ch) { m.tx = 0; ch.uLive++; } }
    ch.txSettles = [];
    ch.txPublishes = [];
    const epoch = ++this.dispatchEpoch;
    const touched: Queue[] = [];
    for (let i = ch.uHead; i < ch.uMsgs.length; i++) {
      if (!ch.isLive(i)) continue;
      const m = ch.uMsgs[i]!;
      this.detach(ch, m);
      this.requeue(m, reason);
      if (m.queue.mark !== -epoch) { m.queue.mark = -epoch; touched.push(m.queue); }
    }
    ch.uMsgs = [];
    ch.uTags = [];
    ch.uHead = 0;
    ch.uLive = 0;
    const qs = touched;
    for (const c of [...ch.consumers.values()]) this.removeConsumer(c, false);
    for (const q of qs) if (!q.deleted) this.afterReadyChange(q);
    for (const q of qs) if (!q.deleted) this.dispatch(q, false);
  }

  /** @internal */
  closeConnection(conn: BrokerConnection, reason: string, code: number, text: string): void {
    if (!conn.open) return;
    // every channel stops taking deliveries before any requeue (else they would go to a sibling channel)
    const chans = [...conn.channels.values()];
    for (const ch of chans) this.markClosed(ch);
    // logged first: the channels' closes, requeues and redeliveries below are its effects
    if (this.log.active) this.log.emit(this.t, EV['connection-closed'], conn.vhost, '', '', '', 0, 0, conn.id, 0, '', 0, false, 0, false, false, false, false, reason, code, text, 0);
    for (const ch of chans) this.finishClose(ch, reason === 'connection-error' ? 'connection-closed' : reason, 0, '');
    conn.open = false;
    this.connections.delete(conn.id);
    for (const v of this.vhosts.values()) for (const q of [...v.queues.values()]) if (q.owner === conn) this.deleteQueue(q);
  }

  /**
   * Stops the broker as a RabbitMQ node stopping does: every connection gets 320 CONNECTION_FORCED
   * (sent to its sink), timers stop, and no new connection is accepted. What survives a restart is
   * still readable (durableState, snapshot) for Broker.restore.
   */
  shutdown(reason = 'shutdown'): void {
    if (this.stopped) return;
    this.begin();
    try {
      const e = err('CONNECTION_FORCED', `broker forced connection closure with reason '${reason}'`, 'none');
      for (const c of [...this.connections.values()]) {
        this.closeConnection(c, 'shutdown', e.code, e.replyText);
        this.push(c, OUT_CONN_CLOSED, null, 0, e);
      }
    } finally { if (--this.depth === 0) this.flush(); }
    this.stopped = true;
    for (const q of this.queueRegistry) {
      if (q && q.expiryTimer !== 0) { this.clock.clearTimer(q.expiryTimer); q.expiryTimer = 0; q.expiryAt = Infinity; }
      if (q && q.idleTimer !== 0) { this.clock.clearTimer(q.idleTimer); q.idleTimer = 0; }
    }
    this.advanceSub?.dispose();
    this.advanceSub = undefined;
  }

  /** True after shutdown(). */
  get isShutDown(): boolean { return this.stopped; }

  /** Server-initiated close of one connection (e.g. the management "close connection"). */
  closeConnectionByServer(id: number, reason = 'Closed via management plugin'): void {
    const c = this.connections.get(id);
    if (!c) return;
    this.begin();
    try {
      const e = err('CONNECTION_FORCED', reason, 'none');
      this.closeConnection(c, 'forced', e.code, e.replyText);
      this.push(c, OUT_CONN_CLOSED, null, 0, e);
    } finally { if (--this.depth === 0) this.flush(); }
  }

  // ------------------------------------------------------------ lookups

  private vhostOf(ch: BrokerChannel): VHost { return this.vhosts.get(ch.connection.vhost)!; }

  /** @internal Expands '' to the channel's last declared queue. */
  queueName(ch: BrokerChannel, name: string, method: MethodName): string {
    if (name !== '') return name;
    if (ch.lastQueue === '') throw this.channelError(ch, err('NOT_FOUND', 'no previously declared queue', method));
    return ch.lastQueue;
  }

  private getQueue(ch: BrokerChannel, name: string, method: MethodName): Queue {
    const v = this.vhostOf(ch);
    const q = v.queues.get(this.queueName(ch, name, method));
    if (q === undefined) throw this.channelError(ch, err('NOT_FOUND', `no ${rs('queue', name || ch.lastQueue, v.name)}`, method));
    this.checkExclusive(ch, q, method);
    return q;
  }

  private checkExclusive(ch: BrokerChannel, q: Queue, method: MethodName): void {
    if (q.owner !== null && q.owner !== ch.connection) {
      throw this.channelError(ch, err('RESOURCE_LOCKED', `cannot obtain exclusive access to locked ${rs('queue', q.name, q.vhost.name)}. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`, method));
    }
  }

  private getExchange(ch: BrokerChannel, name: string, method: MethodName): Exchange {
    const v = this.vhostOf(ch);
    const ex = v.exchanges.get(name);
    if (ex === undefined) throw this.channelError(ch, err('NOT_FOUND', `no ${rs('exchange', name, v.name)}`, method));
    return ex;
  }

  // ------------------------------------------------------------ exchanges

  /** @internal */
  exchangeDeclare(ch: BrokerChannel, a: ExchangeDeclareArgs): void {
    const v = this.vhostOf(ch);
    const name = a.exchange;
    const type = a.type ?? 'direct';
    const durable = a.durable === true, autoDelete = a.autoDelete === true, internal = a.internal === true;
    const args = a.arguments ?? {};
    if (name === '') throw this.channelError(ch, err('ACCESS_REFUSED', 'operation not permitted on the default exchange', 'exchangeDeclare'));
    const existing = v.exchanges.get(name);
    if (a.passive) {
      if (existing === undefined) throw this.channelError(ch, err('NOT_FOUND', `no ${rs('exchange', name, v.name)}`, 'exchangeDeclare'));
      return;
    }
    if (name.startsWith('amq.')) throw this.channelError(ch, err('ACCESS_REFUSED', `exchange name '${name}' contains reserved prefix 'amq.*'`, 'exchangeDeclare'));
    if (!EXCHANGE_TYPES.has(type)) throw this.connectionError(ch.connection, err('COMMAND_INVALID', `unknown exchange type '${type}'`, 'exchangeDeclare'), ch.number);
    if (existing !== undefined) {
      const what = rs('exchange', name, v.name);
      if (existing.type !== type) throw this.channelError(ch, err('PRECONDITION_FAILED', `inequivalent arg 'type' for ${what}: received '${type}' but current is '${existing.type}'`, 'exchangeDeclare'));
      if (existing.durable !== durable) throw this.channelError(ch, err('PRECONDITION_FAILED', `inequivalent arg 'durable' for ${what}: received '${durable}' but current is '${existing.durable}'`, 'exchangeDeclare'));
      if (existing.autoDelete !== autoDelete) throw this.channelError(ch, err('PRECONDITION_FAILED', `inequivalent arg 'auto_delete' for ${what}: received '${autoDelete}' but current is '${existing.autoDelete}'`, 'exchangeDeclare'));
      if (existing.internal !== internal) throw this.channelError(ch, err('PRECONDITION_FAILED', `inequivalent arg 'internal' for ${what}: received '${internal}' but current is '${existing.internal}'`, 'exchangeDeclare'));
      const ae = 'alternate-exchange';
      if (!fieldEquals(args[ae], existing.args[ae])) {
        throw this.channelError(ch, err('PRECONDITION_FAILED', `inequivalent arg '${ae}' for ${what}: ${describeMismatch(args[ae], existing.args[ae])}`, 'exchangeDeclare'));
      }
      return;
    }
    const ex = new Exchange(v, name, type as ExchangeType, durable, autoDelete, internal, args, false);
    v.exchanges.set(name, ex);
    if (this.log.active) this.log.emit(this.t, EV['exchange-declared'], v.name, '', name, '', 0, 0, ch.connection.id, ch.number, '', 0, false, 0, false, false, false, false, '', 0, type, 0);
  }

  /** @internal Deleting a missing exchange is ok (RabbitMQ 3.x+). */
  exchangeDelete(ch: BrokerChannel, a: ExchangeDeleteArgs): void {
    const v = this.vhostOf(ch);
    const name = a.exchange;
    if (name === '' ) throw this.channelError(ch, err('ACCESS_REFUSED', 'operation not permitted on the default exchange', 'exchangeDelete'));
    if (name.startsWith('amq.')) throw this.channelError(ch, err('ACCESS_REFUSED', `exchange name '${name}' contains reserved prefix 'amq.*'`, 'exchangeDelete'));
    const ex = v.exchanges.get(name);
    if (ex === undefined) return;
    if (a.ifUnused && (ex.bindings.length > 0)) throw this.channelError(ch, err('PRECONDITION_FAILED', `${rs('exchange', name, v.name)} in use`, 'exchangeDelete'));
    this.deleteExchange(ex);
  }

  private deleteExchange(ex: Exchange): void {
    const v = ex.vhost;
    if (v.exchanges.get(ex.name) !== ex) return;
    v.exchanges.delete(ex.name);
    for (const b of [...ex.bindings]) this.removeBinding(b, false);
    for (const b of [...ex.boundTo]) this.removeBinding(b, true);
    if (this.log.active) this.log.emit(this.t, EV['exchange-deleted'], v.name, '', ex.name, '', 0, 0, 0, 0, '', 0, false, 0, false, false, false, false, '', 0, ex.type, 0);
  }

  // ------------------------------------------------------------ bindings

  /** @internal */
  bind(ch: BrokerChannel, source: string, dest: string, destIsQueue: boolean, routingKey: string, args: FieldTable, method: MethodName): void {
    const v = this.vhostOf(ch);
    if (source === '' || (!destIsQueue && dest === '')) throw this.channelError(ch, err('ACCESS_REFUSED', 'operation not permitted on the default exchange', method));
    const src = v.exchanges.get(source);
    if (src === undefined) throw this.channelError(ch, err('NOT_FOUND', `no ${rs('exchange', source, v.name)}`, method));
    let q: Queue | null = null, dx: Exchange | null = null;
    if (destIsQueue) {
      q = v.queues.get(dest) ?? null;
      if (q === null) throw this.channelError(ch, err('NOT_FOUND', `no ${rs('queue', dest, v.name)}`, method));
      this.checkExclusive(ch, q, method);
    } else {
      dx = v.exchanges.get(dest) ?? null;
      if (dx === null) throw this.channelError(ch, err('NOT_FOUND', `no ${rs('exchange', dest, v.name)}`, method));
    }
    if (this.findBinding(src, q, dx, routingKey, args) !== undefined) return;
    const b = new Binding(src, q, dx, routingKey, args, src.type === 'topic' ? (routingKey === '' ? [] : routingKey.split('.')) : null);
    this.addBinding(b);
    if (this.log.active) this.log.emit(this.t, EV['binding-created'], v.name, q ? q.name : '', src.name, routingKey, 0, 0, ch.connection.id, ch.number, '', 0, false, 0, false, false, false, false, dx ? dx.name : '', 0, destIsQueue ? 'queue' : 'exchange', 0);
  }

  private addBinding(b: Binding): void {
    const src = b.source;
    src.bindings.push(b);
    if (src.type === 'direct') {
      const list = src.direct.get(b.routingKey);
      if (list) list.push(b); else src.direct.set(b.routingKey, [b]);
    }
    if (b.queue) b.queue.bindings.push(b);
    if (b.exchange) b.exchange.boundTo.push(b);
  }

  private findBinding(src: Exchange, q: Queue | null, dx: Exchange | null, rk: string, args: FieldTable): Binding | undefined {
    return src.bindings.find((b) => b.queue === q && b.exchange === dx && b.routingKey === rk && fieldEquals(b.args, args));
  }

  /** @internal Unbinding something that is not bound is ok. */
  unbind(ch: BrokerChannel, source: string, dest: string, destIsQueue: boolean, routingKey: string, args: FieldTable, method: MethodName): void {
    const v = this.vhostOf(ch);
    if (source === '') throw this.channelError(ch, err('ACCESS_REFUSED', 'operation not permitted on the default exchange', method));
    const src = v.exchanges.get(source);
    const q = destIsQueue ? v.queues.get(dest) ?? null : null;
    const dx = destIsQueue ? null : v.exchanges.get(dest) ?? null;
    if (destIsQueue && q === null) throw this.channelError(ch, err('NOT_FOUND', `no ${rs('queue', dest, v.name)}`, method));
    if (src === undefined) throw this.channelError(ch, err('NOT_FOUND', `no ${rs('exchange', source, v.name)}`, method));
    if (!destIsQueue && dx === null) throw this.channelError(ch, err('NOT_FOUND', `no ${rs('exchange', dest, v.name)}`, method));
    const b = this.findBinding(src, q, dx, routingKey, args);
    if (b !== undefined) this.removeBinding(b, true);
  }

  private removeBinding(b: Binding, fromSource: boolean): void {
    const src = b.source;
    const rm = <T>(arr: T[], x: T) => { const i = arr.indexOf(x); if (i >= 0) arr.splice(i, 1); };
    rm(src.bindings, b);
    if (src.type === 'direct') {
      const list = src.direct.get(b.routingKey);
      if (list) { rm(list, b); if (list.length === 0) src.direct.delete(b.routingKey); }
    }
    if (b.queue) rm(b.queue.bindings, b);
    if (b.exchange) rm(b.exchange.boundTo, b);
    if (this.log.active) this.log.emit(this.t, EV['binding-deleted'], src.vhost.name, b.queue ? b.queue.name : '', src.name, b.routingKey, 0, 0, 0, 0, '', 0, false, 0, false, false, false, false, b.exchange ? b.exchange.name : '', 0, b.queue ? 'queue' : 'exchange', 0);
    // an auto-delete exchange goes when its last binding (as source) goes
    if (fromSource || b.queue !== null || b.exchange !== null) {
      if (src.autoDelete && src.bindings.length === 0 && !src.builtin) this.deleteExchange(src);
    }
  }

  // ------------------------------------------------------------ queues

  /** @internal */
  queueDeclare(ch: BrokerChannel, a: QueueDeclareArgs): QueueDeclareOk {
    const v = this.vhostOf(ch);
    const args = a.arguments ?? {};
    let name = a.queue ?? '';
    if (a.passive) {
      if (name === '') name = this.queueName(ch, '', 'queueDeclare');
      const q = v.queues.get(name);
      if (q === undefined) throw this.channelError(ch, err('NOT_FOUND', `no ${rs('queue', name, v.name)}`, 'queueDeclare'));
      this.checkExclusive(ch, q, 'queueDeclare');
      ch.lastQueue = name;
      this.touchIdle(q);
      return { queue: name, messageCount: q.ready, consumerCount: q.consumers.length };
    }
    if (name === '') name = 'amq.gen-' + this.prng.name(22);
    else if (name.startsWith('amq.')) throw this.channelError(ch, err('ACCESS_REFUSED', `queue name '${name}' contains reserved prefix 'amq.*'`, 'queueDeclare'));
    const durable = a.durable === true, exclusive = a.exclusive === true, autoDelete = a.autoDelete === true;
    const what = rs('queue', name, v.name);
    const existing = v.queues.get(name);
    if (existing !== undefined) {
      this.checkExclusive(ch, existing, 'queueDeclare');
      if (existing.durable !== durable) throw this.channelError(ch, err('PRECONDITION_FAILED', `inequivalent arg 'durable' for ${what}: received '${durable}' but current is '${existing.durable}'`, 'queueDeclare'));
      if (existing.exclusive !== exclusive) this.checkExclusive(ch, { ...existing, owner: {} } as unknown as Queue, 'queueDeclare');
      if (existing.autoDelete !== autoDelete) throw this.channelError(ch, err('PRECONDITION_FAILED', `inequivalent arg 'auto_delete' for ${what}: received '${autoDelete}' but current is '${existing.autoDelete}'`, 'queueDeclare'));
      for (const key of ['x-expires', 'x-message-ttl', 'x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-max-length', 'x-max-length-bytes', 'x-max-priority', 'x-overflow', 'x-queue-mode', 'x-single-active-consumer', 'x-delivery-limit', 'x-queue-type']) {
        // RabbitMQ 4.x stores the queue type in the arguments (the vhost default, classic, when not given);
        // a redeclare without x-queue-type matches a classic queue only
        const was = key === 'x-queue-type' ? existing.type : existing.args[key];
        const now = args[key];
        if (key === 'x-queue-type' && now === undefined && was === 'classic') continue;
        if (!fieldEquals(was, now)) {
          throw this.channelError(ch, err('PRECONDITION_FAILED', `inequivalent arg '${key}' for ${what}: ${describeMismatch(now, was)}`, 'queueDeclare'));
        }
      }
      ch.lastQueue = name;
      // a redeclare renews an x-expires lease (rabbit_amqqueue:stat -> ensure_expiry_timer)
      this.touchIdle(existing);
      return { queue: name, messageCount: existing.ready, consumerCount: existing.consumers.length };
    }
    const qt = args['x-queue-type'];
    let type: QueueType = 'classic';
    if (qt !== undefined) {
      if (qt === 'quorum') type = 'quorum';
      else if (qt !== 'classic') throw this.channelError(ch, err('PRECONDITION_FAILED', `invalid arg 'x-queue-type' for ${what}: {unsupported_queue_type,<<"${typeof qt === 'string' ? qt : typeName(qt)}">>}`, 'queueDeclare'));
    }
    if (type === 'quorum' && this.profile === 'rabbitmq') {
      if (autoDelete) throw this.channelError(ch, err('PRECONDITION_FAILED', `invalid property 'auto-delete' for ${what}`, 'queueDeclare'));
      if (exclusive) throw this.channelError(ch, err('PRECONDITION_FAILED', `invalid property 'exclusive-owner' for ${what}`, 'queueDeclare'));
      if (!durable) throw this.channelError(ch, err('PRECONDITION_FAILED', `invalid property 'non-durable' for ${what}`, 'queueDeclare'));
    }
    const problem = this.checkQueueArgs(what, type, args);
    if (problem !== null) throw this.channelError(ch, err('PRECONDITION_FAILED', problem, 'queueDeclare'));
    const q = this.createQueue(v, name, type, durable, exclusive ? ch.connection : null, exclusive, autoDelete, args);
    ch.lastQueue = name;
    if (this.log.active) this.evQueue(EV['queue-declared'], q, '', 0);
    return { queue: name, messageCount: 0, consumerCount: 0 };
  }

  private createQueue(v: VHost, name: string, type: QueueType, durable: boolean, owner: BrokerConnection | null, exclusive: boolean, autoDelete: boolean, args: FieldTable): Queue {
    const fifo = type === 'quorum' && this.profile === 'rabbitmq';
    const q = new Queue(this.queueRegistry.length, v, name, type, durable, exclusive, owner, autoDelete, args, fifo);
    this.queueRegistry.push(q);
    v.queues.set(name, q);
    this.configure(q, args);
    // priority sub-queues: x-max-priority on a classic queue (rabbit_priority_queue; levels 0..N, N capped
    // at 255); RabbitMQ 4.x quorum queues always have two levels, normal and high (rabbit_fifo_q)
    const mp = fieldNumber(args['x-max-priority']);
    if (fifo) q.enablePriorities(1, true);
    else if (mp !== undefined && mp >= 1 && (type === 'classic' || this.profile === 'lavinmq')) q.enablePriorities(Math.min(mp, 255), false);
    if (q.consumerTimeout > 0) this.armAllTicks();
    this.touchIdle(q);
    return q;
  }

  /** RabbitMQ's queue-argument validation (the texts of rabbit_amqqueue:check_arguments). Null = fine. */
  private checkQueueArgs(what: string, type: QueueType, args: FieldTable): string | null {
    const intArg = (key: string, min: number): string | null => {
      const v = args[key];
      if (v === undefined) return null;
      const n = fieldNumber(v);
      if (n === undefined || !Number.isInteger(n) || (typeof v === 'number' && !Number.isInteger(v)) || (isTyped(v) && (v.$type === 'f' || v.$type === 'd' || v.$type === 'D'))) {
        // rabbit_amqqueue:check_int_arg formats the type into a string (checked against RabbitMQ 3.10.8)
        return `invalid arg '${key}' for ${what}: "expected integer, got ${typeName(v)}"`;
      }
      if (n < min) return min === 0 ? `invalid arg '${key}' for ${what}: {value_negative,${n}}` : `invalid arg '${key}' for ${what}: {value_zero,${n}}`;
      return null;
    };
    const dl = args['x-delivery-limit'];
    if (dl !== undefined) {
      if (this.profile === 'lavinmq') {
        const n = fieldNumber(dl);
        if (n === undefined) return 'x-delivery-limit header not a Int';
        if (n < 0) return 'x-delivery-limit header less than minimum value 0';
      } else if (type === 'classic') {
        return `invalid arg 'x-delivery-limit' for ${what} of queue type rabbit_classic_queue`;
      } else if (fieldNumber(dl) === undefined) {
        return `invalid arg 'x-delivery-limit' for ${what}: {unacceptable_type,${typeName(dl)}}`;
      }
    }
    const mp = args['x-max-priority'];
    if (mp !== undefined && type === 'quorum' && this.profile === 'rabbitmq') {
      // 4.2's quorum queues have their own two priority levels and do not take x-max-priority
      return `invalid arg 'x-max-priority' for ${what} of queue type rabbit_quorum_queue`;
    }
    for (const [k, min] of [['x-message-ttl', 0], ['x-max-length', 0], ['x-max-length-bytes', 0], ['x-expires', 1], ['x-consumer-timeout', 0], ['x-max-priority', 0]] as const) {
      const p = intArg(k, min);
      if (p !== null) {
        if (this.profile === 'lavinmq') return p.includes('value_') ? `${k} header less than minimum value ${min}` : `${k} header not a Int`;
        // rabbit_amqqueue:check_expires_arg: 0 is value_zero, below 0 value_negative
        const n = fieldNumber(args[k])!;
        return k === 'x-expires' && n < 0 ? `invalid arg '${k}' for ${what}: {value_negative,${n}}` : p;
      }
      const n = fieldNumber(args[k]);
      if (n === undefined) continue;
      // rabbit_amqqueue:check_max_priority_arg (?MAX_SUPPORTED_PRIORITY); LavinMQ's IntValidator(0, 255)
      if (k === 'x-max-priority' && n > 255) {
        return this.profile === 'lavinmq' ? `${k} header greater than maximum value 255` : `invalid arg '${k}' for ${what}: {max_value_exceeded,${n}}`;
      }
    }
    const ov = args['x-overflow'];
    if (ov !== undefined && ov !== 'drop-head' && ov !== 'reject-publish' && ov !== 'reject-publish-dlx') {
      return `invalid arg 'x-overflow' for ${what}: {unknown_overflow,${typeof ov === 'string' ? `<<"${ov}">>` : typeName(ov)}}`;
    }
    for (const k of ['x-dead-letter-exchange', 'x-dead-letter-routing-key']) {
      const s = args[k];
      if (s !== undefined && typeof s !== 'string') return `invalid arg '${k}' for ${what}: {unacceptable_type,${typeName(s)}}`;
    }
    if (args['x-dead-letter-routing-key'] !== undefined && args['x-dead-letter-exchange'] === undefined && this.profile === 'rabbitmq') {
      return `invalid arg 'x-dead-letter-routing-key' for ${what}: {routing_key_but_no_dlx_defined}`;
    }
    const sac = args['x-single-active-consumer'];
    if (sac !== undefined && typeof sac !== 'boolean') return `invalid arg 'x-single-active-consumer' for ${what}: {unacceptable_type,${typeName(sac)}}`;
    return null;
  }

  /** Effective settings from arguments and the matching policy (lower wins for limits and TTLs). */
  private configure(q: Queue, args: FieldTable): void {
    const pol = this.policyFor(q);
    const pd = pol ? pol.definition : {};
    q.policy = pol ? pol.name : '';
    const num = (key: string): number => { const n = fieldNumber(args[key]); return n === undefined ? -1 : n; };
    const pnum = (key: string): number => { const v = pd[key]; return typeof v === 'number' ? v : -1; };
    const lower = (a: number, b: number): number => (a < 0 ? b : b < 0 ? a : Math.min(a, b));
    q.messageTtl = lower(num('x-message-ttl'), pnum('message-ttl'));
    q.maxLength = lower(num('x-max-length'), pnum('max-length'));
    q.maxBytes = lower(num('x-max-length-bytes'), pnum('max-length-bytes'));
    q.consumerTimeout = lower(num('x-consumer-timeout'), pnum('consumer-timeout'));
    q.expires = lower(num('x-expires'), pnum('expires'));
    const ov = (args['x-overflow'] as string | undefined) ?? (pd['overflow'] as string | undefined);
    q.overflow = ov === 'reject-publish' ? OVERFLOW_REJECT_PUBLISH : ov === 'reject-publish-dlx' ? OVERFLOW_REJECT_PUBLISH_DLX : OVERFLOW_DROP_HEAD;
    const dlx = args['x-dead-letter-exchange'] ?? pd['dead-letter-exchange'];
    q.dlx = typeof dlx === 'string' ? dlx : null;
    const dlrk = args['x-dead-letter-routing-key'] ?? pd['dead-letter-routing-key'];
    q.dlrk = typeof dlrk === 'string' ? dlrk : null;
    q.singleActive = args['x-single-active-consumer'] === true;
    if (this.profile === 'lavinmq') {
      q.deliveryLimit = lower(num('x-delivery-limit'), pnum('delivery-limit'));
    } else if (q.type === 'quorum') {
      // negative = unlimited; both set: the lower wins (rule 14)
      const a = fieldNumber(args['x-delivery-limit']);
      const p = typeof pd['delivery-limit'] === 'number' ? (pd['delivery-limit'] as number) : undefined;
      let lim: number;
      if (a === undefined && p === undefined) lim = QQ_DEFAULT_DELIVERY_LIMIT;
      else if (a === undefined) lim = p!;
      else if (p === undefined) lim = a;
      else lim = Math.min(a < 0 ? Infinity : a, p < 0 ? Infinity : p);
      q.deliveryLimit = lim < 0 || lim === Infinity ? -1 : lim;
    } else {
      q.deliveryLimit = -1;
    }
  }

  private policyFor(q: Queue): Policy | undefined {
    let best: Policy | undefined;
    for (const p of this.policies) {
      if (p.vhost !== q.vhost.name || p.applyTo === 'exchanges' || !p.regex.test(q.name)) continue;
      if (best === undefined || p.priority > best.priority) best = p;
    }
    return best;
  }

  /** @internal */
  queuePurge(ch: BrokerChannel, a: QueuePurgeArgs): number {
    const q = this.getQueue(ch, a.queue ?? '', 'queuePurge');
    const all = q.clearReady();
    for (const m of all) {
      this.setState(m, S_DROP + DROP_REASONS.indexOf('purged'));
      if (this.log.active) this.evMsg(EV['dropped'], q, m, 'purged', '');
    }
    this.armExpiry(q);
    if (this.log.active) this.evQueue(EV['purged'], q, '', all.length);
    return all.length;
  }

  /** @internal Deleting a missing queue answers delete-ok with 0 (RabbitMQ 3.x+). */
  queueDelete(ch: BrokerChannel, a: QueueDeleteArgs): number {
    const v = this.vhostOf(ch);
    const name = this.queueName(ch, a.queue ?? '', 'queueDelete');
    const q = v.queues.get(name);
    if (q === undefined) return 0;
    this.checkExclusive(ch, q, 'queueDelete');
    const what = rs('queue', name, v.name);
    if (a.ifUnused && q.consumers.length > 0) throw this.channelError(ch, err('PRECONDITION_FAILED', `${what} in use`, 'queueDelete'));
    if (a.ifEmpty && q.ready > 0) throw this.channelError(ch, err('PRECONDITION_FAILED', `${what} not empty`, 'queueDelete'));
    return this.deleteQueue(q);
  }

  /**
   * x-expires (queue TTL, rabbit_amqqueue_process:ensure_expiry_timer): while the queue has no consumer,
   * (re)starts the lease; declare, passive declare, basic.get and the last consumer going renew it. When it
   * runs out with still no consumer the queue is deleted with its messages (they are not dead-lettered).
   */
  private touchIdle(q: Queue): void {
    if (q.idleTimer !== 0) { this.clock.clearTimer(q.idleTimer); q.idleTimer = 0; }
    if (q.expires < 0 || q.deleted || this.stopped || q.consumers.length > 0) return;
    q.idleTimer = this.clock.setTimer(q.expires, () => {
      q.idleTimer = 0;
      if (q.deleted || this.stopped || q.consumers.length > 0) return;
      this.begin();
      try { this.deleteQueue(q, 'expired'); } finally { if (--this.depth === 0) this.flush(); }
    });
  }

  /** Deletes a queue: consumers cancelled (notified), ready and unacked copies dropped. Returns the ready count. */
  private deleteQueue(q: Queue, reason = ''): number {
    if (q.deleted) return 0;
    q.deleted = true;
    q.vhost.queues.delete(q.name);
    if (q.expiryTimer !== 0) { this.clock.clearTimer(q.expiryTimer); q.expiryTimer = 0; }
    if (q.idleTimer !== 0) { this.clock.clearTimer(q.idleTimer); q.idleTimer = 0; }
    for (const c of q.consumers) {
      c.cancelled = true;
      c.ch.consumers.delete(c.tag);
      this.push(c.ch.connection, OUT_CANCELLED, c.ch, c.ch.number, c.tag);
      if (this.log.active) this.evConsumer(EV['consumer-cancelled'], c, 'queue-deleted');
    }
    q.consumers = [];
    q.rr = [];
    q.sacActive = null;
    for (const b of [...q.bindings]) this.removeBinding(b, true);
    const ready = q.clearReady();
    const drop = S_DROP + DROP_REASONS.indexOf('queue-deleted');
    for (const m of ready) {
      this.setState(m, drop);
      if (this.log.active) this.evMsg(EV['dropped'], q, m, 'queue-deleted', '');
    }
    if (q.unacked > 0) {
      for (const c of this.connections.values()) for (const ch of c.channels.values()) {
        for (let i = ch.uHead; i < ch.uMsgs.length; i++) {
          const m = ch.uMsgs[i]!;
          if (m.queue === q && m.ch === ch && m.tag === ch.uTags[i]) {
            this.setState(m, drop);
            if (this.log.active) this.evMsg(EV['dropped'], q, m, 'queue-deleted', '');
          }
        }
      }
    }
    if (this.log.active) this.evQueue(EV['queue-deleted'], q, reason, ready.length);
    return ready.length;
  }

  // ------------------------------------------------------------ consumers

  /** @internal */
  basicQos(ch: BrokerChannel, a: BasicQosArgs): void {
    const size = a.prefetchSize ?? 0;
    if (size !== 0) throw this.connectionError(ch.connection, err('NOT_IMPLEMENTED', `prefetch_size!=0 (${size})`, 'basicQos'), ch.number);
    const count = a.prefetchCount ?? 0;
    ch.qosSent = true;
    if (a.global === true) {
      ch.globalPrefetch = count;
    } else {
      ch.prefetch = count;
      // RabbitMQ: a per-consumer qos clears the channel-wide limit (rabbit_channel: unlimit_prefetch)
      if (this.profile === 'rabbitmq') ch.globalPrefetch = 0;
      // LavinMQ applies a new prefetch to existing consumers at once (rule 20)
      if (this.profile === 'lavinmq') for (const c of ch.consumers.values()) c.prefetch = count;
    }
    if (this.log.active) this.evChannel(EV['qos'], ch, '', a.global === true ? 'global' : 'consumer', 0, '', count);
    this.channelRoom(ch);
  }

  /** @internal */
  basicConsume(ch: BrokerChannel, a: BasicConsumeArgs): string {
    const q = this.getQueue(ch, a.queue ?? '', 'basicConsume');
    let tag = a.consumerTag ?? '';
    if (tag === '') tag = 'amq.ctag-' + this.prng.name(22);
    if (ch.consumers.has(tag)) throw this.connectionError(ch.connection, err('NOT_ALLOWED', `attempt to reuse consumer tag '${tag}'`, 'basicConsume'), ch.number);
    if (q.type === 'quorum' && this.profile === 'rabbitmq' && ch.globalPrefetch > 0) {
      throw this.connectionError(ch.connection, err('NOT_IMPLEMENTED', `${rs('queue', q.name, q.vhost.name)} does not support global qos`, 'basicConsume'), ch.number);
    }
    const exclusive = a.exclusive === true;
    if ((exclusive && q.consumers.length > 0) || q.consumers.some((c) => c.exclusive)) {
      throw this.channelError(ch, err('ACCESS_REFUSED', `${rs('queue', q.name, q.vhost.name)} in exclusive use`, 'basicConsume'));
    }
    const args = a.arguments ?? {};
    const prio = fieldNumber(args['x-priority']) ?? 0;
    const noAck = a.noAck === true;
    // (a quorum queue treats prefetch 0 as QQ_ZERO_PREFETCH credits: see hasCapacity)
    const c = new Consumer(tag, ch, q, noAck, exclusive, prio, ch.prefetch, args);
    ch.consumers.set(tag, c);
    insertByPriority(q.consumers, c);
    insertByPriority(q.rr, c);
    q.hadConsumer = true;
    if (q.idleTimer !== 0) { this.clock.clearTimer(q.idleTimer); q.idleTimer = 0; }
    if (q.singleActive && q.sacActive === null) q.sacActive = c;
    if (this.log.active) this.evConsumer(EV['consumer-added'], c, '');
    this.dispatch(q, false);
    return tag;
  }

  /** @internal Removes a consumer; its unacked deliveries stay on the channel (rule 18). */
  removeConsumer(c: Consumer, byClient: boolean): void {
    if (c.cancelled) return;
    c.cancelled = true;
    const ch = c.ch, q = c.queue;
    ch.consumers.delete(c.tag);
    removeFrom(q.consumers, c);
    removeFrom(q.rr, c);
    if (this.log.active) this.evConsumer(EV['consumer-cancelled'], c, byClient ? 'cancel' : 'channel-closed');
    if (q.sacActive === c) {
      q.sacActive = null;
      let best: Consumer | null = null;
      for (const x of q.consumers) if (best === null || x.priority > best.priority) best = x;
      q.sacActive = best;
    }
    if (q.autoDelete && q.consumers.length === 0 && q.hadConsumer && !q.deleted) this.deleteQueue(q);
    else if (!q.deleted) {
      if (q.consumers.length === 0) this.touchIdle(q);
      this.dispatch(q, false);
    }
  }

  // ------------------------------------------------------------ publish

  /** @internal */
  basicPublish(ch: BrokerChannel, a: BasicPublishArgs, props: BasicProperties, body: Uint8Array): void {
    if (a.immediate === true) throw this.connectionError(ch.connection, err('NOT_IMPLEMENTED', 'immediate=true', 'basicPublish'), ch.number);
    const exName = a.exchange ?? '';
    const ex = this.getExchange(ch, exName, 'basicPublish');
    if (ex.internal) throw this.channelError(ch, err('ACCESS_REFUSED', `cannot publish to internal ${rs('exchange', exName, ex.vhost.name)}`, 'basicPublish'));
    let ttl = -1;
    if (props.expiration !== undefined) {
      try { ttl = parseExpiration(props.expiration); } catch (detail) {
        throw this.channelError(ch, err('PRECONDITION_FAILED', String(detail), 'basicPublish'));
      }
    }
    const rk = a.routingKey ?? '';
    if (ch.tx) {
      ch.txPublishes.push({ exchange: exName, routingKey: rk, mandatory: a.mandatory === true, properties: props, body, ttl });
      return;
    }
    this.publish(ch, ex, rk, a.mandatory === true, props, body, ttl);
  }

  private publish(ch: BrokerChannel, ex: Exchange, rk: string, mandatory: boolean, props: BasicProperties, body: Uint8Array, ttl: number): void {
    const pid = this.nextPublishId++;
    const log = this.log.active ? this.log : null;
    const conn = ch.connection;
    if (log) log.emit(this.t, EV['published'], ex.vhost.name, '', ex.name, rk, 0, pid, conn.id, ch.number, '', 0, false, 0, mandatory, false, false, false, '', 0, '', body.length);
    const seq = ch.confirm ? ++ch.publishSeq : 0;
    let nack = false;
    let n: number;
    if (ex.type === 'default') {
      const q = ex.vhost.queues.get(rk);
      n = q === undefined ? 0 : 1;
      if (q !== undefined) {
        if (log) log.emit(this.t, EV['routed'], ex.vhost.name, q.name, ex.name, rk, 0, pid, conn.id, ch.number, '', 0, false, 0, false, false, false, false, '', 0, '', 1);
        if (!this.enqueueNew(q, pid, ex.name, rk, props, body, ttl)) nack = true;
      }
    } else {
      const targets = this.routeScratch;
      targets.length = 0;
      n = this.router.route(ex, rk, props.headers, targets);
      if (n > 0) {
        const qs = targets.slice();
        if (log) log.emit(this.t, EV['routed'], ex.vhost.name, qs.length === 1 ? qs[0]!.name : '', ex.name, rk, 0, pid, conn.id, ch.number, '', 0, false, 0, false, false, false, false, '', 0, '', qs.length);
        for (let i = 0; i < qs.length; i++) if (!this.enqueueNew(qs[i]!, pid, ex.name, rk, props, body, ttl)) nack = true;
      }
    }
    if (n === 0) {
      if (log) log.emit(this.t, EV['unroutable'], ex.vhost.name, '', ex.name, rk, 0, pid, conn.id, ch.number, '', 0, false, 0, mandatory, false, false, false, '', 0, '', 0);
      if (mandatory) {
        this.push(conn, OUT_RETURN, ch, ch.number, { replyCode: 312, replyText: 'NO_ROUTE', exchange: ex.name, routingKey: rk, properties: props, body });
        if (log) log.emit(this.t, EV['returned'], ex.vhost.name, '', ex.name, rk, 0, pid, conn.id, ch.number, '', 0, false, 0, false, false, false, false, '', 312, 'NO_ROUTE', 0);
      }
    }
    if (seq !== 0) {
      this.push(conn, OUT_CONFIRM, ch, ch.number, { deliveryTag: seq, multiple: false, nack });
      if (log) log.emit(this.t, EV['confirmed'], ex.vhost.name, '', ex.name, rk, 0, pid, conn.id, ch.number, '', seq, false, 0, false, false, false, false, nack ? 'nack' : 'ack', 0, '', 0);
    }
  }

  /** Puts a new copy in q. Returns false when reject-publish overflow refused it. */
  private enqueueNew(q: Queue, pid: number, exchange: string, rk: string, props: BasicProperties, body: Uint8Array, ttl: number): boolean {
    const now = this.t;
    const id = this.nextMsgId++;
    if (q.overflow !== OVERFLOW_DROP_HEAD && (q.maxLength >= 0 || q.maxBytes >= 0)) {
      const lav = this.profile === 'lavinmq';
      const over = lav
        ? (q.maxLength >= 0 && q.ready >= q.maxLength) || (q.maxBytes >= 0 && q.readyBytes + body.length >= q.maxBytes)
        : (q.maxLength >= 0 && q.ready + 1 > q.maxLength) || (q.maxBytes >= 0 && q.readyBytes + body.length > q.maxBytes);
      if (over) {
        const m = new Msg(id, pid, q, exchange, rk, props, body, 0, -1);
        if (this.log.active) this.evMsg(EV['publish-rejected'], q, m, 'maxlen', exchange);
        if (q.overflow === OVERFLOW_REJECT_PUBLISH_DLX) this.deadLetter(m, 'maxlen');
        else {
          this.setState(m, S_DROP + DROP_REASONS.indexOf('maxlen'));
          if (this.log.active) this.evMsg(EV['dropped'], q, m, 'maxlen', '');
        }
        return false;
      }
    }
    let life = q.messageTtl;
    if (ttl >= 0 && (life < 0 || ttl < life)) life = ttl;
    const m = new Msg(id, pid, q, exchange, rk, props, body, q.nextPos++, life >= 0 ? now + life : -1);
    this.setState(m, S_READY);
    if (this.log.active) this.evMsg(EV['enqueued'], q, m, '', exchange);
    const wasEmpty = q.ready === 0;
    q.pushNew(m);
    this.dispatch(q, wasEmpty);
    if (q.ready > 0) this.afterReadyChange(q);
    return true;
  }

  /** Head expiry (rule 30), drop-head overflow, expiry timer. */
  private afterReadyChange(q: Queue): void {
    if (q.ttlMsgs > 0) this.expireHead(q);
    if (q.overflow === OVERFLOW_DROP_HEAD && (q.maxLength >= 0 || q.maxBytes >= 0)) this.dropHeadOverflow(q);
    if (q.ttlMsgs > 0) this.armExpiry(q);
  }

  private dropHeadOverflow(q: Queue): void {
    // LavinMQ: with a limit of 0 and a consumer able to take it, deliver instead of dropping
    while ((q.maxLength >= 0 && q.ready > q.maxLength) || (q.maxBytes >= 0 && q.readyBytes > q.maxBytes)) {
      const m = q.popHead();
      if (m === undefined) break;
      this.deadLetter(m, 'maxlen');
    }
  }

  private expireHead(q: Queue): void {
    const now = this.t;
    for (;;) {
      const h = q.peekHead();
      if (h === undefined || h.expiresAt < 0 || h.expiresAt > now) break;
      q.popHead();
      if (this.log.active) this.evMsg(EV['expired'], q, h, 'expired', '');
      this.deadLetter(h, 'expired');
    }
  }

  /**
   * Keeps a timer armed no later than the head's expiry. A timer that fires early (the head was
   * delivered meanwhile) just re-arms for the new head, so deliveries never touch the timer.
   */
  private armExpiry(q: Queue): void {
    const h = q.ttlMsgs > 0 ? q.peekHead() : undefined;
    const at = h === undefined || h.expiresAt < 0 ? Infinity : h.expiresAt;
    if (at === Infinity || q.deleted || this.stopped) return;
    if (q.expiryTimer !== 0) {
      if (q.expiryAt <= at) return;
      this.clock.clearTimer(q.expiryTimer);
      q.expiryTimer = 0;
    }
    q.expiryAt = at;
    q.expiryTimer = this.clock.setTimer(Math.max(0, at - this.t), () => {
      q.expiryTimer = 0;
      q.expiryAt = Infinity;
      if (q.deleted || this.stopped) return;
      this.begin();
      try { this.afterReadyChange(q); } finally { if (--this.depth === 0) this.flush(); }
    });
  }

  // ------------------------------------------------------------ dead lettering

  /** Dead-letters (or drops) a copy that has already left its queue's ready list / unacked list. */
  private deadLetter(m: Msg, reason: DeadLetterReason): void {
    const q = m.queue;
    const log = this.log.active;
    if (q.dlx === null) {
      this.setState(m, S_DROP + DROP_REASONS.indexOf(reason));
      if (log) this.evMsg(EV['dropped'], q, m, reason, '');
      return;
    }
    const ex = q.vhost.exchanges.get(q.dlx);
    if (ex === undefined) {
      this.setState(m, S_DROP + DROP_REASONS.indexOf('dlx-unroutable'));
      if (log) this.evMsg(EV['dropped'], q, m, 'dlx-unroutable', q.dlx);
      return;
    }
    const props = this.deathProperties(m, reason);
    const rk = q.dlrk ?? m.routingKey;
    const targets: Queue[] = [];
    this.router.route(ex, rk, props.headers, targets);
    let kept = targets;
    if (reason !== 'rejected') {
      const deaths = (props.headers!['x-death'] as FieldTable[]);
      kept = targets.filter((t) => !isCycle(t.name, deaths));
    }
    if (kept.length === 0) {
      const why: DropReason = targets.length > 0 ? 'dlx-cycle' : 'dlx-unroutable';
      this.setState(m, S_DROP + DROP_REASONS.indexOf(why));
      if (log) this.evMsg(EV['dropped'], q, m, why, ex.name);
      return;
    }
    this.setState(m, S_DL + DL_REASONS.indexOf(reason));
    if (log) this.evMsg(EV['dead-lettered'], q, m, reason, ex.name);
    for (const t of kept) this.enqueueNew(t, m.publishId, ex.name, rk, props, m.body, -1);
  }

  /** x-death, x-first-death-*, x-last-death-* (rule 28); the expiration property is removed. */
  private deathProperties(m: Msg, reason: DeadLetterReason): BasicProperties {
    const q = m.queue;
    const old = m.properties;
    const headers: FieldTable = { ...(old.headers ?? {}) };
    const prev = Array.isArray(headers['x-death']) ? (headers['x-death'] as FieldValue[]) : [];
    const deaths: FieldTable[] = [];
    let found: FieldTable | undefined;
    for (const d of prev) {
      if (d === null || typeof d !== 'object' || Array.isArray(d) || d instanceof Uint8Array || isTyped(d)) continue;
      const t = d as FieldTable;
      if (found === undefined && t.queue === q.name && t.reason === reason) found = t;
      else deaths.push(t);
    }
    let entry: FieldTable;
    if (found !== undefined) {
      entry = { ...found, count: long((fieldNumber(found.count) ?? 0) + 1) };
    } else {
      entry = {
        count: long(1),
        reason,
        queue: q.name,
        time: timestamp(Math.floor(this.t / 1000)),
        exchange: m.exchange,
        'routing-keys': [m.routingKey],
      };
      if (old.expiration !== undefined) entry['original-expiration'] = old.expiration;
    }
    deaths.unshift(entry);
    headers['x-death'] = deaths;
    if (headers['x-first-death-reason'] === undefined) {
      headers['x-first-death-reason'] = reason;
      headers['x-first-death-queue'] = q.name;
      headers['x-first-death-exchange'] = m.exchange;
    }
    if (this.profile === 'rabbitmq') {
      headers['x-last-death-reason'] = reason;
      headers['x-last-death-queue'] = q.name;
      headers['x-last-death-exchange'] = m.exchange;
    }
    const props: BasicProperties = { ...old, headers };
    delete props.expiration;
    return props;
  }

  // ------------------------------------------------------------ dispatch

  private dispatch(q: Queue, firstIsNew: boolean): void {
    if (q.dispatching || q.deleted || q.consumers.length === 0) return;
    q.dispatching = true;
    // quorum queues (rabbit_fifo): a consumer leaves the service queue as soon as its credit is 0
    const eager = q.fifoReturns;
    try {
      let skipExpiry = firstIsNew;
      while (q.ready > 0) {
        if (!skipExpiry && q.ttlMsgs > 0) {
          this.expireHead(q);
          if (q.ready === 0) break;
        }
        skipExpiry = false;
        if (q.singleActive) {
          const c = q.sacActive;
          if (c === null || !this.hasCapacity(c)) break;
          this.deliver(c.ch, c, q.popHead()!);
          continue;
        }
        const rr = q.rr;
        if (rr.length === 0) break;
        const c = rr[0]!;
        if (!this.hasCapacity(c)) {
          // rabbit_queue_consumers: a head consumer without room is set aside
          rr.shift();
          c.blocked = true;
          c.blockedSeq = ++this.blockSeq;
          continue;
        }
        this.deliver(c.ch, c, q.popHead()!);
        // round-robin: to the tail of its priority group
        let j = 0;
        while (j + 1 < rr.length && rr[j + 1]!.priority === c.priority) { rr[j] = rr[j + 1]!; j++; }
        rr[j] = c;
        if (eager && !this.hasCapacity(c)) { rr.splice(j, 1); c.blocked = true; c.blockedSeq = ++this.blockSeq; }
      }
    } finally {
      q.dispatching = false;
    }
    // the head may have changed: a message with a TTL may now be at the head (rule 30)
    if (q.ttlMsgs > 0 && q.expiryTimer === 0) this.armExpiry(q);
  }

  /** A blocked consumer with room again rejoins its queue's round-robin at the tail. */
  private unblock(c: Consumer): void {
    if (c.blocked && !c.cancelled && this.hasCapacity(c)) {
      c.blocked = false;
      insertByPriority(c.queue.rr, c);
    }
  }

  /** Consumers of the channel that have room again rejoin, in the order they were set aside. */
  private unblockChannel(ch: BrokerChannel, consumeOrder = false): void {
    if (!ch.open) return;
    let freed: Consumer[] | null = null;
    for (const c of ch.consumers.values()) if (c.blocked && this.hasCapacity(c)) (freed ??= []).push(c);
    if (freed === null) return;
    if (freed.length > 1 && !consumeOrder) freed.sort((a, b) => a.blockedSeq - b.blockedSeq);
    for (const c of freed) this.unblock(c);
  }

  /**
   * After the channel gained room (qos, flow): unblock its consumers, then dispatch. LavinMQ has a
   * deliver loop per consumer, not RabbitMQ's blocked list: they resume in consume order.
   */
  private channelRoom(ch: BrokerChannel): void {
    this.unblockChannel(ch, this.profile === 'lavinmq');
    for (const c of ch.consumers.values()) this.dispatch(c.queue, false);
  }

  /** @internal After BrokerConnection.setDeliveriesPaused(false): its consumers rejoin, its queues are dispatched. */
  resumeDeliveries(conn: BrokerConnection): void {
    for (const ch of conn.channels.values()) this.channelRoom(ch);
  }

  private hasCapacity(c: Consumer): boolean {
    const ch = c.ch;
    if (!ch.open || !ch.flowActive || ch.connection.deliveriesPaused) return false;
    if (c.noAck) return true;
    const limit = c.prefetch === 0 && c.queue.fifoReturns ? QQ_ZERO_PREFETCH : c.prefetch;
    if (limit > 0 && c.unacked >= limit) return false;
    return ch.globalPrefetch === 0 || ch.globalUnacked < ch.globalPrefetch;
  }

  /** Makes one delivery: tag, unacked bookkeeping, event, push (or hold). */
  private deliver(ch: BrokerChannel, c: Consumer, m: Msg): void {
    const now = this.t;
    const tag = ++ch.nextTag;
    const q = m.queue;
    const props = this.deliveryProperties(q, m);
    m.deliveries++;
    const redelivered = m.deliveries > 1;
    if (c.noAck) {
      this.setState(m, S_ACKED);
    } else {
      m.tag = tag;
      m.ch = ch;
      m.consumer = c;
      m.deliveredAt = now;
      ch.uMsgs.push(m);
      ch.uTags.push(tag);
      ch.uLive++;
      c.unacked++;
      ch.globalUnacked++;
      q.unacked++;
      this.setState(m, S_UNACKED);
    }
    if (this.log.active) {
      this.log.emit(now, EV['delivered'], q.vhost.name, q.name, m.exchange, m.routingKey, m.id, m.publishId, ch.connection.id, ch.number, c.tag, tag, redelivered, m.deliveries, false, false, c.noAck, this.hold, '', 0, '', 0);
      if (c.noAck) this.log.emit(now, EV['acked'], q.vhost.name, q.name, m.exchange, m.routingKey, m.id, m.publishId, ch.connection.id, ch.number, c.tag, tag, redelivered, m.deliveries, false, false, true, false, 'auto-ack', 0, '', 0);
    }
    const d: Delivery = { consumerTag: c.tag, deliveryTag: tag, redelivered, exchange: m.exchange, routingKey: m.routingKey, properties: props, body: m.body, messageId: m.id };
    this.push(ch.connection, OUT_DELIVER, ch, ch.number, d);
  }

  /** Adds x-delivery-count on redeliveries from a quorum queue (long) or a LavinMQ queue with a delivery limit (int). */
  private deliveryProperties(q: Queue, m: Msg): BasicProperties {
    if (this.profile === 'lavinmq') {
      if (q.deliveryLimit < 0 || m.deliveries === 0) return m.properties;
      return { ...m.properties, headers: { ...(m.properties.headers ?? {}), 'x-delivery-count': { $type: 'I', value: m.deliveries } } };
    }
    if (q.type !== 'quorum' || m.returns === 0) return m.properties;
    return { ...m.properties, headers: { ...(m.properties.headers ?? {}), 'x-delivery-count': long(m.returns) } };
  }

  // ------------------------------------------------------------ basic.get

  /** @internal */
  basicGet(ch: BrokerChannel, a: BasicGetArgs): GetOk | null {
    const q = this.getQueue(ch, a.queue ?? '', 'basicGet');
    this.touchIdle(q);
    if (q.ttlMsgs > 0) this.expireHead(q);
    const m = q.popHead();
    if (m === undefined) {
      if (this.log.active) this.log.emit(this.t, EV['get-empty'], q.vhost.name, q.name, '', '', 0, 0, ch.connection.id, ch.number, '', 0, false, 0, false, false, a.noAck === true, false, '', 0, '', 0);
      return null;
    }
    const now = this.t;
    const tag = ++ch.nextTag;
    const props = this.deliveryProperties(q, m);
    m.deliveries++;
    const redelivered = m.deliveries > 1;
    const noAck = a.noAck === true;
    if (noAck) this.setState(m, S_ACKED);
    else {
      m.tag = tag;
      m.ch = ch;
      m.consumer = null;
      m.deliveredAt = now;
      ch.uMsgs.push(m);
      ch.uTags.push(tag);
      ch.uLive++;
      q.unacked++;
      this.setState(m, S_UNACKED);
    }
    const left = q.ready;
    if (this.log.active) {
      this.log.emit(now, EV['delivered'], q.vhost.name, q.name, m.exchange, m.routingKey, m.id, m.publishId, ch.connection.id, ch.number, '', tag, redelivered, m.deliveries, false, false, noAck, false, 'get', 0, '', left);
      if (noAck) this.log.emit(now, EV['acked'], q.vhost.name, q.name, m.exchange, m.routingKey, m.id, m.publishId, ch.connection.id, ch.number, '', tag, redelivered, m.deliveries, false, false, true, false, 'auto-ack', 0, '', 0);
    }
    if (q.ttlMsgs > 0) this.armExpiry(q);
    return { deliveryTag: tag, redelivered, exchange: m.exchange, routingKey: m.routingKey, messageCount: left, properties: props, body: m.body, messageId: m.id };
  }

  // ------------------------------------------------------------ settle

  /** Detaches an unacked message from its channel and consumer counters (not from the list slot). */
  private detach(ch: BrokerChannel, m: Msg): void {
    const c = m.consumer;
    m.queue.unacked--;
    m.tag = 0;
    m.ch = null;
    m.consumer = null;
    ch.uLive--;
    if (c !== null) {
      c.unacked--;
      ch.globalUnacked--;
      // rabbit_fifo: credit comes back per settled message, the consumer rejoins the service queue at once
      if (c.blocked && c.queue.fifoReturns && ch.open) this.unblock(c);
    }
  }

  /**
   * @internal basic.ack (kind 1) / basic.nack (2) / basic.reject (3), rules 5–9.
   * A bad tag settles nothing and closes the channel with 406 (its unacked are then requeued).
   */
  settle(ch: BrokerChannel, kind: number, tag: number, multiple: boolean, requeue: boolean, method: MethodName): void {
    let upTo: number;
    if (tag === 0 && multiple) {
      if (ch.uLive === 0) {
        if (this.profile === 'lavinmq' && kind === 2) throw this.channelError(ch, err('PRECONDITION_FAILED', 'unknown delivery tag 0', method));
        return;
      }
      upTo = ch.uMsgs.length - 1;
    } else {
      const idx = tag > 0 ? ch.find(tag) : -1;
      if (idx < 0) throw this.channelError(ch, err('PRECONDITION_FAILED', `unknown delivery tag ${tag}`, method));
      if (!multiple) {
        const m = ch.uMsgs[idx]!;
        const c = m.consumer;
        this.settleOne(ch, m, kind, tag, false, requeue);
        ch.trim();
        const q = m.queue;
        if (c !== null && !ch.tx) {
          if (ch.globalPrefetch > 0) this.unblockChannel(ch);
          else if (c.blocked) this.unblock(c);
        }
        if (!ch.tx && !q.deleted) {
          if (kind !== 1 && requeue) this.afterReadyChange(q);
          this.dispatch(q, false);
          if (ch.globalPrefetch > 0) for (const c of ch.consumers.values()) if (c.queue !== q) this.dispatch(c.queue, false);
        }
        return;
      }
      upTo = idx;
    }
    const epoch = ++this.dispatchEpoch;
    const touched: Queue[] = [];
    for (let i = ch.uHead; i <= upTo; i++) {
      if (!ch.isLive(i)) continue;
      const m = ch.uMsgs[i]!;
      this.settleOne(ch, m, kind, ch.uTags[i]!, true, requeue);
      if (m.queue.mark !== -epoch) { m.queue.mark = -epoch; touched.push(m.queue); }
    }
    ch.trim();
    if (ch.tx) return;
    this.unblockChannel(ch);
    for (const q of touched) if (!q.deleted) { if (kind !== 1 && requeue) this.afterReadyChange(q); this.dispatch(q, false); }
    if (ch.globalPrefetch > 0) for (const c of ch.consumers.values()) this.dispatch(c.queue, false);
  }

  private settleOne(ch: BrokerChannel, m: Msg, kind: number, tag: number, multiple: boolean, requeue: boolean): void {
    if (ch.tx) {
      // inside a transaction: taken off the unacked list now, applied at commit (rollback puts it back)
      m.tx = kind;
      m.txRequeue = requeue;
      ch.uLive--;
      ch.txSettles.push(m);
      return;
    }
    this.applySettle(ch, m, kind, tag, multiple, requeue);
  }

  private applySettle(ch: BrokerChannel, m: Msg, kind: number, tag: number, multiple: boolean, requeue: boolean): void {
    const q = m.queue;
    const consumerTag = m.consumer;
    this.detach(ch, m);
    if (this.log.active) {
      const k = kind === 1 ? EV['acked'] : kind === 2 ? EV['nacked'] : EV['rejected'];
      m.consumer = consumerTag;
      this.evSettle(k, ch, m, tag, multiple, kind !== 1 && requeue, '');
      m.consumer = null;
    }
    if (q.deleted) return;
    if (kind === 1) this.setState(m, S_ACKED);
    else if (requeue) this.requeue(m, kind === 2 ? 'nack' : 'reject');
    else this.deadLetter(m, 'rejected');
  }

  /** Back to the queue (rules 10–14). The caller runs afterReadyChange + dispatch. */
  private requeue(m: Msg, reason: string): void {
    const q = m.queue;
    if (q.deleted) return;
    if (this.profile === 'lavinmq') {
      if (q.deliveryLimit >= 0 && m.deliveries > q.deliveryLimit) { this.deadLetter(m, 'delivery_limit'); return; }
    } else if (q.type === 'quorum') {
      m.returns++;
      if (q.deliveryLimit >= 0 && m.returns > q.deliveryLimit) { this.deadLetter(m, 'delivery_limit'); return; }
    }
    q.pushReturned(m);
    this.setState(m, S_READY);
    if (this.log.active) this.evMsg(EV['requeued'], q, m, reason, m.exchange);
  }

  // ------------------------------------------------------------ recover / tx / flow

  /** @internal */
  basicRecover(ch: BrokerChannel, requeue: boolean): void {
    if (!requeue && this.profile === 'rabbitmq') throw this.connectionError(ch.connection, err('NOT_IMPLEMENTED', 'requeue=false', 'basicRecover'), ch.number);
    if (this.log.active) this.evChannel(EV['recovered'], ch, '', requeue ? 'requeue' : 'redeliver', 0, '', ch.uLive);
    const touched: Queue[] = [];
    const epoch = ++this.dispatchEpoch;
    const redeliver: Msg[] = [];
    for (let i = ch.uHead; i < ch.uMsgs.length; i++) {
      if (!ch.isLive(i)) continue;
      const m = ch.uMsgs[i]!;
      const c = m.consumer;
      if (!requeue && c !== null && !c.cancelled) {
        // LavinMQ: redeliver to the same consumer with a new tag, redelivered=true
        this.detach(ch, m);
        m.consumer = c;
        redeliver.push(m);
        continue;
      }
      this.detach(ch, m);
      this.requeue(m, 'recover');
      if (m.queue.mark !== -epoch) { m.queue.mark = -epoch; touched.push(m.queue); }
    }
    ch.trim();
    this.unblockChannel(ch);
    for (const m of redeliver) {
      const c = m.consumer!;
      m.consumer = null;
      if (m.queue.deleted) continue;
      this.deliver(ch, c, m);
    }
    for (const q of touched) if (!q.deleted) { this.afterReadyChange(q); this.dispatch(q, false); }
  }

  /** @internal */
  txCommit(ch: BrokerChannel): void {
    const pubs = ch.txPublishes;
    const settles = ch.txSettles;
    ch.txPublishes = [];
    ch.txSettles = [];
    const v = this.vhostOf(ch);
    for (const p of pubs) {
      const ex = v.exchanges.get(p.exchange);
      if (ex !== undefined) this.publish(ch, ex, p.routingKey, p.mandatory, p.properties, p.body, p.ttl);
    }
    const touched: Queue[] = [];
    for (const m of settles) {
      if (m.ch !== ch || m.tx === 0) continue;
      const kind = m.tx;
      m.tx = 0;
      ch.uLive++;
      this.applySettle(ch, m, kind, m.tag, false, m.txRequeue);
      if (!touched.includes(m.queue)) touched.push(m.queue);
    }
    ch.trim();
    this.unblockChannel(ch);
    for (const q of touched) if (!q.deleted) { this.afterReadyChange(q); this.dispatch(q, false); }
  }

  /** @internal */
  txRollback(ch: BrokerChannel): void {
    for (const m of ch.txSettles) if (m.ch === ch && m.tx !== 0) { m.tx = 0; ch.uLive++; }
    ch.txSettles = [];
    ch.txPublishes = [];
  }

  /** @internal */
  flow(ch: BrokerChannel, active: boolean): boolean {
    if (this.profile === 'rabbitmq') {
      if (!active) throw this.connectionError(ch.connection, err('NOT_IMPLEMENTED', 'active=false', 'channelFlow'), ch.number);
      return true;
    }
    ch.flowActive = active;
    if (active) this.channelRoom(ch);
    return active;
  }

  // ------------------------------------------------------------ inspection

  snapshot(): BrokerSnapshot {
    const queues: QueueSnapshot[] = [];
    const exchanges: ExchangeSnapshot[] = [];
    const bindings: BindingSnapshot[] = [];
    for (const v of this.vhosts.values()) {
      for (const q of v.queues.values()) queues.push(this.queueSnap(q));
      for (const ex of v.exchanges.values()) {
        if (ex.type === 'default') continue;
        exchanges.push({ vhost: v.name, name: ex.name, type: ex.type, durable: ex.durable, autoDelete: ex.autoDelete, internal: ex.internal, arguments: ex.args });
        for (const b of ex.bindings) bindings.push(this.bindingSnap(b));
      }
    }
    const connections: ConnectionSnapshot[] = [];
    for (const c of this.connections.values()) {
      const channels: ChannelSnapshot[] = [];
      for (const ch of c.channels.values()) {
        const consumers: ConsumerSnapshot[] = [];
        for (const k of ch.consumers.values()) {
          consumers.push({ consumerTag: k.tag, queue: k.queue.name, prefetch: k.prefetch, noAck: k.noAck, exclusive: k.exclusive, priority: k.priority, active: !k.queue.singleActive || k.queue.sacActive === k, unacked: k.unacked });
        }
        channels.push({ number: ch.number, prefetch: ch.prefetch, globalPrefetch: ch.globalPrefetch, confirm: ch.confirm, tx: ch.tx, flow: ch.flowActive, unacked: ch.uLive + ch.txSettles.length, consumers });
      }
      connections.push({ id: c.id, name: c.info.clientName ?? '', user: c.info.user ?? 'guest', vhost: c.vhost, remoteAddress: c.info.remoteAddress ?? '', channels });
    }
    return { profile: this.profile, time: this.clock.now(), queues, exchanges, bindings, connections };
  }

  private queueSnap(q: Queue): QueueSnapshot {
    const ready = q.ready;
    return { vhost: q.vhost.name, name: q.name, type: q.type, durable: q.durable, exclusive: q.exclusive, autoDelete: q.autoDelete, ready, unacked: q.unacked, messages: ready + q.unacked, consumers: q.consumers.length, arguments: q.args };
  }

  private bindingSnap(b: Binding): BindingSnapshot {
    return { vhost: b.source.vhost.name, source: b.source.name, destination: b.queue ? b.queue.name : b.exchange!.name, destinationType: b.queue ? 'queue' : 'exchange', routingKey: b.routingKey, arguments: b.args };
  }

  /** Ready list in delivery order and unacked entries of one queue. */
  queueDetail(vhost: string, name: string): QueueDetail | undefined {
    const q = this.vhosts.get(vhost)?.queues.get(name);
    if (q === undefined) return undefined;
    const readyMessages = q.readyList().map((m, i) => ({ messageId: m.id, position: i, redelivered: m.deliveries > 0, deliveryCount: m.deliveries }));
    const unackedMessages = [];
    for (const [m, ch] of this.unackedOf(q)) {
      unackedMessages.push({ messageId: m.id, connectionId: ch.connection.id, channel: ch.number, deliveryTag: m.tag, consumerTag: m.consumer ? m.consumer.tag : '', deliveredAt: m.deliveredAt, redelivered: m.deliveries > 1, deliveryCount: m.deliveries });
    }
    return { ...this.queueSnap(q), readyMessages, unackedMessages };
  }

  private *unackedOf(q: Queue | null): Generator<[Msg, BrokerChannel]> {
    for (const c of this.connections.values()) for (const ch of c.channels.values()) {
      for (let i = ch.uHead; i < ch.uMsgs.length; i++) {
        const m = ch.uMsgs[i]!;
        if (m.tag === ch.uTags[i] && m.ch === ch && (q === null || m.queue === q)) yield [m, ch];
      }
    }
  }

  /** Where a message copy is now (ready@position / unacked / acked / dead-lettered / dropped). */
  messageState(id: number): MessageState | undefined {
    const code = this.states.get(id);
    if (code === 0) return undefined;
    const st = code & 31;
    const q = this.queueRegistry[code >>> 5]!;
    const base = { messageId: id, vhost: q.vhost.name, queue: q.name };
    if (st === S_READY) {
      const list = q.readyList();
      const i = list.findIndex((m) => m.id === id);
      const m = list[i]!;
      return { state: 'ready', ...base, position: i, redelivered: m.deliveries > 0, deliveryCount: m.deliveries };
    }
    if (st === S_UNACKED) {
      for (const [m, ch] of this.unackedOf(q)) {
        if (m.id === id) return { state: 'unacked', ...base, connectionId: ch.connection.id, channel: ch.number, deliveryTag: m.tag, consumerTag: m.consumer ? m.consumer.tag : '', deliveredAt: m.deliveredAt, deliveryCount: m.deliveries };
      }
      // pending inside a transaction: still unacked
      for (const c of this.connections.values()) for (const ch of c.channels.values()) for (const m of ch.txSettles) {
        if (m.id === id) return { state: 'unacked', ...base, connectionId: ch.connection.id, channel: ch.number, deliveryTag: m.tag, consumerTag: m.consumer ? m.consumer.tag : '', deliveredAt: m.deliveredAt, deliveryCount: m.deliveries };
      }
      return undefined;
    }
    if (st === S_ACKED) return { state: 'acked', ...base };
    if (st < S_DROP) return { state: 'dead-lettered', ...base, reason: DL_REASONS[st - S_DL]! };
    return { state: 'dropped', ...base, reason: DROP_REASONS[st - S_DROP]! };
  }

  /** Content of a message copy that is still ready or unacked (for peeking); undefined once it is gone. */
  messageContent(id: number): { exchange: string; routingKey: string; properties: BasicProperties; body: Uint8Array } | undefined {
    return contentOf(this.findLive(id));
  }

  private findLive(id: number): Msg | undefined {
    const indexed = this.retained?.get(id);
    if (indexed) return indexed;
    const code = this.states.get(id);
    const st = code & 31;
    if (st !== S_READY && st !== S_UNACKED) return undefined;
    const q = this.queueRegistry[code >>> 5]!;
    if (st === S_READY) return q.readyList().find((m) => m.id === id);
    for (const [m] of this.unackedOf(q)) if (m.id === id) return m;
    for (const c of this.connections.values()) for (const ch of c.channels.values()) for (const m of ch.txSettles) if (m.id === id) return m;
    return undefined;
  }

  /** Number of message copies ever made (ids run 1..this). */
  get messageCount(): number { return this.nextMsgId - 1; }

  // ------------------------------------------------------------ durable state

  /**
   * What survives a restart: durable exchanges, durable queues (not exclusive), bindings between
   * durable ends, and persistent messages (delivery mode 2; every message of a quorum queue) in
   * durable queues — unacked ones as ready and redelivered, in queue order.
   */
  durableState(): DurableState {
    const state: DurableState = { version: 1, profile: this.profile, vhosts: [...this.vhosts.keys()], exchanges: [], queues: [], bindings: [] };
    for (const v of this.vhosts.values()) {
      for (const ex of v.exchanges.values()) {
        if (ex.builtin || !ex.durable || ex.type === 'default') continue;
        state.exchanges.push({ vhost: v.name, name: ex.name, type: ex.type as ExchangeType, autoDelete: ex.autoDelete, internal: ex.internal, arguments: tableToJson(ex.args) });
      }
      for (const q of v.queues.values()) {
        if (!q.durable || q.exclusive) continue;
        const msgs: Msg[] = q.readyList();
        for (const [m] of this.unackedOf(q)) msgs.push(m);
        for (const c of this.connections.values()) for (const ch of c.channels.values()) for (const m of ch.txSettles) if (m.queue === q && m.ch === ch) msgs.push(m);
        msgs.sort((a, b) => a.pos - b.pos);
        const keep = msgs.filter((m) => q.type === 'quorum' || m.properties.deliveryMode === 2);
        state.queues.push({
          vhost: v.name, name: q.name, type: q.type, autoDelete: q.autoDelete, arguments: tableToJson(q.args),
          messages: keep.map((m) => ({
            exchange: m.exchange, routingKey: m.routingKey,
            properties: m.properties.headers ? { ...m.properties, headers: tableToJson(m.properties.headers) } : { ...m.properties },
            body: Buffer.from(m.body).toString('base64'),
            redelivered: m.deliveries > 0, deliveryCount: m.deliveries, expiresAt: m.expiresAt < 0 ? null : m.expiresAt,
          })),
        });
      }
      for (const ex of v.exchanges.values()) {
        if (!ex.durable || ex.type === 'default') continue;
        for (const b of ex.bindings) {
          const destDurable = b.queue ? b.queue.durable && !b.queue.exclusive : b.exchange!.durable;
          if (destDurable) state.bindings.push({ ...this.bindingSnap(b), arguments: tableToJson(b.args) });
        }
      }
    }
    return state;
  }

  private loadDurable(s: DurableState): void {
    if (s.version !== 1) throw new Error(`unsupported durable state version ${String(s.version)}`);
    this.t = this.clock.now();
    for (const vn of s.vhosts) this.addVhost(vn);
    for (const e of s.exchanges) {
      const v = this.vhosts.get(e.vhost);
      if (!v || v.exchanges.has(e.name)) continue;
      v.exchanges.set(e.name, new Exchange(v, e.name, e.type, true, e.autoDelete, e.internal, tableFromJson(e.arguments), false));
    }
    for (const qs of s.queues) {
      const v = this.vhosts.get(qs.vhost);
      if (!v || v.queues.has(qs.name)) continue;
      const q = this.createQueue(v, qs.name, qs.type, true, null, false, qs.autoDelete, tableFromJson(qs.arguments));
      for (const sm of qs.messages) {
        const props: BasicProperties = { ...sm.properties };
        if (props.headers) props.headers = tableFromJson(props.headers);
        const m = new Msg(this.nextMsgId++, this.nextPublishId++, q, sm.exchange, sm.routingKey, props, new Uint8Array(Buffer.from(sm.body, 'base64')), q.nextPos++, sm.expiresAt === null ? -1 : sm.expiresAt);
        m.deliveries = Math.max(sm.deliveryCount, sm.redelivered ? 1 : 0);
        this.setState(m, S_READY);
        q.pushNew(m);
      }
      if (this.log.active) this.evQueue(EV['queue-declared'], q, 'restored', q.ready);
    }
    for (const b of s.bindings) {
      const v = this.vhosts.get(b.vhost);
      const src = v?.exchanges.get(b.source);
      if (!v || !src) continue;
      const q = b.destinationType === 'queue' ? v.queues.get(b.destination) ?? null : null;
      const dx = b.destinationType === 'exchange' ? v.exchanges.get(b.destination) ?? null : null;
      if (!q && !dx) continue;
      const args = tableFromJson(b.arguments);
      if (this.findBinding(src, q, dx, b.routingKey, args)) continue;
      this.addBinding(new Binding(src, q, dx, b.routingKey, args, src.type === 'topic' ? (b.routingKey === '' ? [] : b.routingKey.split('.')) : null));
    }
    for (const v of this.vhosts.values()) for (const q of v.queues.values()) this.afterReadyChange(q);
    if (this.log.active) this.log.emit(this.t, EV['restored'], '', '', '', '', 0, 0, 0, 0, '', 0, false, 0, false, false, false, false, '', 0, '', s.queues.length);
  }
}

/** A dead-letter cycle: the target queue is already in x-death with no rejection since (rule 29). */
function isCycle(target: string, deaths: FieldTable[]): boolean {
  for (const d of deaths) {
    if (d.reason === 'rejected') return false;
    if (d.queue === target) return true;
  }
  return false;
}

/** What messageContent / retainedContent return for a message. */
function contentOf(m: Msg | undefined): { exchange: string; routingKey: string; properties: BasicProperties; body: Uint8Array } | undefined {
  return m ? { exchange: m.exchange, routingKey: m.routingKey, properties: m.properties, body: m.body } : undefined;
}
