// A channel (LavinMQ's shape): it owns its delivery-tag counter and its unacked list, and does settle
// (ack / nack / reject, rules 5–9), recover, transactions, qos, flow, the consumer-timeout tick and its
// own close (unacked requeued in tag order, rule 17). Queue work goes to the QueueEngine.
import type { Core } from './core';
import { basicConsume, removeConsumer } from './consumers';
import type { QueueDeclarer } from './declare';
import { AmqpError, amqpError, type MethodName } from './errors';
import { bind, exchangeDeclare, exchangeDelete, unbind } from './exchanges';
import { getQueue, queueName, vhostOf } from './lookup';
import { S_ACKED, type ChannelLike, type ConnectionLike, type Consumer, type Msg, type PendingConfirm, type Queue, type ReplyConsumer } from './model';
import { OUT_CH_CLOSED } from './outbox';
import type { CheckedPublish, Publisher } from './publish';
import type { QueueEngine } from './queue';
import { cancelReplyTo } from './replyTo';
import { UnackedList } from './unacked';
import type {
  BasicAckArgs,
  BasicCancelArgs,
  BasicConsumeArgs,
  BasicGetArgs,
  BasicNackArgs,
  BasicProperties,
  BasicPublishArgs,
  BasicQosArgs,
  BasicRecoverArgs,
  BasicRejectArgs,
  ConfirmSelectArgs,
  ExchangeBindArgs,
  ExchangeDeclareArgs,
  ExchangeDeleteArgs,
  GetOk,
  QueueBindArgs,
  QueueDeclareArgs,
  QueueDeclareOk,
  QueueDeleteArgs,
  QueuePurgeArgs,
  QueueUnbindArgs,
} from './types';
import type { CloseReason, RequeueReason } from './eventTypes';

/** The broker's parts a channel works with (built once by the Broker). */
export interface Services {
  core: Core;
  queues: QueueEngine;
  declarer: QueueDeclarer;
  publisher: Publisher;
}

const ACK = 1,
  NACK = 2,
  REJECT = 3;

export class BrokerChannel implements ChannelLike {
  /** @internal */ open = true;
  /** @internal */ prefetch: number;
  /** @internal 0 = none */ globalPrefetch = 0;
  /** @internal */ globalUnacked = 0;
  /** @internal */ nextTag = 0;
  /** @internal */ readonly unacked: UnackedList<Msg> = new UnackedList<Msg>(this);
  /** @internal */ readonly consumers = new Map<string, Consumer>();
  /** @internal */ confirm = false;
  /** @internal */ publishSeq = 0;
  /** @internal */ tx = false;
  /** @internal */ txPublishes: CheckedPublish[] = [];
  /** @internal */ txSettles: Msg[] = [];
  /** @internal */ flowActive = true;
  /** @internal */ tickTimer = 0;
  /** @internal */ lastQueue = '';
  /** @internal */ pendingConfirms: PendingConfirm[] = [];
  /** @internal */ replyConsumer: ReplyConsumer | null = null;
  private readonly core: Core;

  /** @internal */
  constructor(
    readonly connection: ConnectionLike,
    readonly number: number,
    private readonly s: Services,
  ) {
    this.core = s.core;
    this.prefetch = s.core.rules.defaultPrefetch;
  }

  get isOpen(): boolean {
    return this.open;
  }

  private enter(): void {
    if (!this.open) throw new Error(`channel ${this.number} is closed`);
    this.core.begin();
  }

  /** Runs a channel method as one broker operation. */
  private run<T>(f: () => T): T {
    this.enter();
    try {
      return f();
    } finally {
      this.core.end();
    }
  }

  // ------------------------------------------------------------ exchange

  exchangeDeclare(a: ExchangeDeclareArgs): void {
    this.run(() => exchangeDeclare(this.core, this, a));
  }
  exchangeDelete(a: ExchangeDeleteArgs): void {
    this.run(() => exchangeDelete(this.core, this, a));
  }
  exchangeBind(a: ExchangeBindArgs): void {
    this.run(() => bind(this.core, this, a.source, a.destination, false, a.routingKey ?? '', a.arguments ?? {}, 'exchangeBind'));
  }
  exchangeUnbind(a: ExchangeBindArgs): void {
    this.run(() => unbind(this.core, this, a.source, a.destination, false, a.routingKey ?? '', a.arguments ?? {}, 'exchangeUnbind'));
  }

