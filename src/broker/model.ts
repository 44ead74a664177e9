// Internal state objects of the broker (not exported from index.ts): message copies, consumers, queues
// (positions and the ready structure, never tags), exchanges, bindings, vhosts, and what the lower layers
// see of a channel and a connection (ChannelLike / ConnectionLike, implemented by channel.ts and
// connection.ts, so no file below them imports them).
import type { AmqpError } from './errors';
import { Deque, PosHeap } from './structures';
import type { UnackedList } from './unacked';
import type { BasicProperties, ConnectionInfo, ConnectionSink, ExchangeType, FieldTable, QueueType } from './types';

/** A server push waiting in a connection's cork buffer or in the hold list (see outbox.ts). */
export interface OutEntry {
  conn: ConnectionLike;
  kind: number;
  ch: ChannelLike | null;
  channel: number;
  payload: unknown;
}

/** A connection as the queue, outbox and inspection code see it (BrokerConnection in connection.ts). */
export interface ConnectionLike {
  readonly id: number;
  readonly vhost: string;
  readonly info: ConnectionInfo;
  readonly sink: ConnectionSink;
  readonly open: boolean;
  readonly deliveriesPaused: boolean;
  readonly channels: Map<number, ChannelLike>;
  corked: number;
  corkBuf: OutEntry[];
  /** Closes the connection for a connection-scope error (logged) and returns the error to throw. */
  fail(e: AmqpError, channel: number): AmqpError;
}

/** A publisher confirm waiting for its connection's uncork (confirms.ts). */
export interface PendingConfirm {
  seq: number;
  nack: boolean;
  pid: number;
  exchange: Exchange;
  routingKey: string;
}

/** Direct reply-to's pseudo-queue (replyTo.ts). */
export const REPLY_TO = 'amq.rabbitmq.reply-to';

/** Direct reply-to: a channel's reply consumer, its tag and the routable name its requests carry (replyTo.ts). */
export interface ReplyConsumer {
  readonly tag: string;
  readonly name: string;
}

/** A channel as the queue, outbox and inspection code see it (BrokerChannel in channel.ts). */
export interface ChannelLike {
  readonly number: number;
  readonly connection: ConnectionLike;
  readonly open: boolean;
  readonly flowActive: boolean;
  readonly confirm: boolean;
  readonly tx: boolean;
  /** Per-consumer prefetch for consumers created from now on. */
  readonly prefetch: number;
  /** Channel-wide limit (0 = none) and the consumer deliveries counted against it. */
  readonly globalPrefetch: number;
  globalUnacked: number;
  /** The last delivery tag given (tags only grow). */
  nextTag: number;
  readonly unacked: UnackedList<Msg>;
  /** Settles pending in a transaction (still unacked for inspection). */
  readonly txSettles: readonly Msg[];
  readonly consumers: Map<string, Consumer>;
  /** Most recently declared queue, for '' shortcuts. */
  lastQueue: string;
  /** Publisher confirms decided while the connection is corked, sent coalesced at uncork (confirms.ts). */
  pendingConfirms: PendingConfirm[];
  /** Direct reply-to: the channel's reply consumer, if any (replyTo.ts). */
  replyConsumer: ReplyConsumer | null;
  /** Closes the channel (or the connection, for a connection-scope error), logged; returns the error to throw. */
  fail(e: AmqpError, deliveryTag?: number): AmqpError;
}

/** Message-state codes kept per message id (low 5 bits; the queue index is stored above them). */
export const S_READY = 1,
  S_UNACKED = 2,
  S_ACKED = 3;
/** Dead-lettered: S_DL + index in DL_REASONS. Dropped: S_DROP + index in DROP_REASONS. */
export const S_DL = 4,
  S_DROP = 8;
export const DL_REASONS = ['rejected', 'expired', 'maxlen', 'delivery_limit'] as const;
export const DROP_REASONS = ['rejected', 'expired', 'maxlen', 'delivery_limit', 'purged', 'queue-deleted', 'restart', 'dlx-cycle', 'dlx-unroutable'] as const;

/** Msg.tx bit: the pending nack / reject requeues. */
export const TX_REQUEUE = 4;

