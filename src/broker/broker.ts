// The Broker: builds the parts (core.ts, queue.ts, declare.ts, publish.ts, stepping.ts) and answers the
// broker-wide calls: connect, vhosts, policies, blocked, shutdown, inspection, durable state, stepping.
// Each behaviour lives in its own file; see docs/architecture.md and the map in index.ts.
import { RealClock, type Clock } from './clock';
import { type Services } from './channel';
import { BrokerConnection } from './connection';
import { Core } from './core';
import { QueueDeclarer } from './declare';
import { durableState, restoreDurable } from './durable';
import { AmqpError, amqpError } from './errors';
import { EventLog } from './events';
import { addBuiltinExchanges } from './exchanges';
import { messageContent, messageState, queueDetail, snapshot, type MessageContent } from './inspect';
import { VHost } from './model';
import { OUT_BLOCKED, OUT_CH_CLOSED, OUT_CONN_CLOSED, OUT_UNBLOCKED } from './outbox';
import { profileRules } from './profile';
import { Publisher } from './publish';
import { QueueEngine } from './queue';
import { Stepping } from './stepping';
import { Prng } from './structures';
import type {
  BrokerOptions,
  BrokerSnapshot,
  ConnectionInfo,
  ConnectionSink,
  Disposable,
  DurableState,
  MessageState,
  PendingDelivery,
  Profile,
  QueueDetail,
} from './types';
import type { EventStream } from './eventTypes';

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

export class Broker {
  readonly profile: Profile;
  readonly events: EventStream;
  readonly clock: Clock;
  private readonly core: Core;
  private readonly s: Services;
  private readonly stepping: Stepping;
  private advanceSub: Disposable | undefined;

  constructor(options: BrokerOptions = {}) {
    const rules = profileRules(options.profile ?? 'rabbitmq');
    this.profile = rules.name;
    this.clock = options.clock ?? new RealClock();
    const log = new EventLog(options.eventLogSize ?? 10_000);
    if (options.onListenerError) log.onListenerError = options.onListenerError;
    this.events = log;
    const t = options.consumerTimeoutMs ?? rules.defaultConsumerTimeoutMs;
    const core = new Core(rules, this.clock, log, new Prng(options.seed ?? 1), t > 0 && Number.isFinite(t) ? t : 0, options.channelTickMs ?? 60_000);
    this.core = core;
    const queues = new QueueEngine(core);
    const declarer = new QueueDeclarer(core, queues);
    declarer.onConsumerTimeout = () => this.armAllTicks();
    this.s = { core, queues, declarer, publisher: new Publisher(core, queues) };
    this.stepping = new Stepping(core);
    this.addVhost('/');
    for (const v of options.vhosts ?? []) this.addVhost(v);
    this.advanceSub = this.clock.onAdvance?.((from, to) => {
      if (core.rec.on) core.rec.clockAdvanced(from, to);
    });
  }

  /** Rebuilds a broker from `durableState()`: what survives a RabbitMQ restart. */
  static restore(state: DurableState, options: BrokerOptions = {}): Broker {
    const b = new Broker({ profile: state.profile, ...options });
    restoreDurable(b.core, b.s.declarer, b.s.queues, state, (name) => b.addVhost(name));
    return b;
  }

  addVhost(name: string): void {
    if (this.core.vhosts.has(name)) return;
    const v = new VHost(name);
    this.core.vhosts.set(name, v);
    addBuiltinExchanges(v);
  }

  /** Opens a connection (connection.open). Unknown vhost: connection error 530. */
  connect(info: ConnectionInfo, sink: ConnectionSink): BrokerConnection {
    const core = this.core;
    if (core.stopped) throw new Error('the broker has been shut down');
    const vhost = info.vhost ?? '/';
    if (!core.vhosts.has(vhost)) throw amqpError('NOT_ALLOWED', `vhost ${vhost} not found`, 'connectionOpen');
    const c = new BrokerConnection(core.nextConnId++, vhost, info, sink, this.s);
    core.connections.set(c.id, c);
    core.stamp();
    if (core.rec.on) core.rec.connectionOpened(c, info.clientName ?? '', info.clientProperties);
    return c;
  }

  // ------------------------------------------------------------ policies

  /** Adds or replaces a policy (RabbitMQ `set_policy`): delivery-limit, consumer-timeout, message-ttl, max-length, … */
  setPolicy(p: PolicyDefinition): void {
    const vhost = p.vhost ?? '/';
    this.removePolicy(vhost, p.name);
    this.s.declarer.policies.push({
      vhost,
      name: p.name,
      pattern: p.pattern,
      applyTo: p.applyTo ?? 'all',
      priority: p.priority ?? 0,
      definition: { ...p.definition },
      regex: new RegExp(p.pattern),
    });
    this.reapplyPolicies();
  }

  clearPolicy(vhost: string, name: string): void {
    this.removePolicy(vhost, name);
    this.reapplyPolicies();
  }

  private removePolicy(vhost: string, name: string): void {
    const list = this.s.declarer.policies;
    const i = list.findIndex((x) => x.vhost === vhost && x.name === name);
    if (i >= 0) list.splice(i, 1);
  }

  private reapplyPolicies(): void {
    const { core, queues, declarer } = this.s;
    core.begin();
    try {
      for (const v of core.vhosts.values())
        for (const q of v.queues.values()) {
          const [expires, policy] = [q.expires, q.policy];
          declarer.configure(q);
          queues.afterReadyChange(q);
          // rabbit_amqqueue_process: a policy change re-runs init_exp, restarting the x-expires timer
          if (q.expires !== expires || q.policy !== policy) queues.touchIdle(q);
        }
      this.armAllTicks();
    } finally {
      core.end();
    }
  }

