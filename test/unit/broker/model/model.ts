// An independent reference model of the acknowledgement rules in docs/semantics.md
// (rule numbers in comments). It is written from that page and from RabbitMQ's source where
// the page leaves a choice open (dispatch order: rabbit_queue_consumers.erl for classic queues,
// rabbit_fifo.erl's service queue for quorum queues), NOT from src/broker: the property test
// (../acks.property.test.ts) runs the same operations on both and they must agree.
//
// Scope: one consumable queue ('q', classic or quorum) and an optional dead-letter queue 'dlq'
// (classic, reached through the default exchange; never consumed from, only basic.get).
// Connections and channels are addressed by slot (connection slot, channel number). Everything
// is plain data and arrays; speed does not matter here, obviousness does.

export type Profile = 'rabbitmq' | 'lavinmq';

export interface ModelConfig {
  profile: Profile;
  type: 'classic' | 'quorum';
  /** x-message-ttl of 'q' (classic only here), ms. */
  ttl?: number;
  /** x-delivery-limit of 'q' (quorum only here). Undefined = the profile default (rule 14: 20). */
  deliveryLimit?: number;
  /** 'q' dead-letters to 'dlq' through the default exchange (x-dead-letter-exchange '', routing key 'dlq'). */
  dlx: boolean;
  /** Consumer timeout (rule 26). Undefined = profile default: 1,800,000 ms (rabbitmq), none (lavinmq). */
  consumerTimeoutMs?: number;
  /** Channel tick period (rule 26), default 60,000 ms. */
  tickMs?: number;
}

export interface ModelError {
  scope: 'channel' | 'connection';
  code: number;
  text: string;
  classId: number;
  methodId: number;
}

/** What a client sees, in order, as the result of one operation. */
export type Seen =
  | { k: 'deliver'; conn: number; channel: number; consumerTag: string; tag: number; copy: string; redelivered: boolean; deliveryCount: number | undefined }
  | { k: 'channel-closed'; conn: number; channel: number; error: ModelError };

export interface GetResult {
  tag: number;
  copy: string;
  redelivered: boolean;
  messageCount: number;
  deliveryCount: number | undefined;
}

export type CopyState = 'ready' | 'unacked' | 'acked' | 'dead-lettered' | 'dropped';

/** One copy of a published message in one queue; key = `${queue}:${publishNumber}`. */
class Copy {
  state: CopyState = 'ready';
  reason = '';
  /** Deliveries so far (consumer deliveries and get-ok). */
  deliveries = 0;
  /** Returns so far: quorum-queue delivery count (x-delivery-count, rule 14). */
  returns = 0;
  /**
   * @param seq arrival order in its queue (rule 10's "original position"); a dead-lettered copy
   *   arrives in the DLX queue when it is dead-lettered.
   */
  constructor(
    readonly pub: number,
    readonly queue: Queue,
    readonly expiresAt: number | null,
    readonly seq: number,
  ) {}
  get key(): string {
    return `${this.queue.name}:${this.pub}`;
  }
}

class Consumer {
  held = 0;
  cancelled = false;
  constructor(
    readonly tag: string,
    readonly ch: Channel,
    readonly queue: Queue,
    readonly noAck: boolean,
    private readonly fixedPrefetch: number,
  ) {}
  /** rule 20: rabbitmq keeps the prefetch the channel had at basic.consume; lavinmq follows later qos changes. */
  get prefetch(): number {
    return this.ch.model.profile === 'lavinmq' ? this.ch.prefetch : this.fixedPrefetch;
  }
  /** Free slots (rule 21, 24): no-ack consumers are never limited; prefetch 0 = unlimited, 2000 credits on a QQ. */
  get capacity(): number {
    if (this.noAck) return Infinity;
    const limit = this.prefetch === 0 ? (this.queue.quorum ? 2000 : Infinity) : this.prefetch;
    return limit - this.held;
  }
}

interface Unacked {
  tag: number;
  copy: Copy;
  consumer: Consumer | null;
  deliveredAt: number;
}