  // ------------------------------------------------------------ queue

  queueDeclare(a: QueueDeclareArgs = {}): QueueDeclareOk {
    return this.run(() => this.s.declarer.declare(this, a));
  }
  queueBind(a: QueueBindArgs): void {
    this.run(() => {
      const q = queueName(this, a.queue ?? '', 'queueBind');
      // routing key '' with queue '' means the last declared queue's name (rabbit_channel expand_routing_key_shortcut)
      const rk = (a.routingKey ?? '') === '' && (a.queue ?? '') === '' ? q : (a.routingKey ?? '');
      bind(this.core, this, a.exchange, q, true, rk, a.arguments ?? {}, 'queueBind');
    });
  }
  queueUnbind(a: QueueUnbindArgs): void {
    this.run(() => {
      const q = queueName(this, a.queue ?? '', 'queueUnbind');
      const rk = (a.routingKey ?? '') === '' && (a.queue ?? '') === '' ? q : (a.routingKey ?? '');
      unbind(this.core, this, a.exchange, q, true, rk, a.arguments ?? {}, 'queueUnbind');
    });
  }
  queuePurge(a: QueuePurgeArgs = {}): { messageCount: number } {
    return this.run(() => ({ messageCount: this.s.declarer.purge(this, a) }));
  }
  queueDelete(a: QueueDeleteArgs = {}): { messageCount: number } {
    return this.run(() => ({ messageCount: this.s.declarer.delete(this, a) }));
  }

  // ------------------------------------------------------------ basic

  basicQos(a: BasicQosArgs): void {
    this.run(() => this.qos(a));
  }
  /** Returns the consumer tag. Deliveries to the new consumer are pushed during the call (see cork()). */
  basicConsume(a: BasicConsumeArgs): string {
    return this.run(() => basicConsume(this.core, this.s.queues, this, a));
  }
  /** Unknown tags still answer cancel-ok (rule 18). Unacked deliveries stay on the channel. */
  basicCancel(a: BasicCancelArgs): string {
    return this.run(() => {
      const c = this.consumers.get(a.consumerTag);
      if (c !== undefined) removeConsumer(this.core, this.s.queues, c, true);
      else cancelReplyTo(this.core, this, a.consumerTag, 'cancel');
      return a.consumerTag;
    });
  }
  basicPublish(a: BasicPublishArgs, properties: BasicProperties, body: Uint8Array): void {
    this.enter();
    try {
      const p = this.s.publisher.check(this, a, properties, body);
      if (this.tx) this.txPublishes.push(p);
      else this.s.publisher.publish(this, p, this.confirm ? ++this.publishSeq : 0);
    } finally {
      this.core.end();
    }
  }
  basicGet(a: BasicGetArgs): GetOk | null {
    this.enter();
    try {
      return this.s.queues.get(this, getQueue(this.core, this, a.queue ?? '', 'basicGet'), a.noAck === true);
    } finally {
      this.core.end();
    }
  }
  basicAck(a: BasicAckArgs): void {
    this.enter();
    try {
      this.settle(ACK, a.deliveryTag ?? 0, a.multiple === true, false, 'basicAck');
    } finally {
      this.core.end();
    }
  }
  basicNack(a: BasicNackArgs): void {
    this.enter();
    try {
      this.settle(NACK, a.deliveryTag ?? 0, a.multiple === true, a.requeue !== false, 'basicNack');
    } finally {
      this.core.end();
    }
  }
  basicReject(a: BasicRejectArgs): void {
    this.enter();
    try {
      this.settle(REJECT, a.deliveryTag, false, a.requeue !== false, 'basicReject');
    } finally {
      this.core.end();
    }
  }
  basicRecover(a: BasicRecoverArgs = {}): void {
    this.run(() => this.recover(a.requeue === true));
  }

  // ------------------------------------------------------------ confirm / tx / flow

