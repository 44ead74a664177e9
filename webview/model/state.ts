// The broker state at one step, rebuilt from the trace by a reducer. `apply` mutates a state
// in place (stepping forward is O(1)); `cloneState` copies it for checkpoints (entries are
// immutable and shared, only containers are copied).
import type { QueueType, TraceEvent } from '../../src/protocol/trace';

export interface UnackedEntry {
  readonly msg: number;
  readonly tag: number;
  readonly channel: string;
  /** Consumer tag, or undefined for a basic.get delivery. */
  readonly consumer: string | undefined;
  readonly queue: string;
  readonly redelivered: boolean;
  readonly deliveryCount: number;
  readonly deliveredAt: number;
}

export interface Counters {
  enqueued: number;
  delivered: number;
  redelivered: number;
  acked: number;
  nacked: number;
  rejected: number;
  requeued: number;
  expired: number;
  deadLettered: number;
  dropped: number;
}
const zeroCounters = (): Counters => ({
  enqueued: 0,
  delivered: 0,
  redelivered: 0,
  acked: 0,
  nacked: 0,
  rejected: 0,
  requeued: 0,
  expired: 0,
  deadLettered: 0,
  dropped: 0,
});

export interface QueueState {
  name: string;
  type: QueueType;
  /** Ready messages from index `head` on, in delivery order (a deque: delivering from the head is O(1)). */
  ready: number[];
  head: number;
  /** Quorum queues: messages returned (nack/requeue), served before `ready`, in return order. */
  returns: number[];
  /** Unacked deliveries from this queue keyed by "channel#tag". */
  unacked: Map<string, UnackedEntry>;
  /** Ready messages that were delivered before (requeued), with their delivery count so far. */
  requeued: Map<number, number>;
  counters: Counters;
  deleted: boolean;
}

export interface ConsumerState {
  tag: string;
  queue: string;
  channel: string;
  prefetch: number;
  noAck: boolean;
  unacked: number;
  active: boolean;
}

export interface StepState {
  /** Number of events applied. */
  applied: number;
  time: number;
  queues: Map<string, QueueState>;
  consumers: Map<string, ConsumerState>;
  /** Every unacked delivery keyed by "channel#tag". */
  unacked: Map<string, UnackedEntry>;
  closedChannels: Map<string, string>;
  totals: Counters & { published: number; unroutable: number; returned: number; confirms: number; errors: number };
  lastError: string | undefined;
}

export function emptyState(): StepState {
  return {
    applied: 0,
    time: 0,
    queues: new Map(),
    consumers: new Map(),
    unacked: new Map(),
    closedChannels: new Map(),
    totals: { ...zeroCounters(), published: 0, unroutable: 0, returned: 0, confirms: 0, errors: 0 },
    lastError: undefined,
  };
}

export function cloneState(s: StepState): StepState {
  const queues = new Map<string, QueueState>();
  for (const [k, q] of s.queues) {
    queues.set(k, {
      ...q,
      ready: q.ready.slice(q.head),
      head: 0,
      returns: q.returns.slice(),
      unacked: new Map(q.unacked),
      requeued: new Map(q.requeued),
      counters: { ...q.counters },
    });
  }
  const consumers = new Map<string, ConsumerState>();
  for (const [k, c] of s.consumers) consumers.set(k, { ...c });
  return { ...s, queues, consumers, unacked: new Map(s.unacked), closedChannels: new Map(s.closedChannels), totals: { ...s.totals } };
}

/** Rough size of a state, to space checkpoints so their total memory stays proportional to the log. */
export function stateWeight(s: StepState): number {
  let w = 8 + s.consumers.size + s.unacked.size;
  for (const q of s.queues.values()) w += q.ready.length - q.head + q.returns.length + q.unacked.size + q.requeued.size;
  return w;
}

export const key = (channel: string, tag: number): string => `${channel}#${tag}`;

function queueOf(s: StepState, name: string, type: QueueType = 'classic'): QueueState {
  let q = s.queues.get(name);
  if (!q) {
    q = { name, type, ready: [], head: 0, returns: [], unacked: new Map(), requeued: new Map(), counters: zeroCounters(), deleted: false };
    s.queues.set(name, q);
  }
  return q;
}