class Channel {
  open = true;
  nextTag = 1;
  /** rule 21: lavinmq's default prefetch is 65535 for a channel that never sent basic.qos. */
  prefetch: number;
  readonly unacked = new Map<number, Unacked>();
  readonly consumers: Consumer[] = [];
  nextTick: number;
  constructor(
    readonly model: Model,
    readonly conn: number,
    readonly number: number,
    readonly order: number,
  ) {
    this.prefetch = model.profile === 'lavinmq' ? 65535 : 0;
    this.nextTick = model.now + model.tickMs;
  }
  outstanding(): Unacked[] {
    return [...this.unacked.values()].sort((a, b) => a.tag - b.tag);
  }
}

class Queue {
  /** Ready messages. Classic: kept in publish order (rule 10). Quorum: never-delivered messages. */
  ready: Copy[] = [];
  /** Quorum only: returned messages, served first in return order (rule 11). */
  returns: Copy[] = [];
  /** Classic dispatch (rabbit_queue_consumers): active round-robin queue and consumers blocked by prefetch. */
  active: Consumer[] = [];
  blocked: Consumer[] = [];
  /** Quorum dispatch (rabbit_fifo): consumers with credit, in service order. */
  service: Consumer[] = [];
  constructor(
    readonly name: string,
    readonly quorum: boolean,
    readonly ttl: number | undefined,
    readonly limit: number,
    readonly dlx: Queue | undefined,
  ) {}
  readyList(): Copy[] {
    return [...this.returns, ...this.ready];
  }
  get readyCount(): number {
    return this.returns.length + this.ready.length;
  }
}

const unknownTag = (tag: number, methodId: number): ModelError => ({
  scope: 'channel',
  code: 406,
  text: `PRECONDITION_FAILED - unknown delivery tag ${tag}`,
  classId: 60,
  methodId,
});

export class ModelFailure {
  constructor(readonly error: ModelError) {}
}

export class Model {
  now = 0;
  readonly profile: Profile;
  readonly tickMs: number;
  readonly timeoutMs: number | undefined;
  readonly q: Queue;
  readonly dlq: Queue | undefined;
  private readonly copies: Copy[] = [];
  private readonly channels = new Map<string, Channel>();
  private channelOrder = 0;
  private pubs = 0;
  private arrivals = 0;
  private seen: Seen[] = [];

  constructor(readonly config: ModelConfig) {
    this.profile = config.profile;
    this.tickMs = config.tickMs ?? 60_000;
    const t = config.consumerTimeoutMs ?? (config.profile === 'rabbitmq' ? 1_800_000 : 0);
    this.timeoutMs = t > 0 && Number.isFinite(t) ? t : undefined;
    this.dlq = config.dlx ? new Queue('dlq', false, undefined, Infinity, undefined) : undefined;
    let limit = Infinity;
    if (config.type === 'quorum') {
      const l = config.deliveryLimit ?? (config.profile === 'rabbitmq' ? 20 : -1);
      limit = l < 0 ? Infinity : l;
    }
    this.q = new Queue('q', config.type === 'quorum', config.ttl, limit, this.dlq);
  }

  // ------------------------------------------------------------ queries

  queue(name: 'q' | 'dlq'): Queue | undefined {
    return name === 'q' ? this.q : this.dlq;
  }

  channel(conn: number, number: number): Channel | undefined {
    const ch = this.channels.get(`${conn}/${number}`);
    return ch && ch.open ? ch : undefined;
  }

  openChannels(): Channel[] {
    return [...this.channels.values()].filter((c) => c.open).sort((a, b) => a.order - b.order);
  }

  /** Outstanding delivery tags of a channel, ascending. */
  outstandingTags(conn: number, number: number): number[] {
    return (
      this.channel(conn, number)
        ?.outstanding()
        .map((u) => u.tag) ?? []
    );
  }

  nextTag(conn: number, number: number): number {
    return this.channel(conn, number)?.nextTag ?? 1;
  }

  consumerTags(conn: number, number: number): string[] {
    return (
      this.channel(conn, number)
        ?.consumers.filter((c) => !c.cancelled)
        .map((c) => c.tag) ?? []
    );
  }

