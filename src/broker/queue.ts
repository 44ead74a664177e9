// The queue engine: enqueue, dispatch to consumers (round-robin, priorities, single active consumer,
// prefetch), deliver, basic.get, requeue, per-message TTL expiry, x-expires, max-length overflow,
// dead-lettering and deletion. A queue knows positions, never tags: a delivery takes the channel's next
// tag and goes on the channel's unacked list.
import type { Core } from './core';
import { planDeadLetter } from './deadletter';
import { deleteBindingsOf } from './bindings';
import { amqpError, rs } from './errors';
import { long } from './fields';
import {
  Consumer,
  DROP_REASONS,
  Msg,
  OVERFLOW_DROP_HEAD,
  OVERFLOW_REJECT_PUBLISH_DLX,
  S_ACKED,
  S_DL,
  S_DROP,
  S_READY,
  S_UNACKED,
  DL_REASONS,
  insertByPriority,
  type ChannelLike,
  type Queue,
} from './model';
import { OUT_CANCELLED, OUT_DELIVER } from './outbox';
import type { BasicProperties, DeadLetterReason, Delivery, DropReason, GetOk } from './types';
import type { RequeueReason } from './eventTypes';

/** Quorum queues treat prefetch 0 as this many credits (rule 21). */
const QQ_ZERO_PREFETCH = 2000;

/** Requeues the client asked for (a closed channel's deliveries are returns, not requeues). */
const SETTLED_REQUEUE: ReadonlySet<RequeueReason> = new Set(['nack', 'reject', 'recover']);

export class QueueEngine {
  constructor(private readonly core: Core) {}

  // ------------------------------------------------------------ enqueue

  /** Puts a new copy in q. Returns false when reject-publish overflow refused it. */
  enqueueNew(
    q: Queue,
    pid: number,
    exchange: string,
    rk: string,
    props: BasicProperties,
    body: Uint8Array,
    ttl: number,
    cc: readonly string[] | null = null,
  ): boolean {
    const core = this.core;
    const id = core.nextMsgId++;
    if (q.overflow !== OVERFLOW_DROP_HEAD && (q.maxLength >= 0 || q.maxBytes >= 0) && this.overLimit(q, body.length)) {
      const m = new Msg(id, pid, q, exchange, rk, props, body, 0, -1);
      m.cc = cc;
      if (core.rec.on) core.rec.message('publish-rejected', q, m, 'maxlen');
      if (q.overflow === OVERFLOW_REJECT_PUBLISH_DLX) this.deadLetter(m, 'maxlen');
      else this.drop(m, 'maxlen', '');
      return false;
    }
    let life = q.messageTtl;
    if (ttl >= 0 && (life < 0 || ttl < life)) life = ttl;
    const m = new Msg(id, pid, q, exchange, rk, props, body, q.nextPos++, life >= 0 ? core.t + life : -1);
    m.cc = cc;
    core.setState(m, S_READY);
    if (core.rec.on) core.rec.message('enqueued', q, m, '');
    const wasEmpty = q.ready === 0;
    q.pushNew(m);
    this.dispatch(q, wasEmpty);
    if (q.ready > 0) this.afterReadyChange(q);
    return true;
  }

  /** reject-publish overflow: would one more message of `size` bytes go over a limit? */
  private overLimit(q: Queue, size: number): boolean {
    if (this.core.rules.overflowRefusesAtLimit) {
      return (q.maxLength >= 0 && q.ready >= q.maxLength) || (q.maxBytes >= 0 && q.readyBytes + size >= q.maxBytes);
    }
    return (q.maxLength >= 0 && q.ready + 1 > q.maxLength) || (q.maxBytes >= 0 && q.readyBytes + size > q.maxBytes);
  }

  /** Back to the queue (rules 10–14), or dead-lettered over the delivery limit. The caller runs afterReadyChange + dispatch. */
  requeue(m: Msg, reason: RequeueReason): void {
    const q = m.queue;
    if (q.deleted) return;
    if (this.core.rules.deliveryLimit === 'any-queue-deliveries') {
      if (q.deliveryLimit >= 0 && m.deliveries > q.deliveryLimit) {
        this.deadLetter(m, 'delivery_limit');
        return;
      }
    } else if (q.type === 'quorum') {
      m.returns++;
      if (q.deliveryLimit >= 0 && m.returns > q.deliveryLimit) {
        this.deadLetter(m, 'delivery_limit');
        return;
      }
    }
    if (q.type === 'quorum' && q.deliveryLimit < 0 && this.core.rules.quorumRequeueToBack && SETTLED_REQUEUE.has(reason)) {
      m.pos = q.nextPos++; // 3.x rabbit_fifo: a requeue command appends, like a new message (probed on 3.10.8)
      q.pushNew(m);
    } else q.pushReturned(m);
    this.core.setState(m, S_READY);
    if (this.core.rec.on) this.core.rec.message('requeued', q, m, reason);
  }