function removeReady(q: QueueState, msg: number): boolean {
  q.requeued.delete(msg);
  let i = q.returns.indexOf(msg);
  if (i >= 0) {
    q.returns.splice(i, 1);
    return true;
  }
  if (q.ready[q.head] === msg) {
    q.head++;
    if (q.head === q.ready.length) {
      q.ready = [];
      q.head = 0;
    } else if (q.head > 1024 && q.head * 2 > q.ready.length) {
      q.ready = q.ready.slice(q.head);
      q.head = 0;
    }
    return true;
  }
  i = q.ready.indexOf(msg, q.head);
  if (i >= 0) {
    q.ready.splice(i, 1);
    return true;
  }
  return false;
}

/**
 * Insert at the message's original position among ready messages (classic queue requeue).
 * Message ids are allocated at enqueue and only grow, so within a queue id order is enqueue order.
 */
function insertByOrder(q: QueueState, msg: number): void {
  let lo = q.head,
    hi = q.ready.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (q.ready[mid]! < msg) lo = mid + 1;
    else hi = mid;
  }
  if (lo === q.head && q.head > 0) {
    q.ready[--q.head] = msg;
    return;
  }
  q.ready.splice(lo, 0, msg);
}

/** Find the unacked entry an ack/nack/reject/requeue refers to. */
function findUnacked(s: StepState, e: TraceEvent): UnackedEntry | undefined {
  if (e.channel !== undefined && e.tag !== undefined) {
    const u = s.unacked.get(key(e.channel, e.tag));
    if (u && (e.msg === undefined || u.msg === e.msg)) return u;
  }
  if (e.msg !== undefined) {
    for (const u of (e.queue ? s.queues.get(e.queue)?.unacked.values() : s.unacked.values()) ?? []) if (u.msg === e.msg) return u;
  }
  return undefined;
}

function settle(s: StepState, u: UnackedEntry): void {
  s.unacked.delete(key(u.channel, u.tag));
  const q = s.queues.get(u.queue);
  q?.unacked.delete(key(u.channel, u.tag));
  if (u.consumer !== undefined) {
    const c = s.consumers.get(u.consumer);
    if (c && c.unacked > 0) c.unacked--;
  }
}

/** Applies one event. Returns the unacked entry it settled or requeued, if any (for labels). */
export function apply(s: StepState, e: TraceEvent): UnackedEntry | undefined {
  s.applied++;
  // A clock event is logged at the time the clock left; the state is at the time it jumped to.
  s.time = e.kind === 'clock' ? e.time + (e.ms ?? 0) : e.time;
  switch (e.kind) {
    case 'queue.declare':
    case 'queue.delete':
    case 'queue.purge':
      applyQueueChange(s, e);
      return undefined;
    case 'publish':
      s.totals.published++;
      return undefined;
    case 'unroutable':
      s.totals.unroutable++;
      return undefined;
    case 'return':
      s.totals.returned++;
      return undefined;
    case 'confirm':
      s.totals.confirms++;
      return undefined;
    case 'enqueue':
      applyEnqueue(s, e);
      return undefined;
    case 'deliver':
    case 'get':
      applyDeliver(s, e);
      return undefined;
    case 'ack':
    case 'nack':
    case 'reject':
      return applySettle(s, e, e.kind);
    case 'requeue':
      return applyRequeue(s, e);
    case 'expire':
    case 'dead-letter':
    case 'drop':
      return applyLoss(s, e, e.kind);
    default:
      applyClientChange(s, e);
      return undefined;
  }
}

function applyQueueChange(s: StepState, e: TraceEvent): void {
  if (e.queue === undefined) return;
  if (e.kind === 'queue.declare') {
    const q = queueOf(s, e.queue, e.queueType);
    if (e.queueType) q.type = e.queueType;
    q.deleted = false;
    return;
  }
  const q = s.queues.get(e.queue);
  if (!q) return;
  if (e.kind === 'queue.delete') q.deleted = true;
  q.ready = [];
  q.head = 0;
  q.returns = [];
  q.requeued.clear();
}

function applyEnqueue(s: StepState, e: TraceEvent): void {
  if (e.queue === undefined || e.msg === undefined) return;
  const q = queueOf(s, e.queue);
  q.ready.push(e.msg);
  q.counters.enqueued++;
  s.totals.enqueued++;
}

