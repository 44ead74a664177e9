// Follows every delivery through the broker's events and turns ack mistakes into findings, like a
// sanitizer: never settled when its channel closed, 406 unknown delivery tag (classified as double
// ack, ack after auto-ack or wrong channel), nack/reject that dropped the message, requeue loops,
// consumer timeouts. Pure: fed AckEvents, asked for findings.
import type { AckEvent, ClientInfo, SettleOp } from './brokerEvents';
import { TEST_RULES } from './rules';
import type { AckFinding, HistoryEntry, TestRuleId } from './types';

/** Where the trace hooks should look for the code behind a finding (see locate.ts). */
export type SiteHint =
  { type: 'consume'; conn: number; ch: number; consumerTag: string } | { type: 'settle'; conn: number; ch: number; tag: number; pick: 'first' | 'last' };

export interface TrackedFinding {
  finding: AckFinding;
  hint?: SiteHint;
  related: { message: string; hint: SiteHint }[];
}

export interface TrackerOptions {
  /** A message delivered more than this many times again is a requeue loop. Default 10. */
  requeueLimit?: number;
  /** Only follow connections opened after the tracker started (a shared broker with other clients). */
  newConnectionsOnly?: boolean;
}

interface Delivery {
  conn: number;
  ch: number;
  tag: number;
  consumerTag: string;
  messageId: number;
  queue: string;
  noAck: boolean;
  covered: boolean;
}
interface Chan {
  open: Map<number, Delivery>;
  done: Map<number, Delivery & { op: SettleOp }>;
  broken: boolean;
}
interface ConnState {
  client: ClientInfo | undefined;
  name: string;
  openedAt: number;
  closedAt: number;
}

const MAX_HISTORY = 40;
const MAX_MESSAGES = 50_000;
const MAX_DONE_PER_CHANNEL = 20_000;
const EVENT_NAME: Record<SettleOp, HistoryEntry['event']> = { ack: 'acked', nack: 'nacked', reject: 'rejected', 'auto-ack': 'auto-acked' };

export class AckTracker {
  private readonly limit: number;
  private readonly newOnly: boolean;
  private t0 = -1;
  private readonly conns = new Map<number, ConnState>();
  private readonly chans = new Map<string, Chan>();
  private readonly live = new Map<number, Delivery>();
  private readonly histories = new Map<number, HistoryEntry[]>();
  private readonly pendingDrop = new Map<number, Delivery & { op: SettleOp }>();
  private readonly lastRequeue = new Map<number, Delivery>();
  private readonly looped = new Set<number>();
  /** Messages a finding already covers (the finding's own, and those requeued by the channel an ack error closed). */
  private readonly accounted = new Set<number>();
  private readonly found: TrackedFinding[] = [];
  deliveries = 0;

  constructor(options: TrackerOptions = {}) {
    this.limit = options.requeueLimit ?? 10;
    this.newOnly = options.newConnectionsOnly === true;
  }

  get findings(): readonly TrackedFinding[] {
    return this.found;
  }
  get connectionCount(): number {
    return this.conns.size;
  }

  /** The connection's wall-clock lifetime and client (for matching trace records). */
  connection(id: number): Readonly<ConnState> | undefined {
    return this.conns.get(id);
  }
  connectionIds(): number[] {
    return [...this.conns.keys()];
  }

  client(conn: number, info: ClientInfo): void {
    const c = this.conn(conn, 0);
    c.client = info;
    if (!c.name) c.name = info.connectionName;
  }