  // ------------------------------------------------------------ expiry, overflow, dead-lettering

  /** Head expiry (rule 30), drop-head overflow, expiry timer. */
  afterReadyChange(q: Queue): void {
    if (q.ttlMsgs > 0) this.expireHead(q);
    if (q.overflow === OVERFLOW_DROP_HEAD && (q.maxLength >= 0 || q.maxBytes >= 0)) this.dropHeadOverflow(q);
    if (q.ttlMsgs > 0) this.armExpiry(q);
  }

  private dropHeadOverflow(q: Queue): void {
    while ((q.maxLength >= 0 && q.ready > q.maxLength) || (q.maxBytes >= 0 && q.readyBytes > q.maxBytes)) {
      const m = q.popHead();
      if (m === undefined) break;
      this.deadLetter(m, 'maxlen');
    }
  }

  expireHead(q: Queue): void {
    const now = this.core.t;
    for (;;) {
      const h = q.peekHead();
      if (h === undefined || h.expiresAt < 0 || h.expiresAt > now) break;
      q.popHead();
      if (this.core.rec.on) this.core.rec.message('expired', q, h, '');
      this.deadLetter(h, 'expired');
    }
  }

  /**
   * Keeps a timer armed no later than the head's expiry. A timer that fires early (the head was
   * delivered meanwhile) just re-arms for the new head, so deliveries never touch the timer.
   */
  armExpiry(q: Queue): void {
    const core = this.core;
    const h = q.ttlMsgs > 0 ? q.peekHead() : undefined;
    const at = h === undefined || h.expiresAt < 0 ? Infinity : h.expiresAt;
    if (at === Infinity || q.deleted || core.stopped) return;
    if (q.expiryTimer !== 0) {
      if (q.expiryAt <= at) return;
      core.clock.clearTimer(q.expiryTimer);
      q.expiryTimer = 0;
    }
    q.expiryAt = at;
    q.expiryTimer = core.clock.setTimer(Math.max(0, at - core.t), () => {
      q.expiryTimer = 0;
      q.expiryAt = Infinity;
      if (q.deleted || core.stopped) return;
      core.begin();
      try {
        this.afterReadyChange(q);
      } finally {
        core.end();
      }
    });
  }

  /**
   * x-expires (queue TTL, rabbit_amqqueue_process:ensure_expiry_timer): while the queue has no consumer,
   * (re)starts the lease; declare, passive declare, basic.get and the last consumer going renew it. When it
   * runs out with still no consumer the queue is deleted with its messages (they are not dead-lettered).
   */
  touchIdle(q: Queue): void {
    const core = this.core;
    if (q.idleTimer !== 0) {
      core.clock.clearTimer(q.idleTimer);
      q.idleTimer = 0;
    }
    if (q.expires < 0 || q.deleted || core.stopped || q.consumers.length > 0) return;
    q.idleTimer = core.clock.setTimer(q.expires, () => {
      q.idleTimer = 0;
      if (q.deleted || core.stopped || q.consumers.length > 0) return;
      core.begin();
      try {
        this.deleteQueue(q, 'expired');
      } finally {
        core.end();
      }
    });
  }

  /** Dead-letters (or drops) a copy that has already left its queue's ready list / unacked list. */
  deadLetter(m: Msg, reason: DeadLetterReason): void {
    const plan = planDeadLetter(this.core, m, reason);
    if (plan.drop !== null) {
      this.drop(m, plan.drop, plan.exchange);
      return;
    }
    this.core.setState(m, S_DL + DL_REASONS.indexOf(reason));
    if (this.core.rec.on) this.core.rec.message('dead-lettered', m.queue, m, reason, plan.dlx.name);
    for (const t of plan.targets) this.enqueueNew(t, m.publishId, plan.dlx.name, plan.routingKey, plan.properties, m.body, -1, plan.cc);
  }