/** One copy of a message in one queue. Fields are fixed at construction for a stable shape. */
export class Msg {
  /** Delivery tag while unacked (0 otherwise). */
  tag = 0;
  /** Channel holding it unacked. */
  ch: ChannelLike | null = null;
  /** Consumer it was delivered to (null for basic.get). */
  consumer: Consumer | null = null;
  deliveredAt = 0;
  /** Pending settle inside a transaction: 0 none, 1 ack, 2 nack, 3 reject, plus TX_REQUEUE (4) to requeue (one field: 8 bytes less per message). */
  tx = 0;
  /** Times delivered. */
  deliveries = 0;
  /** Times returned to the queue (quorum queues' delivery count). */
  returns = 0;
  /** Routing keys from CC / BCC besides routingKey (rule 41); null for none. In memory only (see senderRoutes.ts). */
  cc: readonly string[] | null = null;
  constructor(
    readonly id: number,
    readonly publishId: number,
    readonly queue: Queue,
    readonly exchange: string,
    readonly routingKey: string,
    readonly properties: BasicProperties,
    readonly body: Uint8Array,
    /** Position in the queue (publish order); requeued messages keep it. */
    public pos: number,
    /** Absolute expiry time in ms, -1 = none (a small integer keeps the field unboxed). */
    readonly expiresAt: number,
  ) {}
}

export class Consumer {
  unacked = 0;
  cancelled = false;
  /** Out of the queue's round-robin because a delivery found it without room (rejoins at the tail). */
  blocked = false;
  /** When it was set aside: consumers freed by one settle rejoin in this order (rabbit_queue_consumers:unblock). */
  blockedSeq = 0;
  constructor(
    readonly tag: string,
    readonly ch: ChannelLike,
    readonly queue: Queue,
    readonly noAck: boolean,
    readonly exclusive: boolean,
    readonly priority: number,
    /** Per-consumer limit as set by basic.qos, 0 = unlimited (a quorum queue then allows 2000). */
    public prefetch: number,
    readonly args: FieldTable,
  ) {}
}

export const OVERFLOW_DROP_HEAD = 0,
  OVERFLOW_REJECT_PUBLISH = 1,
  OVERFLOW_REJECT_PUBLISH_DLX = 2;

export class Queue {
  deleted = false;
  // effective configuration (arguments + policy)
  messageTtl = -1;
  maxLength = -1;
  maxBytes = -1;
  overflow = OVERFLOW_DROP_HEAD;
  dlx: string | null = null;
  dlrk: string | null = null;
  deliveryLimit = -1;
  consumerTimeout = -1;
  /** x-expires / policy expires in ms (-1 = none) and its lease timer. */
  expires = -1;
  idleTimer = 0;
  singleActive = false;
  policy = '';

  readonly unread = new Deque<Msg>();
  readonly returnedHeap = new PosHeap<Msg>();
  readonly returnedFifo = new Deque<Msg>();
  /**
   * Priority sub-queues, null for a plain queue. Classic (x-max-priority N): levels 0..N, each served
   * in full before the next lower one (rabbit_priority_queue). Quorum (RabbitMQ 4.x, always on):
   * level 0 = normal, 1 = high (priority > 4), served 2:1 (rabbit_fifo_q); returns still go first.
   */
  levels: PrioLevel[] | null = null;
  /** Highest level that may be non-empty (classic priority). */
  private top = 0;
  /** rabbit_fifo_q's dequeue_counter (quorum priority). */
  private qqCounter = 0;
  private prioReady = 0;
  /** Quorum (two-level, weighted) rather than classic priority levels. */
  private qqPrio = false;
  readyBytes = 0;
  unacked = 0;
  nextPos = 1;
  /** Ready messages with a finite expiry (0 = no expiry work needed). */
  ttlMsgs = 0;

  /** Every consumer, highest priority first, in consume order within a priority. */
  consumers: Consumer[] = [];
  /**
   * The round-robin (RabbitMQ's rabbit_queue_consumers / rabbit_fifo service queue): consumers not
   * blocked, highest priority first. The head gets the next message and moves to the tail of its
   * priority; a head without room leaves it and rejoins at the tail when it has room again.
   */
  rr: Consumer[] = [];
  sacActive: Consumer | null = null;
  hadConsumer = false;
  readonly bindings: Binding[] = [];