  handle(e: AckEvent): void {
    if (this.t0 < 0) this.t0 = e.time;
    if (this.newOnly && 'conn' in e && e.kind !== 'connection-opened' && !this.conns.has(e.conn)) return;
    switch (e.kind) {
      case 'connection-opened': {
        const c = this.conn(e.conn, e.time);
        c.openedAt = e.time;
        if (e.name) c.name = e.name;
        break;
      }
      case 'connection-closed': {
        this.conn(e.conn, e.time).closedAt = e.time;
        for (const key of [...this.chans.keys()]) if (key.startsWith(`${e.conn}:`)) this.closeChannel(key, 'connection-closed', e.time);
        break;
      }
      case 'channel-closed':
        this.closeChannel(`${e.conn}:${e.ch}`, e.reason, e.time);
        break;
      case 'enqueued':
        this.note(e.messageId, e.time, 'published', `to queue "${e.queue}" via exchange "${e.exchange || '(default)'}", routing key "${e.routingKey}"`);
        break;
      case 'delivered':
        this.delivered(e);
        break;
      case 'settled':
        this.settled(e);
        break;
      case 'requeued':
        this.note(e.messageId, e.time, 'requeued', `back to queue "${e.queue}" (${e.reason})`);
        break;
      case 'dead-lettered':
        this.pendingDrop.delete(e.messageId);
        this.note(e.messageId, e.time, 'dead-lettered', `to exchange "${e.exchange}"`);
        break;
      case 'dropped':
        this.dropped(e);
        break;
      case 'channel-error':
        this.channelError(e);
        break;
    }
  }

  /** Deliveries still unsettled on connections that are open when the run ends. */
  finish(time: number): void {
    for (const key of [...this.chans.keys()]) this.closeChannel(key, 'exit', time);
  }

  /** A queue with messages nobody consumed (opt-in check at exit). */
  leftReady(queue: string, messageIds: number[]): void {
    const ids = messageIds.filter((id) => !this.accounted.has(id));
    if (ids.length === 0) return;
    const n = ids.length;
    const f = this.finding(
      'left-ready',
      `${n} message${n === 1 ? ' was' : 's were'} still ready in queue "${queue}" when the command exited, consumed by nobody.`,
      undefined,
      ids[0]!,
    );
    f.finding.queue = queue;
    f.finding.history = ids.slice(0, 3).flatMap((id) => this.histories.get(id) ?? []);
  }

  /** Forgets everything (startBroker's reset() between tests). */
  reset(): void {
    this.chans.clear();
    this.live.clear();
    this.histories.clear();
    this.pendingDrop.clear();
    this.lastRequeue.clear();
    this.looped.clear();
    this.accounted.clear();
    this.found.length = 0;
    this.deliveries = 0;
  }

  // ---------------------------------------------------------------- events

  private delivered(e: Extract<AckEvent, { kind: 'delivered' }>): void {
    this.deliveries++;
    const d: Delivery = {
      conn: e.conn,
      ch: e.ch,
      tag: e.tag,
      consumerTag: e.consumerTag,
      messageId: e.messageId,
      queue: e.queue,
      noAck: e.noAck,
      covered: false,
    };
    this.chan(e.conn, e.ch).open.set(e.tag, d);
    this.live.set(e.messageId, d);
    const n = e.deliveryCount;
    this.note(
      e.messageId,
      e.time,
      'delivered',
      `to ${e.consumerTag ? `consumer ${e.consumerTag}` : 'basic.get'} on ${this.where(e.conn, e.ch)}, delivery tag ${e.tag}${n > 1 ? `, delivery ${n}` : ''}${e.noAck ? ', auto-ack' : ''}`,
    );
    if (n - 1 >= this.limit && !this.looped.has(e.messageId)) {
      this.looped.add(e.messageId);
      const prev = this.lastRequeue.get(e.messageId);
      this.finding(
        'requeue-loop',
        `Message redelivered ${n - 1} times from queue "${e.queue}" (limit ${this.limit}): every attempt requeued it. Dead-letter it after a few attempts, or set a delivery limit.`,
        d,
        e.messageId,
        prev
          ? { type: 'settle', conn: prev.conn, ch: prev.ch, tag: prev.tag, pick: 'last' }
          : { type: 'consume', conn: e.conn, ch: e.ch, consumerTag: e.consumerTag },
      );
    }
  }

  private settled(e: Extract<AckEvent, { kind: 'settled' }>): void {
    const d = this.live.get(e.messageId);
    this.note(
      e.messageId,
      e.time,
      EVENT_NAME[e.op],
      `on ${this.where(e.conn, e.ch)}${e.op === 'auto-ack' ? '' : `, delivery tag ${d?.tag ?? e.tag}${e.multiple ? ' (multiple)' : ''}${e.op === 'ack' ? '' : `, requeue ${e.requeue}`}`}`,
    );
    if (!d) return;
    this.live.delete(e.messageId);
    const c = this.chans.get(`${d.conn}:${d.ch}`);
    if (c) {
      c.open.delete(d.tag);
      c.done.set(d.tag, { ...d, op: e.op });
      if (c.done.size > MAX_DONE_PER_CHANNEL) c.done.delete(c.done.keys().next().value!);
    }
    if ((e.op === 'nack' || e.op === 'reject') && !e.requeue) this.pendingDrop.set(e.messageId, { ...d, op: e.op });
    if ((e.op === 'nack' || e.op === 'reject') && e.requeue) this.lastRequeue.set(e.messageId, d);
  }