  allCopies(): { key: string; state: CopyState; reason: string }[] {
    return this.copies.map((c) => ({ key: c.key, state: c.state, reason: c.reason }));
  }

  view(): ModelView {
    const queues = [this.q, ...(this.dlq ? [this.dlq] : [])].map((q) => {
      const ready = q.readyList();
      let unacked = 0;
      for (const ch of this.channels.values()) for (const u of ch.unacked.values()) if (u.copy.queue === q) unacked++;
      const consumers = this.openChannels().reduce((n, ch) => n + ch.consumers.filter((c) => !c.cancelled && c.queue === q).length, 0);
      return {
        name: q.name,
        ready: ready.map((c) => ({ copy: c.key, redelivered: c.deliveries > 0, deliveryCount: c.deliveries })),
        readyCount: ready.length,
        unackedCount: unacked,
        consumers,
      };
    });
    const channels = this.openChannels()
      .sort((x, y) => x.conn - y.conn || x.number - y.number)
      .map((ch) => ({
        conn: ch.conn,
        channel: ch.number,
        prefetch: ch.prefetch,
        consumers: ch.consumers.filter((c) => !c.cancelled).map((c) => ({ tag: c.tag, noAck: c.noAck, prefetch: c.prefetch, unacked: c.held })),
        unacked: ch.outstanding().map((u) => ({
          tag: u.tag,
          copy: u.copy.key,
          consumerTag: u.consumer?.tag ?? '',
          deliveredAt: u.deliveredAt,
          redelivered: u.copy.deliveries > 1,
          deliveryCount: u.copy.deliveries,
        })),
      }));
    return { queues, channels };
  }

  // ------------------------------------------------------------ operations
  // Each returns what the client saw; a method error is thrown as ModelFailure (like the broker
  // throws AmqpError), after the model has closed the channel/connection as the rule says.

  /** Takes what was seen since the last call (deliveries and server-initiated closes). */
  drain(): Seen[] {
    const s = this.seen;
    this.seen = [];
    return s;
  }

  openChannel(conn: number, number: number): void {
    const key = `${conn}/${number}`;
    if (this.channels.get(key)?.open) throw new Error(`model: channel ${key} already open`);
    this.channels.set(key, new Channel(this, conn, number, this.channelOrder++));
  }

  publish(conn: number, number: number, queue: 'q' | 'dlq' = 'q'): number {
    this.need(conn, number);
    const q = this.queue(queue);
    if (!q) throw new Error(`model: no queue ${queue}`);
    const pub = ++this.pubs;
    const copy = new Copy(pub, q, q.ttl !== undefined ? this.now + q.ttl : null, ++this.arrivals);
    this.copies.push(copy);
    q.ready.push(copy);
    this.dispatch(q);
    return pub;
  }

  consume(conn: number, number: number, consumerTag: string, noAck: boolean): string {
    const ch = this.need(conn, number);
    const c = new Consumer(consumerTag, ch, this.q, noAck, ch.prefetch);
    ch.consumers.push(c);
    if (this.q.quorum) this.enqueueService(c);
    else this.q.active.push(c);
    this.dispatch(this.q);
    return consumerTag;
  }

  /** rule 18: unacked stay outstanding; an unknown tag still answers cancel-ok. */
  cancel(conn: number, number: number, consumerTag: string): string {
    const ch = this.need(conn, number);
    const c = ch.consumers.find((x) => x.tag === consumerTag && !x.cancelled);
    if (c) this.retire(c);
    return consumerTag;
  }

  qos(conn: number, number: number, prefetchCount: number): void {
    const ch = this.need(conn, number);
    ch.prefetch = prefetchCount;
    // rule 20: only lavinmq changes existing consumers, which may now take more. LavinMQ's own
    // order among a channel's consumers that all get room at once is not RabbitMQ's (it has no
    // rabbit_queue_consumers); the model takes them in consume order (FINDINGS.md, note 4).
    if (this.profile === 'lavinmq') {
      const q = this.q;
      const free = ch.consumers.filter((c) => q.blocked.includes(c) && c.capacity > 0);
      q.blocked = q.blocked.filter((c) => !free.includes(c));
      q.active.push(...free);
      this.dispatch(q);
    }
  }