  confirmSelect(_a: ConfirmSelectArgs = {}): void {
    this.run(() => {
      if (this.tx) throw this.fail(amqpError('PRECONDITION_FAILED', 'cannot switch from tx to confirm mode', 'confirmSelect'));
      this.confirm = true;
    });
  }
  txSelect(): void {
    this.run(() => {
      if (this.confirm) throw this.fail(amqpError('PRECONDITION_FAILED', 'cannot switch from confirm to tx mode', 'txSelect'));
      this.tx = true;
    });
  }
  txCommit(): void {
    this.run(() => {
      if (!this.tx) throw this.fail(amqpError('PRECONDITION_FAILED', 'channel is not transactional', 'txCommit'));
      this.commit();
    });
  }
  txRollback(): void {
    this.run(() => {
      if (!this.tx) throw this.fail(amqpError('PRECONDITION_FAILED', 'channel is not transactional', 'txRollback'));
      this.rollback();
    });
  }
  /** channel.flow. RabbitMQ refuses active=false (540); LavinMQ pauses deliveries to this channel. */
  flow(active: boolean): boolean {
    return this.run(() => {
      if (!this.core.rules.flowPauses) {
        if (!active) throw this.connection.fail(amqpError('NOT_IMPLEMENTED', 'active=false', 'channelFlow'), this.number);
        return true;
      }
      this.flowActive = active;
      if (active) this.gainedRoom();
      return active;
    });
  }

  /** Client channel.close: cancels consumers and requeues every unacked delivery (rule 17). */
  close(): void {
    if (!this.open) return;
    this.core.begin();
    try {
      this.closeNow('channel-closed', 0, '');
    } finally {
      this.core.end();
    }
  }

  // ------------------------------------------------------------ errors and closing

  /** @internal Closes the channel for a channel-scope error (or the connection for a connection-scope one) and returns the error to throw. */
  fail(e: AmqpError, deliveryTag = 0): AmqpError {
    if (e.scope === 'connection') return this.connection.fail(e, this.number);
    // Number(): a 64-bit tag from the wire can arrive as a BigInt (the codec's longlong), and the event ring's
    // Float64Array refuses BigInts ("Cannot convert a BigInt value to a number", found by the AMQP fuzz test).
    if (this.core.rec.on) this.core.rec.channelClosed('error', this, 'channel-error', e.code, e.replyText, Number(deliveryTag));
    this.closeNow('channel-error', e.code, e.replyText);
    return e;
  }

  /** @internal Closes: consumers cancelled, unacked requeued in tag order (rule 17), tx discarded. */
  closeNow(reason: CloseReason, code: number, text: string): void {
    if (!this.open) return;
    this.markClosed();
    this.finishClose(reason, code, text);
  }

  /** @internal First half of a close: the channel takes no more deliveries. */
  markClosed(): void {
    this.open = false;
    if (this.tickTimer !== 0) {
      this.core.clock.clearTimer(this.tickTimer);
      this.tickTimer = 0;
    }
    this.connection.channels.delete(this.number);
  }

  /**
   * @internal Second half: tx discarded, unacked requeued in tag order, consumers removed, queues dispatched.
   * The channel-closed event comes first, so the log reads cause then effects (closed → requeue → cancel → redeliver).
   */
  finishClose(reason: CloseReason, code: number, text: string): void {
    const { core, queues } = this.s;
    if (core.rec.on) core.rec.channelClosed('channel-closed', this, reason, code, text);
    // a transaction's pending settles are dropped: those messages are unacked again
    for (const m of this.txSettles) {
      if (m.ch === this) {
        m.tx = 0;
        this.unacked.live++;
      }
    }
    this.txSettles = [];
    this.txPublishes = [];
    const touched = this.requeueAll(reason, () => true);
    this.unacked.clear();
    for (const c of [...this.consumers.values()]) removeConsumer(core, queues, c, false);
    if (this.replyConsumer !== null) cancelReplyTo(core, this, this.replyConsumer.tag, 'channel-closed');
    for (const q of touched) if (!q.deleted) queues.afterReadyChange(q);
    for (const q of touched) if (!q.deleted) queues.dispatch(q, false);
  }

  /** Requeues the live unacked entries `which` selects, in tag order; returns the queues touched (each once). */
  private requeueAll(reason: RequeueReason, which: (m: Msg) => boolean): Queue[] {
    const core = this.core,
      u = this.unacked;
    const epoch = ++core.dispatchEpoch;
    const touched: Queue[] = [];
    for (let i = u.head; i < u.msgs.length; i++) {
      if (!u.isLive(i)) continue;
      const m = u.msgs[i]!;
      if (!which(m)) continue;
      this.detach(m);
      this.s.queues.requeue(m, reason);
      if (m.queue.mark !== -epoch) {
        m.queue.mark = -epoch;
        touched.push(m.queue);
      }
    }
    return touched;
  }

  // ------------------------------------------------------------ consumer timeout

