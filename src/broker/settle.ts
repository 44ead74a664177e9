// A channel's settling (LavinMQ's shape: the channel owns its tags and unacked list): basic.ack / nack /
// reject (rules 5–9), nack-multiple and recover in (queue, consumer tag) batches (rule 38), recover,
// transaction commit / rollback, requeue in tag order on close (rule 17), and consumers regaining room.
// One Settler per channel (channel.ts); queue work goes to the QueueEngine.
import type { Core } from './core';
import type { QueueDeclarer } from './declare';
import { amqpError, type MethodName } from './errors';
import { vhostOf } from './lookup';
import { S_ACKED, TX_REQUEUE, type ChannelLike, type Consumer, type Msg, type Queue } from './model';
import type { CheckedPublish, Publisher } from './publish';
import type { QueueEngine } from './queue';
import type { RequeueReason } from './eventTypes';

/** The broker's parts a channel works with (built once by the Broker). */
export interface Services {
  core: Core;
  queues: QueueEngine;
  declarer: QueueDeclarer;
  publisher: Publisher;
}

/** What settling changes on its channel beyond ChannelLike (BrokerChannel's @internal fields). */
export interface SettlingChannel extends ChannelLike {
  txSettles: Msg[];
  txPublishes: CheckedPublish[];
  publishSeq: number;
}

/** Settle kinds (also a message's pending tx settle, Msg.tx). */
export const ACK = 1,
  NACK = 2,
  REJECT = 3;

export class Settler {
  private readonly core: Core;
  private readonly queues: QueueEngine;
  private readonly publisher: Publisher;

  constructor(
    private readonly ch: SettlingChannel,
    s: Services,
  ) {
    this.core = s.core;
    this.queues = s.queues;
    this.publisher = s.publisher;
  }

  /** On close: a transaction's pending settles are dropped (those messages are unacked again), its publishes too. */
  dropTx(): void {
    for (const m of this.ch.txSettles) {
      if (m.ch === this.ch) {
        m.tx = 0;
        this.ch.unacked.live++;
      }
    }
    this.ch.txSettles = [];
    this.ch.txPublishes = [];
  }

  /** Consumers of the channel that have room again rejoin, in the order they were set aside. */
  unblockConsumers(consumeOrder = false): void {
    if (!this.ch.open) return;
    const queues = this.queues;
    let freed: Consumer[] | null = null;
    for (const c of this.ch.consumers.values()) if (c.blocked && queues.hasCapacity(c)) (freed ??= []).push(c);
    if (freed === null) return;
    if (freed.length > 1 && !consumeOrder) freed.sort((a, b) => a.blockedSeq - b.blockedSeq);
    for (const c of freed) queues.unblock(c);
  }

  /** Detaches an unacked message from the channel and consumer counters (not from its list slot). */
  private detach(m: Msg): void {
    const c = m.consumer;
    m.queue.unacked--;
    m.tag = 0;
    m.ch = null;
    m.consumer = null;
    this.ch.unacked.live--;
    if (c !== null) {
      c.unacked--;
      this.ch.globalUnacked--;
      // rabbit_fifo: credit comes back per settled message, the consumer rejoins the service queue at once
      if (c.blocked && c.queue.fifoReturns && this.ch.open) this.queues.unblock(c);
    }
  }

  /** basic.ack / nack / reject (rules 5–9). A bad tag settles nothing and closes the channel with 406. */
  settle(kind: number, tag: number, multiple: boolean, requeue: boolean, method: MethodName): void {
    const u = this.ch.unacked;
    if (tag === 0 && multiple) {
      if (u.live === 0) {
        if (this.core.rules.nackAllWhenEmptyFails && kind === NACK) throw this.ch.fail(amqpError('PRECONDITION_FAILED', 'unknown delivery tag 0', method));
        return;
      }
      this.settleUpTo(kind, u.msgs.length - 1, requeue);
      return;
    }
    const idx = tag > 0 ? u.find(tag) : -1;
    if (idx < 0) throw this.ch.fail(amqpError('PRECONDITION_FAILED', `unknown delivery tag ${tag}`, method), tag);
    if (multiple) this.settleUpTo(kind, idx, requeue);
    else this.settleSingle(kind, idx, tag, requeue);
  }

  private settleSingle(kind: number, idx: number, tag: number, requeue: boolean): void {
    const queues = this.queues;
    const m = this.ch.unacked.msgs[idx]!;
    const c = m.consumer;
    this.settleOne(m, kind, tag, false, requeue);
    this.ch.unacked.trim(this.ch.txSettles.length);
    if (this.ch.tx) return;
    const q = m.queue;
    if (c !== null) {
      if (this.ch.globalPrefetch > 0) this.unblockConsumers();
      else if (c.blocked) queues.unblock(c);
    }
    if (q.deleted) return;
    if (kind !== ACK && requeue) queues.afterReadyChange(q);
    queues.dispatch(q, false);
    if (this.ch.globalPrefetch > 0) for (const c of this.ch.consumers.values()) if (c.queue !== q) queues.dispatch(c.queue, false);
  }

  private settleUpTo(kind: number, upTo: number, requeue: boolean): void {
    if (kind !== ACK && requeue && !this.ch.tx && this.core.rules.requeueBatchesPerConsumer) {
      this.requeueUpToPerConsumer(kind, upTo);
      return;
    }
    const queues = this.queues,
      u = this.ch.unacked;
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
    u.trim(this.ch.txSettles.length);
    if (this.ch.tx) return;
    this.unblockConsumers();
    for (const q of touched)
      if (!q.deleted) {
        if (kind !== ACK && requeue) queues.afterReadyChange(q);
        queues.dispatch(q, false);
      }
    if (this.ch.globalPrefetch > 0) for (const c of this.ch.consumers.values()) queues.dispatch(c.queue, false);
  }