  /** Channels opened while no timeout applied get their tick once one does (a queue argument or policy). */
  private armAllTicks(): void {
    for (const c of this.core.connections.values()) {
      for (const ch of (c as BrokerConnection).channels.values()) if (ch.tickTimer === 0 && ch.open) ch.armTick();
    }
  }

  // ------------------------------------------------------------ broker-wide pushes and shutdown

  /** Sends connection.blocked (reason) or, with null, connection.unblocked to every connection. */
  setBlocked(reason: string | null): void {
    const core = this.core;
    core.begin();
    try {
      for (const c of core.connections.values()) core.outbox.push(c, reason === null ? OUT_UNBLOCKED : OUT_BLOCKED, null, 0, reason);
    } finally {
      core.end();
    }
  }

  /**
   * Stops the broker as a RabbitMQ node stopping does: every connection gets 320 CONNECTION_FORCED
   * (sent to its sink), timers stop, and no new connection is accepted. What survives a restart is
   * still readable (durableState, snapshot) for Broker.restore.
   */
  shutdown(reason = 'shutdown'): void {
    const core = this.core;
    if (core.stopped) return;
    core.begin();
    try {
      const e = amqpError('CONNECTION_FORCED', `broker forced connection closure with reason '${reason}'`, 'none');
      for (const c of [...core.connections.values()] as BrokerConnection[]) {
        c.closeNow('shutdown', e.code, e.replyText);
        core.outbox.push(c, OUT_CONN_CLOSED, null, 0, e);
      }
    } finally {
      core.end();
    }
    core.stopped = true;
    for (const q of core.queueRegistry) {
      if (q && q.expiryTimer !== 0) {
        core.clock.clearTimer(q.expiryTimer);
        q.expiryTimer = 0;
        q.expiryAt = Infinity;
      }
      if (q && q.idleTimer !== 0) {
        core.clock.clearTimer(q.idleTimer);
        q.idleTimer = 0;
      }
    }
    this.advanceSub?.dispose();
    this.advanceSub = undefined;
  }

  /** True after shutdown(). */
  get isShutDown(): boolean {
    return this.core.stopped;
  }

  /** Server-initiated close of one connection (e.g. the management "close connection"): 320, unacked requeued. */
  closeConnectionByServer(id: number, reason = 'Closed via management plugin'): void {
    const core = this.core;
    const c = core.connections.get(id) as BrokerConnection | undefined;
    if (!c) throw new Error(`Connection ${id} is not open.`);
    core.begin();
    try {
      const e = amqpError('CONNECTION_FORCED', reason, 'none');
      c.closeNow('forced', e.code, e.replyText);
      core.outbox.push(c, OUT_CONN_CLOSED, null, 0, e);
    } finally {
      core.end();
    }
  }

  /** Server-initiated close of one channel: channel.close 320 CONNECTION_FORCED to its sink, unacked requeued. */
  closeChannelByServer(connectionId: number, channel: number, reason = 'Closed via management plugin'): void {
    const core = this.core;
    const ch = (core.connections.get(connectionId) as BrokerConnection | undefined)?.channel(channel);
    if (!ch) throw new Error(`Channel ${channel} of connection ${connectionId} is not open.`);
    core.begin();
    try {
      const e = new AmqpError('channel', 320, `CONNECTION_FORCED - ${reason}`, 0, 0);
      core.outbox.push(ch.connection, OUT_CH_CLOSED, ch, channel, e);
      ch.closeNow('forced', e.code, e.replyText);
    } finally {
      core.end();
    }
  }

  // ------------------------------------------------------------ stepping

  /** Hold mode: deliveries are made (tags, unacked) but not pushed until released one at a time. */
  setHoldDeliveries(hold: boolean): void {
    this.stepping.setHold(hold);
  }
  get holdingDeliveries(): boolean {
    return this.stepping.holding;
  }
  /** Pushes the oldest held delivery to its consumer. Returns it, or undefined when none is held. */
  releaseNextDelivery(): PendingDelivery | undefined {
    return this.stepping.releaseNext();
  }
  pendingDeliveries(): PendingDelivery[] {
    return this.stepping.pending();
  }
  /**
   * Makes messageContent(id) O(1) for messages that become ready or unacked from now on, until disposed (see
   * Stepping.retain). A speed setting, not a second way to read content.
   */
  retainContent(): { dispose(): void } {
    return this.stepping.retain();
  }
  /** True while someone holds retainContent(). */
  get retainingContent(): boolean {
    return this.stepping.retaining;
  }

  // ------------------------------------------------------------ inspection and durable state

  snapshot(): BrokerSnapshot {
    return snapshot(this.core);
  }
  /** Ready list in delivery order and unacked entries of one queue. */
  queueDetail(vhost: string, name: string): QueueDetail | undefined {
    return queueDetail(this.core, vhost, name);
  }
  /** Where a message copy is now (ready@position / unacked / acked / dead-lettered / dropped). */
  messageState(id: number): MessageState | undefined {
    return messageState(this.core, id);
  }
  /**
   * Content of a message copy that is still ready or unacked; undefined once it is gone. The one way any view
   * (tree previews, stepper trace, state file) reads a message's body and properties: O(1) while content is
   * retained (retainContent), otherwise a scan of the message's queue.
   */
  messageContent(id: number): MessageContent | undefined {
    return messageContent(this.core, id);
  }
  /** Number of message copies ever made (ids run 1..this). */
  get messageCount(): number {
    return this.core.nextMsgId - 1;
  }
  /** What survives a restart (see durable.ts). */
  durableState(): DurableState {
    return durableState(this.core);
  }
}