  /** @internal Starts the tick when a consumer timeout applies (broker-wide or on some queue). */
  armTick(): void {
    const core = this.core;
    if (core.stopped || (core.consumerTimeoutMs === 0 && !anyQueueTimeout(core))) {
      this.tickTimer = 0;
      return;
    }
    this.tickTimer = core.clock.setTimer(core.channelTickMs, () => this.tick());
  }

  /** Channel tick: consumer acknowledgement timeout against the oldest unacked delivery (rule 26). */
  private tick(): void {
    const core = this.core;
    this.tickTimer = 0;
    if (!this.open || core.stopped) return;
    core.begin();
    try {
      this.armTick();
      const u = this.unacked;
      for (let i = u.head; i < u.msgs.length; i++) {
        if (!u.isLive(i)) continue;
        const m = u.msgs[i]!;
        const timeout = m.queue.consumerTimeout > 0 ? m.queue.consumerTimeout : core.consumerTimeoutMs;
        if (timeout > 0 && core.t - m.deliveredAt > timeout) this.timedOut(timeout);
        break;
      }
    } finally {
      core.end();
    }
  }

  private timedOut(timeout: number): void {
    const text = this.core.rules.consumerTimeoutText(this.number, timeout);
    const e = new AmqpError('channel', 406, text, 0, 0);
    if (this.core.rec.on) this.core.rec.channelClosed('error', this, 'consumer-timeout', 406, text);
    // channel.close goes out before the requeued messages reach other consumers
    this.core.outbox.push(this.connection, OUT_CH_CLOSED, this, this.number, e);
    this.closeNow('consumer-timeout', 406, text);
  }

  // ------------------------------------------------------------ qos and room

  private qos(a: BasicQosArgs): void {
    const size = a.prefetchSize ?? 0;
    if (size !== 0) throw this.connection.fail(amqpError('NOT_IMPLEMENTED', `prefetch_size!=0 (${size})`, 'basicQos'), this.number);
    const count = a.prefetchCount ?? 0;
    const rules = this.core.rules;
    if (a.global === true) {
      this.globalPrefetch = count;
    } else {
      this.prefetch = count;
      if (rules.qosClearsGlobal) this.globalPrefetch = 0;
      if (rules.qosAppliesToExisting) for (const c of this.consumers.values()) c.prefetch = count;
    }
    if (this.core.rec.on) this.core.rec.qos(this, a.global === true, count);
    this.gainedRoom();
  }

  /** Consumers of the channel that have room again rejoin, in the order they were set aside. */
  private unblockConsumers(consumeOrder = false): void {
    if (!this.open) return;
    const queues = this.s.queues;
    let freed: Consumer[] | null = null;
    for (const c of this.consumers.values()) if (c.blocked && queues.hasCapacity(c)) (freed ??= []).push(c);
    if (freed === null) return;
    if (freed.length > 1 && !consumeOrder) freed.sort((a, b) => a.blockedSeq - b.blockedSeq);
    for (const c of freed) queues.unblock(c);
  }

  /** @internal After the channel gained room (qos, flow, unpaused connection): unblock its consumers, then dispatch. */
  gainedRoom(): void {
    // LavinMQ has a deliver loop per consumer, not RabbitMQ's blocked list: they resume in consume order
    this.unblockConsumers(this.core.rules.resumeInConsumeOrder);
    for (const c of this.consumers.values()) this.s.queues.dispatch(c.queue, false);
  }

  // ------------------------------------------------------------ settle

  /** Detaches an unacked message from the channel and consumer counters (not from its list slot). */
  private detach(m: Msg): void {
    const c = m.consumer;
    m.queue.unacked--;
    m.tag = 0;
    m.ch = null;
    m.consumer = null;
    this.unacked.live--;
    if (c !== null) {
      c.unacked--;
      this.globalUnacked--;
      // rabbit_fifo: credit comes back per settled message, the consumer rejoins the service queue at once
      if (c.blocked && c.queue.fifoReturns && this.open) this.s.queues.unblock(c);
    }
  }