  private dropped(e: Extract<AckEvent, { kind: 'dropped' }>): void {
    this.note(e.messageId, e.time, 'dropped', `from queue "${e.queue}" (${e.reason})`);
    const d = this.pendingDrop.get(e.messageId);
    this.pendingDrop.delete(e.messageId);
    if (!d || (e.reason !== 'rejected' && e.reason !== 'dlx-unroutable')) return;
    const why = e.reason === 'rejected' ? `queue "${e.queue}" has no dead-letter exchange` : `its dead-letter exchange "${e.exchange}" does not exist`;
    this.finding(
      'message-dropped',
      `${d.op === 'nack' ? 'basic.nack' : 'basic.reject'} with requeue=false discarded the message for good: ${why}. Declare the queue with x-dead-letter-exchange, or requeue.`,
      d,
      e.messageId,
      { type: 'settle', conn: d.conn, ch: d.ch, tag: d.tag, pick: 'last' },
    );
  }

  private channelError(e: Extract<AckEvent, { kind: 'channel-error' }>): void {
    const key = `${e.conn}:${e.ch}`;
    const c = this.chans.get(key);
    if (e.timeout) {
      if (c) c.broken = true;
      const d = c ? [...c.open.values()].sort((a, b) => a.tag - b.tag)[0] : undefined;
      if (!d) return;
      this.finding(
        'consumer-timeout',
        `Delivery ${d.tag} from queue "${d.queue}" was not acknowledged within the consumer timeout; the broker closed ${this.where(e.conn, e.ch)} (${e.text.split('.')[0]}).`,
        d,
        d.messageId,
        { type: 'consume', conn: d.conn, ch: d.ch, consumerTag: d.consumerTag },
      );
      return;
    }
    if (e.unknownTag === undefined) return;
    if (c) c.broken = true;
    this.unknownTag(e.conn, e.ch, e.unknownTag, e.text);
  }

  /** 406 unknown delivery tag: which mistake was it? */
  private unknownTag(conn: number, ch: number, tag: number, text: string): void {
    const c = this.chans.get(`${conn}:${ch}`);
    const here = this.where(conn, ch);
    const settle: SiteHint = { type: 'settle', conn, ch, tag, pick: 'last' };
    const prior = c?.done.get(tag);
    if (prior && prior.op === 'auto-ack') {
      const f = this.finding(
        'ack-in-auto-ack',
        `Delivery ${tag} came from an auto-ack consumer (${prior.consumerTag || 'basic.get'} on queue "${prior.queue}") and was settled anyway; the broker closed ${here} with 406 (${text}).`,
        prior,
        prior.messageId,
        settle,
      );
      f.related.push({ message: 'the auto-ack consume', hint: { type: 'consume', conn, ch, consumerTag: prior.consumerTag } });
      return;
    }
    if (prior) {
      const f = this.finding(
        'double-ack',
        `Delivery ${tag} from queue "${prior.queue}" was settled twice (first ${prior.op}); the broker closed ${here} with 406 (${text}).`,
        prior,
        prior.messageId,
        settle,
      );
      f.related.push({ message: `the first ${prior.op}`, hint: { type: 'settle', conn, ch, tag, pick: 'first' } });
      return;
    }
    const owner = this.ownerOf(conn, ch, tag);
    if (owner) {
      owner.covered = true;
      const f = this.finding(
        'wrong-channel',
        `Delivery tag ${tag} was settled on ${here}, but the delivery (queue "${owner.queue}", consumer ${owner.consumerTag}) arrived on channel ${owner.ch}; the broker closed ${here} with 406 (${text}) and the message stays unacknowledged.`,
        owner,
        owner.messageId,
        settle,
      );
      f.finding.channel = ch;
      f.related.push({
        message: 'the consume the delivery belongs to',
        hint: { type: 'consume', conn: owner.conn, ch: owner.ch, consumerTag: owner.consumerTag },
      });
      return;
    }
    this.finding(
      'unknown-delivery-tag',
      `A settle named delivery tag ${tag}, which ${here} never issued; the broker closed the channel with 406 (${text}).`,
      undefined,
      0,
      settle,
    );
  }