  expiryTimer = 0;
  expiryAt = Infinity;
  dispatching = false;
  mark = 0;

  constructor(
    readonly idx: number,
    readonly vhost: VHost,
    readonly name: string,
    readonly type: QueueType,
    readonly durable: boolean,
    readonly exclusive: boolean,
    public owner: ConnectionLike | null,
    readonly autoDelete: boolean,
    readonly args: FieldTable,
    /** true: returns go to a FIFO served first (quorum queue, rabbitmq profile); false: back to position. */
    readonly fifoReturns: boolean,
  ) {}

  get ready(): number {
    if (this.levels !== null) return this.prioReady + (this.fifoReturns ? this.returnedFifo.size : 0);
    return this.unread.size + (this.fifoReturns ? this.returnedFifo.size : this.returnedHeap.size);
  }

  /** Turns on priority sub-queues (before any message is enqueued). max = the highest level. */
  enablePriorities(max: number, quorum: boolean): void {
    this.qqPrio = quorum;
    const n = quorum ? 2 : max + 1;
    this.levels = [];
    for (let i = 0; i < n; i++) this.levels.push(new PrioLevel());
  }

  /** The sub-queue level of a message (its basic.properties priority; missing = 0). */
  levelOf(m: Msg): number {
    const p = m.properties.priority;
    if (this.qqPrio) return typeof p === 'number' && p > 4 ? 1 : 0;
    const max = this.levels!.length - 1;
    return typeof p !== 'number' || p <= 0 ? 0 : p > max ? max : p;
  }

  peekHead(): Msg | undefined {
    if (this.levels !== null) return this.prioPick(false);
    if (this.fifoReturns) return this.returnedFifo.size > 0 ? this.returnedFifo.peek() : this.unread.peek();
    return this.returnedHeap.size > 0 ? this.returnedHeap.peek() : this.unread.peek();
  }

  popHead(): Msg | undefined {
    let m: Msg | undefined;
    if (this.levels !== null) m = this.prioPick(true);
    else if (this.fifoReturns) m = this.returnedFifo.size > 0 ? this.returnedFifo.shift() : this.unread.shift();
    else m = this.returnedHeap.size > 0 ? this.returnedHeap.pop() : this.unread.shift();
    if (m !== undefined) {
      this.readyBytes -= m.body.length;
      if (m.expiresAt >= 0) this.ttlMsgs--;
    }
    return m;
  }

  pushNew(m: Msg): void {
    if (this.levels !== null) this.prioPush(m, false);
    else this.unread.push(m);
    this.readyBytes += m.body.length;
    if (m.expiresAt >= 0) this.ttlMsgs++;
  }

  pushReturned(m: Msg): void {
    if (this.fifoReturns) this.returnedFifo.push(m);
    else if (this.levels !== null) this.prioPush(m, true);
    else this.returnedHeap.push(m);
    this.readyBytes += m.body.length;
    if (m.expiresAt >= 0) this.ttlMsgs++;
  }

  /** Ready messages in delivery order (a copy; O(n log n) for the returned part). */
  readyList(): Msg[] {
    if (this.levels !== null) return this.prioList();
    const first = this.fifoReturns ? this.returnedFifo.toArray() : this.returnedHeap.sorted();
    return first.concat(this.unread.toArray());
  }

  clearReady(): Msg[] {
    const all = this.readyList();
    this.unread.clear();
    this.returnedFifo.clear();
    this.returnedHeap.clear();
    if (this.levels !== null) {
      for (const l of this.levels) {
        l.unread.clear();
        l.returned.clear();
      }
      this.prioReady = 0;
      this.top = 0;
      this.qqCounter = 0;
    }
    this.readyBytes = 0;
    this.ttlMsgs = 0;
    return all;
  }

  private prioPush(m: Msg, returned: boolean): void {
    const lv = this.levelOf(m);
    const l = this.levels![lv]!;
    if (returned) l.returned.push(m);
    else l.unread.push(m);
    this.prioReady++;
    if (lv > this.top) this.top = lv;
  }