function applyDeliver(s: StepState, e: TraceEvent): void {
  if (e.queue === undefined || e.msg === undefined) return;
  const q = queueOf(s, e.queue);
  removeReady(q, e.msg);
  q.counters.delivered++;
  s.totals.delivered++;
  if (e.redelivered) {
    q.counters.redelivered++;
    s.totals.redelivered++;
  }
  const c = e.consumer !== undefined ? s.consumers.get(e.consumer) : undefined;
  const noAck = e.noAck ?? c?.noAck ?? false;
  if (noAck || e.channel === undefined || e.tag === undefined) return;
  const u: UnackedEntry = {
    msg: e.msg,
    tag: e.tag,
    channel: e.channel,
    consumer: e.kind === 'deliver' ? e.consumer : undefined,
    queue: e.queue,
    redelivered: e.redelivered ?? false,
    deliveryCount: e.deliveryCount ?? 1,
    deliveredAt: e.time,
  };
  s.unacked.set(key(u.channel, u.tag), u);
  q.unacked.set(key(u.channel, u.tag), u);
  if (c && e.kind === 'deliver') c.unacked++;
}

function applySettle(s: StepState, e: TraceEvent, kind: 'ack' | 'nack' | 'reject'): UnackedEntry | undefined {
  const u = findUnacked(s, e);
  if (!u) return undefined;
  settle(s, u);
  const q = s.queues.get(u.queue);
  const field = kind === 'ack' ? 'acked' : kind === 'nack' ? 'nacked' : 'rejected';
  if (q) q.counters[field]++;
  s.totals[field]++;
  return u;
}

function applyRequeue(s: StepState, e: TraceEvent): UnackedEntry | undefined {
  if (e.queue === undefined || e.msg === undefined) return undefined;
  const u = findUnacked(s, e);
  if (u) settle(s, u);
  const q = queueOf(s, e.queue);
  removeReady(q, e.msg);
  if (q.type === 'quorum') q.returns.push(e.msg);
  else insertByOrder(q, e.msg);
  q.requeued.set(e.msg, e.deliveryCount ?? u?.deliveryCount ?? 1);
  q.counters.requeued++;
  s.totals.requeued++;
  return u;
}

function applyLoss(s: StepState, e: TraceEvent, kind: 'expire' | 'dead-letter' | 'drop'): UnackedEntry | undefined {
  if (e.queue === undefined || e.msg === undefined) return undefined;
  const q = queueOf(s, e.queue);
  const u = findUnacked(s, { ...e, channel: undefined, tag: undefined });
  if (u) settle(s, u);
  removeReady(q, e.msg);
  const field = kind === 'expire' ? 'expired' : kind === 'dead-letter' ? 'deadLettered' : 'dropped';
  q.counters[field]++;
  s.totals[field]++;
  return u;
}

/** Consumers, errors and closes: what the clients did to their channels and connections. */
function applyClientChange(s: StepState, e: TraceEvent): void {
  switch (e.kind) {
    case 'consumer.add':
      if (e.consumer === undefined || e.queue === undefined) return;
      queueOf(s, e.queue);
      s.consumers.set(e.consumer, {
        tag: e.consumer,
        queue: e.queue,
        channel: e.channel ?? '?',
        prefetch: e.prefetch ?? 0,
        noAck: e.noAck ?? false,
        unacked: 0,
        active: true,
      });
      return;
    case 'consumer.cancel': {
      const c = e.consumer !== undefined ? s.consumers.get(e.consumer) : undefined;
      if (c) c.active = false;
      return;
    }
    case 'channel.error':
    case 'connection.error':
      s.totals.errors++;
      s.lastError = `${e.code ?? ''} ${e.text ?? ''}`.trim();
      return;
    case 'channel.close':
      if (e.channel === undefined) return;
      s.closedChannels.set(e.channel, e.text ?? 'closed');
      for (const c of s.consumers.values()) if (c.channel === e.channel) c.active = false;
      return;
    case 'connection.close':
      if (e.conn === undefined) return;
      for (const c of s.consumers.values()) if (c.channel.startsWith(`${e.conn}/`)) c.active = false;
      return;
    default:
      return;
  }
}

/** Ready messages in delivery order (quorum returns first). */
export function readyInOrder(q: QueueState): number[] {
  return q.returns.length ? [...q.returns, ...q.ready.slice(q.head)] : q.ready.slice(q.head);
}

export function readyCount(q: QueueState): number {
  return q.returns.length + q.ready.length - q.head;
}

/** The first `limit` ready messages in delivery order (for display). */
export function readyHead(q: QueueState, limit: number): number[] {
  const out = q.returns.slice(0, limit);
  for (let i = q.head; i < q.ready.length && out.length < limit; i++) out.push(q.ready[i]!);
  return out;
}