  /** rule 2, 32: get-ok takes a tag, message_count = ready left; get-empty takes none. */
  get(conn: number, number: number, queue: 'q' | 'dlq', noAck: boolean): GetResult | null {
    const ch = this.need(conn, number);
    const q = this.queue(queue);
    if (!q) throw new Error(`model: no queue ${queue}`);
    this.expireHead(q);
    const copy = this.take(q);
    if (!copy) return null;
    const d = this.hand(ch, copy, null, noAck);
    return { tag: d.tag, copy: copy.key, redelivered: d.redelivered, messageCount: q.readyCount, deliveryCount: d.deliveryCount };
  }

  ack(conn: number, number: number, tag: number, multiple: boolean): void {
    this.settle(conn, number, tag, multiple, 'ack', false, 80);
  }

  nack(conn: number, number: number, tag: number, multiple: boolean, requeue: boolean): void {
    this.settle(conn, number, tag, multiple, 'nack', requeue, 120);
  }

  reject(conn: number, number: number, tag: number, requeue: boolean): void {
    this.settle(conn, number, tag, false, 'reject', requeue, 90);
  }

  /** rule 19 (rabbitmq profile). */
  recover(conn: number, number: number, requeue: boolean): void {
    const ch = this.need(conn, number);
    if (!requeue) {
      this.closeConnection(conn);
      throw new ModelFailure({ scope: 'connection', code: 540, text: 'NOT_IMPLEMENTED - requeue=false', classId: 60, methodId: 110 });
    }
    this.returnPerConsumer(ch.outstanding(), ch);
  }