  /** The next message (taken when take): quorum returns first, then by priority. */
  private prioPick(take: boolean): Msg | undefined {
    if (this.fifoReturns && this.returnedFifo.size > 0) return take ? this.returnedFifo.shift() : this.returnedFifo.peek();
    if (this.prioReady === 0) return undefined;
    const levels = this.levels!;
    let l: PrioLevel;
    if (this.qqPrio) {
      // rabbit_fifo_q:next/1 and out/1: high first, except every third dequeue, when the older head wins
      const hi = levels[1]!.unread,
        no = levels[0]!.unread;
      const useHi = hi.size > 0 && (no.size === 0 || this.qqCounter !== 2 || hi.peek()!.pos < no.peek()!.pos);
      l = useHi ? levels[1]! : levels[0]!;
      if (take) this.qqCounter = this.qqCounter === 2 ? 0 : this.qqCounter + 1;
    } else {
      while (levels[this.top]!.size() === 0) this.top--;
      l = levels[this.top]!;
    }
    const fromReturned = l.returned.size > 0;
    if (!take) return fromReturned ? l.returned.peek() : l.unread.peek();
    this.prioReady--;
    return fromReturned ? l.returned.pop() : l.unread.shift();
  }

  private prioList(): Msg[] {
    const levels = this.levels!;
    const out: Msg[] = this.fifoReturns ? this.returnedFifo.toArray() : [];
    if (this.qqPrio) {
      const hi = levels[1]!.unread.toArray(),
        no = levels[0]!.unread.toArray();
      let i = 0,
        j = 0,
        c = this.qqCounter;
      while (i < hi.length || j < no.length) {
        const useHi = i < hi.length && (j >= no.length || c !== 2 || hi[i]!.pos < no[j]!.pos);
        out.push(useHi ? hi[i++]! : no[j++]!);
        c = c === 2 ? 0 : c + 1;
      }
      return out;
    }
    for (let p = levels.length - 1; p >= 0; p--) {
      const l = levels[p]!;
      if (l.size() === 0) continue;
      for (const m of l.returned.sorted()) out.push(m);
      for (const m of l.unread.toArray()) out.push(m);
    }
    return out;
  }
}

/** One priority's sub-queue: returned copies (back at their position) before never-delivered ones. */
export class PrioLevel {
  readonly unread = new Deque<Msg>();
  readonly returned = new PosHeap<Msg>();
  size(): number {
    return this.unread.size + this.returned.size;
  }
}

/** Inserts c at the tail of its priority group in a list ordered by priority (highest first). */
export function insertByPriority(list: Consumer[], c: Consumer): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.priority < c.priority) i--;
  if (i === list.length) list.push(c);
  else list.splice(i, 0, c);
}

export function removeFrom<T>(list: T[], x: T): boolean {
  const i = list.indexOf(x);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

export class Binding {
  constructor(
    readonly source: Exchange,
    readonly queue: Queue | null,
    readonly exchange: Exchange | null,
    readonly routingKey: string,
    readonly args: FieldTable,
    /** Topic pattern split into words (topic exchanges only). */
    readonly words: string[] | null,
  ) {}
}

export class Exchange {
  readonly bindings: Binding[] = [];
  readonly direct = new Map<string, Binding[]>();
  /** Bindings whose destination is this exchange (exchange-to-exchange). */
  readonly boundTo: Binding[] = [];
  mark = 0;
  constructor(
    readonly vhost: VHost,
    readonly name: string,
    /** 'default' is the nameless direct exchange with an implicit binding to every queue. */
    readonly type: ExchangeType | 'default',
    readonly durable: boolean,
    readonly autoDelete: boolean,
    readonly internal: boolean,
    readonly args: FieldTable,
    readonly builtin: boolean,
  ) {}

  get alternate(): string | null {
    const v = this.args['alternate-exchange'];
    return typeof v === 'string' ? v : null;
  }
}

export class VHost {
  readonly exchanges = new Map<string, Exchange>();
  readonly queues = new Map<string, Queue>();
  constructor(readonly name: string) {}
}

export interface Policy {
  vhost: string;
  name: string;
  pattern: string;
  applyTo: 'queues' | 'exchanges' | 'all';
  priority: number;
  definition: Record<string, string | number | boolean>;
  regex: RegExp;
}
