// A channel (LavinMQ's shape): it owns its delivery-tag counter and its unacked list; the AMQP methods,
// confirm / tx / flow switches, qos, the consumer-timeout tick and its own close (unacked requeued in tag
// order, rule 17). Settling (ack / nack / reject, recover, tx commit) is its Settler's (settle.ts); queue
// work goes to the QueueEngine.
import type { Core } from './core';
import { basicConsume, removeConsumer } from './consumers';
import { AmqpError, amqpError } from './errors';
import { bind, exchangeDeclare, exchangeDelete, unbind } from './exchanges';
import { getQueue, queueName } from './lookup';
import type { ChannelLike, ConnectionLike, Consumer, Msg, PendingConfirm, ReplyConsumer } from './model';
import { OUT_CH_CLOSED } from './outbox';
import type { CheckedPublish } from './publish';
import { cancelReplyTo } from './replyTo';
import { ACK, NACK, REJECT, Settler, type Services } from './settle';
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
import type { CloseReason } from './eventTypes';

export type { Services } from './settle';

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
  private readonly settler: Settler;

  /** @internal */
  constructor(
    readonly connection: ConnectionLike,
    readonly number: number,
    private readonly s: Services,
  ) {
    this.core = s.core;
    this.prefetch = s.core.rules.defaultPrefetch;
    this.settler = new Settler(this, s);
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
      this.settler.settle(ACK, a.deliveryTag ?? 0, a.multiple === true, false, 'basicAck');
    } finally {
      this.core.end();
    }
  }
  basicNack(a: BasicNackArgs): void {
    this.enter();
    try {
      this.settler.settle(NACK, a.deliveryTag ?? 0, a.multiple === true, a.requeue !== false, 'basicNack');
    } finally {
      this.core.end();
    }
  }
  basicReject(a: BasicRejectArgs): void {
    this.enter();
    try {
      this.settler.settle(REJECT, a.deliveryTag, false, a.requeue !== false, 'basicReject');
    } finally {
      this.core.end();
    }
  }
  basicRecover(a: BasicRecoverArgs = {}): void {
    this.run(() => this.settler.recover(a.requeue === true));
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
      this.settler.commit();
    });
  }
  txRollback(): void {
    this.run(() => {
      if (!this.tx) throw this.fail(amqpError('PRECONDITION_FAILED', 'channel is not transactional', 'txRollback'));
      this.settler.rollback();
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
    this.settler.dropTx();
    const touched = this.settler.requeueAll(reason, () => true);
    this.unacked.clear();
    for (const c of [...this.consumers.values()]) removeConsumer(core, queues, c, false);
    if (this.replyConsumer !== null) cancelReplyTo(core, this, this.replyConsumer.tag, 'channel-closed');
    for (const q of touched) if (!q.deleted) queues.afterReadyChange(q);
    for (const q of touched) if (!q.deleted) queues.dispatch(q, false);
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

  /** @internal After the channel gained room (qos, flow, unpaused connection): unblock its consumers, then dispatch. */
  gainedRoom(): void {
    // LavinMQ has a deliver loop per consumer, not RabbitMQ's blocked list: they resume in consume order
    this.settler.unblockConsumers(this.core.rules.resumeInConsumeOrder);
    for (const c of this.consumers.values()) this.s.queues.dispatch(c.queue, false);
  }
}

function anyQueueTimeout(core: Core): boolean {
  for (const v of core.vhosts.values()) for (const q of v.queues.values()) if (q.consumerTimeout > 0) return true;
  return false;
}