  /** rule 38: a multiple requeue goes back per consumer tag (byte order), the queue dispatching after each batch. */
  private returnPerConsumer(us: Unacked[], ch: Channel): void {
    const tagOf = (u: Unacked) => u.consumer?.tag ?? '';
    const tags = [...new Set(us.map(tagOf))].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const t of tags) {
      this.returnAll(
        us.filter((u) => tagOf(u) === t),
        ch,
      );
      this.dispatch(this.q);
    }
    if (tags.length === 0) this.dispatch(this.q);
  }

  closeChannel(conn: number, number: number): void {
    const ch = this.need(conn, number);
    this.shut([ch]);
  }

  closeConnection(conn: number): void {
    this.shut(this.openChannels().filter((c) => c.conn === conn));
  }

  /** Moves virtual time, firing TTL expiry (rule 30) and channel ticks (rule 26) in time order. */
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      const head = this.q.ttl !== undefined ? this.q.ready[0] : undefined;
      let next = head?.expiresAt ?? Infinity;
      if (this.timeoutMs !== undefined) for (const ch of this.openChannels()) next = Math.min(next, ch.nextTick);
      if (next > target) break;
      this.now = next;
      this.expireHead(this.q);
      if (this.timeoutMs === undefined) continue;
      // Ticks due now, in channel open order (each channel's timer was armed at open and re-armed per tick).
      for (const ch of this.openChannels()) {
        if (!ch.open || ch.nextTick !== this.now) continue;
        ch.nextTick += this.tickMs;
        const oldest = ch.outstanding()[0];
        if (oldest && oldest.deliveredAt < this.now - this.timeoutMs) {
          const error: ModelError = {
            scope: 'channel',
            code: 406,
            text: `PRECONDITION_FAILED - delivery acknowledgement on channel ${ch.number} timed out. Timeout value used: ${this.timeoutMs} ms. This timeout value can be configured, see consumers doc guide to learn more`,
            classId: 0,
            methodId: 0,
          };
          this.seen.push({ k: 'channel-closed', conn: ch.conn, channel: ch.number, error });
          this.shut([ch]);
        }
      }
    }
    this.now = target;
    this.expireHead(this.q);
  }

  // ------------------------------------------------------------ rules

  private need(conn: number, number: number): Channel {
    const ch = this.channel(conn, number);
    if (!ch) throw new Error(`model: channel ${conn}/${number} is not open`);
    return ch;
  }

  /** rules 5, 6, 7, 8, 9, 24. */
  private settle(conn: number, number: number, tag: number, multiple: boolean, kind: 'ack' | 'nack' | 'reject', requeue: boolean, methodId: number): void {
    const ch = this.need(conn, number);
    const out = ch.outstanding();
    let settled: Unacked[];
    if (tag === 0 && multiple) {
      // rule 6: everything outstanding, a no-op when nothing is ([LavinMQ] nack: unknown tag).
      if (out.length === 0 && this.profile === 'lavinmq' && kind === 'nack') return this.channelError(ch, unknownTag(0, methodId));
      settled = out;
    } else if (!ch.unacked.has(tag)) {
      return this.channelError(ch, unknownTag(tag, methodId));
    } else {
      settled = multiple ? out.filter((u) => u.tag <= tag) : [ch.unacked.get(tag)!];
    }
    if (kind !== 'ack' && requeue && multiple && this.profile !== 'lavinmq') {
      return this.returnPerConsumer(settled, ch);
    } else if (kind !== 'ack' && requeue) {
      this.returnAll(settled, ch);
    } else {
      for (const u of settled) {
        this.release(ch, u);
        if (kind === 'ack') u.copy.state = 'acked';
        else this.deadLetter(u.copy, 'rejected');
      }
    }
    this.dispatch(this.q);
  }

  /** rule 7: nothing settled; the channel closes and its unacked are requeued. */
  private channelError(ch: Channel, error: ModelError): never {
    this.shut([ch]);
    throw new ModelFailure(error);
  }

  /**
   * rules 17, 18: close channels. All of them (a connection's) are closed and their consumers gone
   * first, so nothing is handed to a channel that is going away; then each channel's unacked
   * deliveries are requeued in tag order, followed by a dispatch — channel by channel, as a
   * RabbitMQ queue handles each closed channel (rabbit_amqqueue_process: erase_ch, requeue,
   * run_message_queue). In which order RabbitMQ's queue hears of a connection's channels is a race;
   * the model (and the broker) take them in the order they were opened (FINDINGS.md, note 3).
   */
  private shut(chs: Channel[]): void {
    for (const ch of chs) {
      ch.open = false;
      for (const c of ch.consumers) if (!c.cancelled) this.retire(c);
    }
    for (const ch of [...chs].sort((a, b) => a.order - b.order)) {
      this.returnAll(ch.outstanding(), ch);
      this.dispatch(this.q);
    }
  }

  private retire(c: Consumer): void {
    c.cancelled = true;
    const q = c.queue;
    q.active = q.active.filter((x) => x !== c);
    q.blocked = q.blocked.filter((x) => x !== c);
    q.service = q.service.filter((x) => x !== c);
  }

  /** Frees the delivery's prefetch slot (rule 24). */
  private release(ch: Channel, u: Unacked): void {
    ch.unacked.delete(u.tag);
    if (u.consumer) {
      const c = u.consumer;
      c.held--;
      if (c.queue.quorum) this.enqueueService(c);
    }
  }

  /** rabbit_fifo: a consumer with credit joins the service queue's tail unless already in it. */
  private enqueueService(c: Consumer): void {
    const q = c.queue;
    if (!c.cancelled && c.capacity > 0 && !q.service.includes(c)) q.service.push(c);
  }

  /** Requeue (rules 10, 11, 13, 14). */
  private returnAll(us: Unacked[], ch: Channel): void {
    for (const u of us) {
      this.release(ch, u);
      const copy = u.copy;
      const q = copy.queue;
      if (q.quorum) {
        copy.returns++;
        if (copy.returns > q.limit) {
          this.deadLetter(copy, 'delivery_limit');
          continue;
        }
        copy.state = 'ready';
        q.returns.push(copy);
      } else {
        copy.state = 'ready';
        let i = q.ready.findIndex((x) => x.seq > copy.seq);
        if (i < 0) i = q.ready.length;
        q.ready.splice(i, 0, copy);
      }
    }
    // rule 13: requeued messages past their TTL expire (a classic queue's ready list is in publish
    // order and the queue TTL is uniform, so they are all at the head).
    this.expireHead(this.q);
  }

  /** rule 30: per-queue TTL expires messages at the head only. */
  private expireHead(q: Queue): void {
    if (q.ttl === undefined) return;
    while (q.ready.length > 0 && q.ready[0]!.expiresAt !== null && q.ready[0]!.expiresAt <= this.now) {
      this.deadLetter(q.ready.shift()!, 'expired');
    }
  }

  /** rules 9, 14, 27: to the DLX queue when there is one, else dropped with the same reason. */
  private deadLetter(copy: Copy, reason: string): void {
    copy.reason = reason;
    const target = copy.queue.dlx;
    if (!target) {
      copy.state = 'dropped';
      return;
    }
    copy.state = 'dead-lettered';
    const fresh = new Copy(copy.pub, target, target.ttl !== undefined ? this.now + target.ttl : null, ++this.arrivals);
    this.copies.push(fresh);
    target.ready.push(fresh);
  }

  private take(q: Queue): Copy | undefined {
    return q.returns.shift() ?? q.ready.shift();
  }

  /** Gives a copy a tag on a channel (rules 1, 2, 12, 14, 31). */
  private hand(ch: Channel, copy: Copy, consumer: Consumer | null, noAck: boolean): { tag: number; redelivered: boolean; deliveryCount: number | undefined } {
    const tag = ch.nextTag++;
    const redelivered = copy.deliveries > 0;
    copy.deliveries++;
    const deliveryCount = copy.queue.quorum && copy.returns > 0 ? copy.returns : undefined;
    if (noAck) {
      copy.state = 'acked';
    } else {
      copy.state = 'unacked';
      ch.unacked.set(tag, { tag, copy, consumer, deliveredAt: this.now });
      if (consumer) consumer.held++;
    }
    return { tag, redelivered, deliveryCount };
  }

  /** rule 25: round-robin among consumers with free capacity. */
  private dispatch(q: Queue): void {
    if (!q.quorum) {
      // Consumers blocked on prefetch rejoin the round-robin tail once they have room, in the
      // order they were blocked (rabbit_queue_consumers:unblock/2).
      const free = q.blocked.filter((c) => c.capacity > 0);
      q.blocked = q.blocked.filter((c) => c.capacity <= 0);
      q.active.push(...free);
    }
    for (;;) {
      this.expireHead(q);
      if (q.readyCount === 0) return;
      const c = this.pick(q);
      if (!c) return;
      const copy = this.take(q)!;
      const d = this.hand(c.ch, copy, c, c.noAck);
      if (q.quorum) this.enqueueService(c);
      this.seen.push({
        k: 'deliver',
        conn: c.ch.conn,
        channel: c.ch.number,
        consumerTag: c.tag,
        tag: d.tag,
        copy: copy.key,
        redelivered: d.redelivered,
        deliveryCount: d.deliveryCount,
      });
    }
  }

  private pick(q: Queue): Consumer | undefined {
    if (q.quorum) {
      // rabbit_fifo checkout_one: take the service queue's head; one without credit drops out.
      while (q.service.length > 0) {
        const c = q.service.shift()!;
        if (!c.cancelled && c.capacity > 0) return c;
      }
      return undefined;
    }
    // rabbit_queue_consumers:deliver/6: the head gets the message and goes to the tail; a head
    // without room is moved to the blocked list.
    while (q.active.length > 0) {
      const c = q.active.shift()!;
      if (c.capacity > 0) {
        q.active.push(c);
        return c;
      }
      q.blocked.push(c);
    }
    return undefined;
  }
}

export interface ModelView {
  queues: {
    name: string;
    ready: { copy: string; redelivered: boolean; deliveryCount: number }[];
    readyCount: number;
    unackedCount: number;
    consumers: number;
  }[];
  channels: {
    conn: number;
    channel: number;
    prefetch: number;
    consumers: { tag: string; noAck: boolean; prefetch: number; unacked: number }[];
    unacked: { tag: number; copy: string; consumerTag: string; deliveredAt: number; redelivered: boolean; deliveryCount: number }[];
  }[];
}
