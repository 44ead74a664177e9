// Internal state objects of the broker (not exported from index.ts).
import { Deque, PosHeap } from './structures';
import type { BasicProperties, ExchangeType, FieldTable, QueueType } from './types';
import type { BrokerChannel, BrokerConnection } from './broker';

/** Message-state codes kept per message id (low 5 bits; the queue index is stored above them). */
export const S_READY = 1, S_UNACKED = 2, S_ACKED = 3;
/** Dead-lettered: S_DL + index in DL_REASONS. Dropped: S_DROP + index in DROP_REASONS. */
export const S_DL = 4, S_DROP = 8;
export const DL_REASONS = ['rejected', 'expired', 'maxlen', 'delivery_limit'] as const;
export const DROP_REASONS = ['rejected', 'expired', 'maxlen', 'delivery_limit', 'purged', 'queue-deleted', 'restart', 'dlx-cycle', 'dlx-unroutable'] as const;

/** One copy of a message in one queue. Fields are fixed at construction for a stable shape. */
export class Msg {
  /** Delivery tag while unacked (0 otherwise). */
  tag = 0;
  /** Channel holding it unacked. */
  ch: BrokerChannel | null = null;
  /** Consumer it was delivered to (null for basic.get). */
  consumer: Consumer | null = null;
  deliveredAt = 0;
  /** Pending settle inside a transaction: 0 none, 1 ack, 2 nack, 3 reject (requeue in txRequeue). */
  tx = 0;
  txRequeue = false;
  /** Times delivered. */
  deliveries = 0;
  /** Times returned to the queue (quorum queues' delivery count). */
  returns = 0;
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
    readonly ch: BrokerChannel,
    readonly queue: Queue,
    readonly noAck: boolean,
    readonly exclusive: boolean,
    readonly priority: number,
    /** Per-consumer limit as set by basic.qos, 0 = unlimited (a quorum queue then allows 2000). */
    public prefetch: number,
    readonly args: FieldTable,
  ) {}
}

export const OVERFLOW_DROP_HEAD = 0, OVERFLOW_REJECT_PUBLISH = 1, OVERFLOW_REJECT_PUBLISH_DLX = 2;

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
  singleActive = false;
  policy = '';

  readonly unread = new Deque<Msg>();
  readonly returnedHeap = new PosHeap<Msg>();
  readonly returnedFifo = new Deque<Msg>();
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
    public owner: BrokerConnection | null,
    readonly autoDelete: boolean,
    readonly args: FieldTable,
    /** true: returns go to a FIFO served first (quorum queue, rabbitmq profile); false: back to position. */
    readonly fifoReturns: boolean,
  ) {}

  get ready(): number { return this.unread.size + (this.fifoReturns ? this.returnedFifo.size : this.returnedHeap.size); }

  peekHead(): Msg | undefined {
    if (this.fifoReturns) return this.returnedFifo.size > 0 ? this.returnedFifo.peek() : this.unread.peek();
    return this.returnedHeap.size > 0 ? this.returnedHeap.peek() : this.unread.peek();
  }

  popHead(): Msg | undefined {
    let m: Msg | undefined;
    if (this.fifoReturns) m = this.returnedFifo.size > 0 ? this.returnedFifo.shift() : this.unread.shift();
    else m = this.returnedHeap.size > 0 ? this.returnedHeap.pop() : this.unread.shift();
    if (m !== undefined) {
      this.readyBytes -= m.body.length;
      if (m.expiresAt >= 0) this.ttlMsgs--;
    }
    return m;
  }

  pushNew(m: Msg): void {
    this.unread.push(m);
    this.readyBytes += m.body.length;
    if (m.expiresAt >= 0) this.ttlMsgs++;
  }

  pushReturned(m: Msg): void {
    if (this.fifoReturns) this.returnedFifo.push(m);
    else this.returnedHeap.push(m);
    this.readyBytes += m.body.length;
    if (m.expiresAt >= 0) this.ttlMsgs++;
  }

  /** Ready messages in delivery order (a copy; O(n log n) for the returned part). */
  readyList(): Msg[] {
    const first = this.fifoReturns ? this.returnedFifo.toArray() : this.returnedHeap.sorted();
    return first.concat(this.unread.toArray());
  }

  clearReady(): Msg[] {
    const all = this.readyList();
    this.unread.clear();
    this.returnedFifo.clear();
    this.returnedHeap.clear();
    this.readyBytes = 0;
    this.ttlMsgs = 0;
    return all;
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