  /**
   * nack multiple with requeue (rule 38): settled per (queue, consumer tag) in that sort order, as
   * rabbit_channel's foreach_per_queue does, and each queue dispatches before the next batch is requeued.
   */
  private requeueUpToPerConsumer(kind: number, upTo: number): void {
    const u = this.ch.unacked;
    this.inConsumerBatches(upTo, (i) => this.settleOne(u.msgs[i]!, kind, u.tags[i]!, true, true));
  }

  /**
   * Live unacked entries up to `upTo`, one batch per (queue, consumer tag) in that sort order (rabbit_channel's
   * foreach_per_queue over a gb_tree); `each` settles an entry, then the batch's queue dispatches before the next.
   */
  private inConsumerBatches(upTo: number, each: (i: number) => void): void {
    const queues = this.queues,
      u = this.ch.unacked;
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
    u.trim(this.ch.txSettles.length);
    if (this.ch.globalPrefetch > 0) for (const c of this.ch.consumers.values()) queues.dispatch(c.queue, false);
  }

  private settleOne(m: Msg, kind: number, tag: number, multiple: boolean, requeue: boolean): void {
    if (this.ch.tx) {
      // inside a transaction: taken off the unacked list now, applied at commit (rollback puts it back)
      m.tx = requeue ? kind | TX_REQUEUE : kind;
      this.ch.unacked.live--;
      this.ch.txSettles.push(m);
      return;
    }
    this.applySettle(m, kind, tag, multiple, requeue);
  }

  private applySettle(m: Msg, kind: number, tag: number, multiple: boolean, requeue: boolean): void {
    const q = m.queue;
    const consumer = m.consumer;
    this.detach(m);
    if (this.core.rec.on)
      this.core.rec.settled(kind === ACK ? 'acked' : kind === NACK ? 'nacked' : 'rejected', this.ch, m, consumer, tag, multiple, kind !== ACK && requeue);
    if (q.deleted) return;
    if (kind === ACK) this.core.setState(m, S_ACKED);
    else if (requeue) this.queues.requeue(m, kind === NACK ? 'nack' : 'reject');
    else this.queues.deadLetter(m, 'rejected');
  }

  // ------------------------------------------------------------ recover / tx

  recover(requeue: boolean): void {
    const core = this.core,
      queues = this.queues;
    if (!requeue && !core.rules.recoverWithoutRequeue)
      throw this.ch.connection.fail(amqpError('NOT_IMPLEMENTED', 'requeue=false', 'basicRecover'), this.ch.number);
    if (core.rec.on) core.rec.recovered(this.ch, requeue, this.ch.unacked.live);
    if (requeue && core.rules.requeueBatchesPerConsumer) {
      const u = this.ch.unacked;
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
    this.ch.unacked.trim(this.ch.txSettles.length);
    this.unblockConsumers();
    for (const [m, c] of redeliver) if (!m.queue.deleted) queues.deliver(this.ch, c, m);
    for (const q of touched)
      if (!q.deleted) {
        queues.afterReadyChange(q);
        queues.dispatch(q, false);
      }
  }

  commit(): void {
    const pubs = this.ch.txPublishes,
      settles = this.ch.txSettles;
    this.ch.txPublishes = [];
    this.ch.txSettles = [];
    const v = vhostOf(this.core, this.ch);
    for (const p of pubs) {
      // the exchange is looked up again: it may have been deleted (or redeclared) since the publish
      const ex = v.exchanges.get(p.exchange.name);
      if (ex !== undefined) this.publisher.publish(this.ch, ex === p.exchange ? p : { ...p, exchange: ex }, this.ch.confirm ? ++this.ch.publishSeq : 0);
    }
    const touched: Queue[] = [];
    for (const m of settles) {
      if (m.ch !== this.ch || m.tx === 0) continue;
      const kind = m.tx & ~TX_REQUEUE,
        requeue = (m.tx & TX_REQUEUE) !== 0;
      m.tx = 0;
      this.ch.unacked.live++;
      this.applySettle(m, kind, m.tag, false, requeue);
      if (!touched.includes(m.queue)) touched.push(m.queue);
    }
    this.ch.unacked.trim(this.ch.txSettles.length);
    this.unblockConsumers();
    const queues = this.queues;
    for (const q of touched)
      if (!q.deleted) {
        queues.afterReadyChange(q);
        queues.dispatch(q, false);
      }
  }

  rollback(): void {
    for (const m of this.ch.txSettles)
      if (m.ch === this.ch && m.tx !== 0) {
        m.tx = 0;
        this.ch.unacked.live++;
      }
    this.ch.txSettles = [];
    this.ch.txPublishes = [];
  }

  /** Requeues the live unacked entries `which` selects, in tag order; returns the queues touched (each once). */
  requeueAll(reason: RequeueReason, which: (m: Msg) => boolean): Queue[] {
    const core = this.core,
      u = this.ch.unacked;
    const epoch = ++core.dispatchEpoch;
    const touched: Queue[] = [];
    for (let i = u.head; i < u.msgs.length; i++) {
      if (!u.isLive(i)) continue;
      const m = u.msgs[i]!;
      if (!which(m)) continue;
      this.detach(m);
      this.queues.requeue(m, reason);
      if (m.queue.mark !== -epoch) {
        m.queue.mark = -epoch;
        touched.push(m.queue);
      }
    }
    return touched;
  }
}

/** Erlang's term order for binaries (byte by byte): UTF-8 bytes compared, shorter first on a tie. */
function byteOrder(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = Buffer.compare(Buffer.from(a[i]!, 'utf8'), Buffer.from(b[i]!, 'utf8'));
    if (c !== 0) return c;
  }
  return 0;
}