  /** An unsettled delivery with this tag on another channel, the same connection first. */
  private ownerOf(conn: number, ch: number, tag: number): Delivery | undefined {
    let other: Delivery | undefined;
    for (const [key, c] of this.chans) {
      const d = c.open.get(tag);
      if (!d || key === `${conn}:${ch}`) continue;
      if (d.conn === conn) return d;
      other ??= d;
    }
    return other;
  }

  private closeChannel(key: string, reason: string, time: number): void {
    const c = this.chans.get(key);
    if (!c) return;
    this.chans.delete(key);
    const how =
      reason === 'exit'
        ? 'the command exited with the delivery still unacknowledged'
        : reason === 'connection-closed'
          ? 'its connection closed and the broker requeued it'
          : 'its channel closed and the broker requeued it';
    for (const d of c.open.values()) {
      this.live.delete(d.messageId);
      this.note(
        d.messageId,
        time,
        'unsettled-at-close',
        `${this.where(d.conn, d.ch)} ${reason === 'exit' ? 'still open at exit' : `closed (${reason})`} with delivery tag ${d.tag} unsettled`,
      );
      if (c.broken || d.covered) this.accounted.add(d.messageId);
      if (c.broken || d.covered || d.noAck) continue;
      this.finding(
        'missing-ack',
        `Delivery ${d.tag} from queue "${d.queue}" (consumer ${d.consumerTag || 'basic.get'}) was never acknowledged: ${how}.`,
        d,
        d.messageId,
        { type: 'consume', conn: d.conn, ch: d.ch, consumerTag: d.consumerTag },
      );
    }
  }

  // ---------------------------------------------------------------- helpers

  private finding(rule: TestRuleId, message: string, d: Delivery | undefined, messageId: number, hint?: SiteHint): TrackedFinding {
    const meta = TEST_RULES[rule];
    const c = d ? this.conns.get(d.conn) : undefined;
    const finding: AckFinding = {
      rule,
      severity: meta.severity,
      message,
      queue: d?.queue ?? '',
      consumerTag: d?.consumerTag ?? '',
      client: { connectionName: c?.name ?? '', library: c?.client?.product ?? '', version: c?.client?.version ?? '' },
      channel: d?.ch ?? 0,
      deliveryTag: d?.tag ?? 0,
      messageId,
      history: messageId ? [...(this.histories.get(messageId) ?? [])] : [],
      related: [],
      docs: meta.url ?? meta.docs,
    };
    if (messageId) this.accounted.add(messageId);
    const t: TrackedFinding = { finding, hint, related: [] };
    this.found.push(t);
    return t;
  }

  private note(messageId: number, time: number, event: HistoryEntry['event'], detail: string): void {
    let h = this.histories.get(messageId);
    if (!h) {
      h = [];
      this.histories.set(messageId, h);
      if (this.histories.size > MAX_MESSAGES) this.histories.delete(this.histories.keys().next().value!);
    }
    if (h.length < MAX_HISTORY) h.push({ at: Math.max(0, time - this.t0), event, detail });
  }

  private where(conn: number, ch: number): string {
    const name = this.conns.get(conn)?.name;
    return `channel ${ch} of connection ${name ? `"${name}"` : conn}`;
  }

  private conn(id: number, time: number): ConnState {
    let c = this.conns.get(id);
    if (!c) {
      c = { client: undefined, name: '', openedAt: time, closedAt: Infinity };
      this.conns.set(id, c);
    }
    return c;
  }

  private chan(conn: number, ch: number): Chan {
    const key = `${conn}:${ch}`;
    let c = this.chans.get(key);
    if (!c) {
      c = { open: new Map(), done: new Map(), broken: false };
      this.chans.set(key, c);
    }
    return c;
  }
}