  /** basic.ack / nack / reject (rules 5–9). A bad tag settles nothing and closes the channel with 406. */
  private settle(kind: number, tag: number, multiple: boolean, requeue: boolean, method: MethodName): void {
    const u = this.unacked;
    if (tag === 0 && multiple) {
      if (u.live === 0) {
        if (this.core.rules.nackAllWhenEmptyFails && kind === NACK) throw this.fail(amqpError('PRECONDITION_FAILED', 'unknown delivery tag 0', method));
        return;
      }
      this.settleUpTo(kind, u.msgs.length - 1, requeue);
      return;
    }
    const idx = tag > 0 ? u.find(tag) : -1;
    if (idx < 0) throw this.fail(amqpError('PRECONDITION_FAILED', `unknown delivery tag ${tag}`, method), tag);
    if (multiple) this.settleUpTo(kind, idx, requeue);
    else this.settleSingle(kind, idx, tag, requeue);
  }

  private settleSingle(kind: number, idx: number, tag: number, requeue: boolean): void {
    const queues = this.s.queues;
    const m = this.unacked.msgs[idx]!;
    const c = m.consumer;
    this.settleOne(m, kind, tag, false, requeue);
    this.unacked.trim(this.txSettles.length);
    if (this.tx) return;
    const q = m.queue;
    if (c !== null) {
      if (this.globalPrefetch > 0) this.unblockConsumers();
      else if (c.blocked) queues.unblock(c);
    }
    if (q.deleted) return;
    if (kind !== ACK && requeue) queues.afterReadyChange(q);
    queues.dispatch(q, false);
    if (this.globalPrefetch > 0) for (const c of this.consumers.values()) if (c.queue !== q) queues.dispatch(c.queue, false);
  }

  private settleUpTo(kind: number, upTo: number, requeue: boolean): void {
    if (kind !== ACK && requeue && !this.tx && this.core.rules.requeueBatchesPerConsumer) {
      this.requeueUpToPerConsumer(kind, upTo);
      return;
    }
    const queues = this.s.queues,
      u = this.unacked;
    const epoch = ++this.core.dispatchEpoch;
    const touched: Queue[] = [];
    for (let i = u.head; i <= upTo; i++) {
      if (!u.isLive(i)) continue;
      const m = u.msgs[i]!;
      this.settleOne(m, kind, u.tags[i]!, true, requeue);
      if (m.queue.mark !== -epoch) {
        m.queue.mark = -epoch;
        touched.push(m.queue);
      }
    }
    u.trim(this.txSettles.length);
    if (this.tx) return;
    this.unblockConsumers();
    for (const q of touched)
      if (!q.deleted) {
        if (kind !== ACK && requeue) queues.afterReadyChange(q);
        queues.dispatch(q, false);
      }
    if (this.globalPrefetch > 0) for (const c of this.consumers.values()) queues.dispatch(c.queue, false);
  }

  /**
   * nack multiple with requeue (rule 38): settled per (queue, consumer tag) in that sort order, as
   * rabbit_channel's foreach_per_queue does, and each queue dispatches before the next batch is requeued.
   */
  private requeueUpToPerConsumer(kind: number, upTo: number): void {
    const u = this.unacked;
    this.inConsumerBatches(upTo, (i) => this.settleOne(u.msgs[i]!, kind, u.tags[i]!, true, true));
  }

  /**
   * Live unacked entries up to `upTo`, one batch per (queue, consumer tag) in that sort order (rabbit_channel's
   * foreach_per_queue over a gb_tree); `each` settles an entry, then the batch's queue dispatches before the next.
   */
  private inConsumerBatches(upTo: number, each: (i: number) => void): void {
    const queues = this.s.queues,
      u = this.unacked;
    const batches = new Map<string, { q: Queue; key: [string, string, string]; idx: number[] }>();
    for (let i = u.head; i <= upTo; i++) {
      if (!u.isLive(i)) continue;
      const m = u.msgs[i]!;
      const key: [string, string, string] = [m.queue.vhost.name, m.queue.name, m.consumer?.tag ?? ''];
      const id = key.join('\u0000');
      let b = batches.get(id);
      if (b === undefined) {
        b = { q: m.queue, key, idx: [] };
        batches.set(id, b);
      }
      b.idx.push(i);
    }
    for (const b of [...batches.values()].sort((x, y) => byteOrder(x.key, y.key))) {
      for (const i of b.idx) each(i);
      this.unblockConsumers();
      if (!b.q.deleted) {
        queues.afterReadyChange(b.q);
        queues.dispatch(b.q, false);
      }
    }
    u.trim(this.txSettles.length);
    if (this.globalPrefetch > 0) for (const c of this.consumers.values()) queues.dispatch(c.queue, false);
  }