  private drop(m: Msg, reason: DropReason, exchange: string): void {
    this.core.setState(m, S_DROP + DROP_REASONS.indexOf(reason));
    if (this.core.rec.on) this.core.rec.message('dropped', m.queue, m, reason, exchange);
  }

  // ------------------------------------------------------------ dispatch

  dispatch(q: Queue, firstIsNew: boolean): void {
    if (q.dispatching || q.deleted || q.consumers.length === 0) return;
    q.dispatching = true;
    try {
      let skipExpiry = firstIsNew;
      while (q.ready > 0) {
        if (!skipExpiry && q.ttlMsgs > 0) {
          this.expireHead(q);
          if (q.ready === 0) break;
        }
        skipExpiry = false;
        if (!this.dispatchOne(q)) break;
      }
    } finally {
      q.dispatching = false;
    }
    // the head may have changed: a message with a TTL may now be at the head (rule 30)
    if (q.ttlMsgs > 0 && q.expiryTimer === 0) this.armExpiry(q);
  }

  /** One step of dispatch: delivers the head or sets a consumer without room aside. False = nobody can take it. */
  private dispatchOne(q: Queue): boolean {
    if (q.singleActive) {
      const c = q.sacActive;
      if (c === null || !this.hasCapacity(c)) return false;
      this.deliver(c.ch, c, q.popHead()!);
      return true;
    }
    const rr = q.rr;
    if (rr.length === 0) return false;
    const c = rr[0]!;
    if (!this.hasCapacity(c)) {
      // rabbit_queue_consumers: a head consumer without room is set aside
      rr.shift();
      c.blocked = true;
      c.blockedSeq = ++this.core.blockSeq;
      return true;
    }
    this.deliver(c.ch, c, q.popHead()!);
    // round-robin: to the tail of its priority group
    let j = 0;
    while (j + 1 < rr.length && rr[j + 1]!.priority === c.priority) {
      rr[j] = rr[j + 1]!;
      j++;
    }
    rr[j] = c;
    // quorum queues (rabbit_fifo): a consumer leaves the service queue as soon as its credit is 0
    if (q.fifoReturns && !this.hasCapacity(c)) {
      rr.splice(j, 1);
      c.blocked = true;
      c.blockedSeq = ++this.core.blockSeq;
    }
    return true;
  }

  /** A blocked consumer with room again rejoins its queue's round-robin at the tail. */
  unblock(c: Consumer): void {
    if (c.blocked && !c.cancelled && this.hasCapacity(c)) {
      c.blocked = false;
      insertByPriority(c.queue.rr, c);
    }
  }

  hasCapacity(c: Consumer): boolean {
    const ch = c.ch;
    if (!ch.open || !ch.flowActive || ch.connection.deliveriesPaused) return false;
    if (c.noAck) return true;
    const limit = c.prefetch === 0 && c.queue.fifoReturns ? QQ_ZERO_PREFETCH : c.prefetch;
    if (limit > 0 && c.unacked >= limit) return false;
    return ch.globalPrefetch === 0 || ch.globalUnacked < ch.globalPrefetch;
  }

  /** Makes one delivery: tag, unacked bookkeeping, event, push (or hold). */
  deliver(ch: ChannelLike, c: Consumer, m: Msg): void {
    const core = this.core;
    const tag = ++ch.nextTag;
    const q = m.queue;
    const props = this.deliveryProperties(q, m);
    m.deliveries++;
    if (c.noAck) {
      core.setState(m, S_ACKED);
    } else {
      this.takeUnacked(ch, m, c, tag);
      c.unacked++;
      ch.globalUnacked++;
    }
    if (core.rec.on) core.rec.delivered(ch, m, c.tag, tag, c.noAck, core.outbox.hold, false, 0);
    const d: Delivery = {
      consumerTag: c.tag,
      deliveryTag: tag,
      redelivered: m.deliveries > 1,
      exchange: m.exchange,
      routingKey: m.routingKey,
      properties: props,
      body: m.body,
      messageId: m.id,
    };
    core.outbox.push(ch.connection, OUT_DELIVER, ch, ch.number, d);
  }

  private takeUnacked(ch: ChannelLike, m: Msg, c: Consumer | null, tag: number): void {
    m.tag = tag;
    m.ch = ch;
    m.consumer = c;
    m.deliveredAt = this.core.t;
    ch.unacked.push(m, tag);
    m.queue.unacked++;
    this.core.setState(m, S_UNACKED);
  }

  /** Adds x-delivery-count on redeliveries from a quorum queue (long) or a LavinMQ queue with a delivery limit (int). */
  private deliveryProperties(q: Queue, m: Msg): BasicProperties {
    if (this.core.rules.deliveryLimit === 'any-queue-deliveries') {
      if (q.deliveryLimit < 0 || m.deliveries === 0) return m.properties;
      return { ...m.properties, headers: { ...(m.properties.headers ?? {}), 'x-delivery-count': { $type: 'I', value: m.deliveries } } };
    }
    if (q.type !== 'quorum' || (m.returns === 0 && !this.core.rules.quorumCountsFirstDelivery)) return m.properties;
    return { ...m.properties, headers: { ...(m.properties.headers ?? {}), 'x-delivery-count': long(m.returns) } };
  }

  /** basic.get on q (already looked up and checked). */
  get(ch: ChannelLike, q: Queue, noAck: boolean): GetOk | null {
    const core = this.core;
    if (q.type === 'quorum' && q.singleActive && core.rules.quorumStrictProperties) {
      // rabbit_channel, from rabbit_fifo_client's {unsupported, single_active_consumer} (probed on 3.10.8)
      const text = `cannot obtain access to locked ${rs('queue', q.name, q.vhost.name)}. basic.get operations are not supported by quorum queues with single active consumer`;
      throw ch.fail(amqpError('RESOURCE_LOCKED', text, 'basicGet'));
    }
    this.touchIdle(q);
    if (q.ttlMsgs > 0) this.expireHead(q);
    const m = q.popHead();
    if (m === undefined) {
      if (core.rec.on) core.rec.getEmpty(ch, q, noAck);
      return null;
    }
    const tag = ++ch.nextTag;
    const props = this.deliveryProperties(q, m);
    m.deliveries++;
    if (noAck) core.setState(m, S_ACKED);
    else this.takeUnacked(ch, m, null, tag);
    const left = q.ready;
    if (core.rec.on) core.rec.delivered(ch, m, '', tag, noAck, false, true, left);
    if (q.ttlMsgs > 0) this.armExpiry(q);
    return {
      deliveryTag: tag,
      redelivered: m.deliveries > 1,
      exchange: m.exchange,
      routingKey: m.routingKey,
      messageCount: left,
      properties: props,
      body: m.body,
      messageId: m.id,
    };
  }

  // ------------------------------------------------------------ purge / delete

  /** Drops every ready message; returns how many. */
  purge(q: Queue): number {
    const all = q.clearReady();
    for (const m of all) this.drop(m, 'purged', '');
    this.armExpiry(q);
    if (this.core.rec.on) this.core.rec.queue('purged', q, '', all.length);
    return all.length;
  }

  /** Deletes a queue: consumers cancelled (notified), ready and unacked copies dropped. Returns the ready count. */
  deleteQueue(q: Queue, reason: '' | 'expired' = ''): number {
    const core = this.core;
    if (q.deleted) return 0;
    q.deleted = true;
    q.vhost.queues.delete(q.name);
    if (q.expiryTimer !== 0) {
      core.clock.clearTimer(q.expiryTimer);
      q.expiryTimer = 0;
    }
    if (q.idleTimer !== 0) {
      core.clock.clearTimer(q.idleTimer);
      q.idleTimer = 0;
    }
    for (const c of q.consumers) {
      c.cancelled = true;
      c.ch.consumers.delete(c.tag);
      core.outbox.push(c.ch.connection, OUT_CANCELLED, c.ch, c.ch.number, c.tag);
      if (core.rec.on) core.rec.consumer('consumer-cancelled', c, 'queue-deleted');
    }
    q.consumers = [];
    q.rr = [];
    q.sacActive = null;
    deleteBindingsOf(core, q);
    const ready = q.clearReady();
    for (const m of ready) this.drop(m, 'queue-deleted', '');
    if (q.unacked > 0) this.dropUnacked(q);
    if (core.rec.on) core.rec.queue('queue-deleted', q, reason, ready.length);
    return ready.length;
  }

  private dropUnacked(q: Queue): void {
    for (const c of this.core.connections.values())
      for (const ch of c.channels.values()) {
        const u = ch.unacked;
        for (let i = u.head; i < u.msgs.length; i++) {
          const m = u.msgs[i]!;
          if (m.queue === q && u.isHeld(i)) this.drop(m, 'queue-deleted', '');
        }
      }
  }
}