  private settleOne(m: Msg, kind: number, tag: number, multiple: boolean, requeue: boolean): void {
    if (this.tx) {
      // inside a transaction: taken off the unacked list now, applied at commit (rollback puts it back)
      m.tx = kind;
      m.txRequeue = requeue;
      this.unacked.live--;
      this.txSettles.push(m);
      return;
    }
    this.applySettle(m, kind, tag, multiple, requeue);
  }

  private applySettle(m: Msg, kind: number, tag: number, multiple: boolean, requeue: boolean): void {
    const q = m.queue;
    const consumer = m.consumer;
    this.detach(m);
    if (this.core.rec.on)
      this.core.rec.settled(kind === ACK ? 'acked' : kind === NACK ? 'nacked' : 'rejected', this, m, consumer, tag, multiple, kind !== ACK && requeue);
    if (q.deleted) return;
    if (kind === ACK) this.core.setState(m, S_ACKED);
    else if (requeue) this.s.queues.requeue(m, kind === NACK ? 'nack' : 'reject');
    else this.s.queues.deadLetter(m, 'rejected');
  }

  // ------------------------------------------------------------ recover / tx

  private recover(requeue: boolean): void {
    const { core, queues } = this.s;
    if (!requeue && !core.rules.recoverWithoutRequeue) throw this.connection.fail(amqpError('NOT_IMPLEMENTED', 'requeue=false', 'basicRecover'), this.number);
    if (core.rec.on) core.rec.recovered(this, requeue, this.unacked.live);
    if (requeue && core.rules.requeueBatchesPerConsumer) {
      const u = this.unacked;
      this.inConsumerBatches(u.msgs.length - 1, (i) => {
        const m = u.msgs[i]!;
        this.detach(m);
        queues.requeue(m, 'recover');
      });
      return;
    }
    // requeue=false (LavinMQ): redeliver to the same consumer with a new tag, redelivered=true
    const redeliver: [Msg, Consumer][] = [];
    const touched = this.requeueAll('recover', (m) => {
      const c = m.consumer;
      if (requeue || c === null || c.cancelled) return true;
      this.detach(m);
      redeliver.push([m, c]);
      return false;
    });
    this.unacked.trim(this.txSettles.length);
    this.unblockConsumers();
    for (const [m, c] of redeliver) if (!m.queue.deleted) queues.deliver(this, c, m);
    for (const q of touched)
      if (!q.deleted) {
        queues.afterReadyChange(q);
        queues.dispatch(q, false);
      }
  }

  private commit(): void {
    const pubs = this.txPublishes,
      settles = this.txSettles;
    this.txPublishes = [];
    this.txSettles = [];
    const v = vhostOf(this.core, this);
    for (const p of pubs) {
      // the exchange is looked up again: it may have been deleted (or redeclared) since the publish
      const ex = v.exchanges.get(p.exchange.name);
      if (ex !== undefined) this.s.publisher.publish(this, ex === p.exchange ? p : { ...p, exchange: ex }, this.confirm ? ++this.publishSeq : 0);
    }
    const touched: Queue[] = [];
    for (const m of settles) {
      if (m.ch !== this || m.tx === 0) continue;
      const kind = m.tx;
      m.tx = 0;
      this.unacked.live++;
      this.applySettle(m, kind, m.tag, false, m.txRequeue);
      if (!touched.includes(m.queue)) touched.push(m.queue);
    }
    this.unacked.trim(this.txSettles.length);
    this.unblockConsumers();
    const queues = this.s.queues;
    for (const q of touched)
      if (!q.deleted) {
        queues.afterReadyChange(q);
        queues.dispatch(q, false);
      }
  }

  private rollback(): void {
    for (const m of this.txSettles)
      if (m.ch === this && m.tx !== 0) {
        m.tx = 0;
        this.unacked.live++;
      }
    this.txSettles = [];
    this.txPublishes = [];
  }
}

function anyQueueTimeout(core: Core): boolean {
  for (const v of core.vhosts.values()) for (const q of v.queues.values()) if (q.consumerTimeout > 0) return true;
  return false;
}

/** Erlang's term order for binaries (byte by byte): UTF-8 bytes compared, shorter first on a tie. */
function byteOrder(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = Buffer.compare(Buffer.from(a[i]!, 'utf8'), Buffer.from(b[i]!, 'utf8'));
    if (c !== 0) return c;
  }
  return 0;
}
