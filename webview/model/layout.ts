// Sequence-diagram layout: lanes (publishers, exchanges, queues, consumers) and, per event, an
// arrow between two lanes, a mark on one lane, or a note across all of them. Rows have a fixed
// height, so the rows on screen are found arithmetically (virtualised rendering).
import { eventLabel, isReplyName } from '../../src/protocol/labels';
import type { TraceEvent } from '../../src/protocol/trace';

export type LaneKind = 'publisher' | 'exchange' | 'queue' | 'consumer';
const GROUP: Record<LaneKind, number> = { publisher: 0, exchange: 1, queue: 2, consumer: 3 };

export interface Lane {
  id: string;
  kind: LaneKind;
  label: string;
  index: number;
}

export type RowShape =
  | { shape: 'arrow'; from: number; to: number; label: string; style: string }
  | { shape: 'mark'; lane: number; label: string; style: string }
  | { shape: 'note'; label: string; style: string };

export const ROW_HEIGHT = 26;
export const LANE_WIDTH = 150;
export const HEADER_HEIGHT = 40;

export const DEFAULT_EXCHANGE = '(default)';

/** Lane ids an event touches, in the order they should appear. */
export function lanesOf(e: TraceEvent): Array<[LaneKind, string]> {
  const x = (n: string | undefined): [LaneKind, string] => ['exchange', n === undefined || n === '' ? DEFAULT_EXCHANGE : n];
  const pub = (): [LaneKind, string] => ['publisher', e.publisher ?? e.channel ?? e.conn ?? 'publisher'];
  const consumer = (): [LaneKind, string] | undefined =>
    e.consumer !== undefined ? ['consumer', e.consumer] : e.channel !== undefined ? ['consumer', `basic.get ${e.channel}`] : undefined;
  const out: Array<[LaneKind, string] | undefined> = [];
  switch (e.kind) {
    case 'publish':
      out.push(pub(), x(e.exchange));
      break;
    case 'route':
    case 'unroutable':
    case 'exchange.declare':
      out.push(x(e.exchange));
      break;
    case 'return':
    case 'confirm':
      out.push(x(e.exchange), pub());
      break;
    case 'enqueue':
    case 'bind':
      out.push(x(e.exchange), e.queue !== undefined ? ['queue', e.queue] : undefined);
      break;
    case 'dead-letter':
      out.push(e.queue !== undefined ? ['queue', e.queue] : undefined, x(e.exchange));
      break;
    case 'queue.declare':
    case 'queue.delete':
    case 'queue.purge':
    case 'requeue':
    case 'expire':
    case 'drop':
    case 'get-empty':
      out.push(e.queue !== undefined ? ['queue', e.queue] : undefined);
      break;
    case 'deliver':
    case 'get':
    case 'consumer.add':
      out.push(e.queue !== undefined ? ['queue', e.queue] : undefined, consumer());
      break;
    case 'reply':
      // direct reply-to: from the default exchange straight to the reply consumer, no queue between
      out.push(x(e.exchange), e.consumer !== undefined ? consumer() : undefined);
      break;
    case 'ack':
    case 'nack':
    case 'reject':
      out.push(consumer(), e.queue !== undefined ? ['queue', e.queue] : undefined);
      break;
    case 'consumer.cancel':
      out.push(consumer());
      break;
    case 'hold':
      if (e.consumer !== undefined) out.push(consumer());
      break;
    default:
      break;
  }
  return out.filter((l): l is [LaneKind, string] => l !== undefined);
}

/** Lanes in display order; grows as events arrive. Indexes are recomputed when a lane is added. */
export class Lanes {
  private readonly byKind: Record<LaneKind, Map<string, Lane>> = { publisher: new Map(), exchange: new Map(), queue: new Map(), consumer: new Map() };
  private ordered: Lane[] = [];
  private version = 0;

  get list(): readonly Lane[] {
    return this.ordered;
  }
  get changes(): number {
    return this.version;
  }

  /** Hot path (every event): only looks up the lanes an event touches, allocates nothing when they exist. */
  observe(e: TraceEvent): void {
    switch (e.kind) {
      case 'publish':
        this.pub(e);
        this.ex(e.exchange);
        break;
      case 'route':
      case 'unroutable':
      case 'exchange.declare':
        this.ex(e.exchange);
        break;
      case 'return':
      case 'confirm':
        this.ex(e.exchange);
        this.pub(e);
        break;
      case 'enqueue':
      case 'bind':
        this.ex(e.exchange);
        this.q(e.queue);
        break;
      case 'dead-letter':
        this.q(e.queue);
        this.ex(e.exchange);
        break;
      case 'deliver':
      case 'get':
      case 'consumer.add':
        this.q(e.queue);
        this.cons(e);
        break;
      case 'ack':
      case 'nack':
      case 'reject':
        this.cons(e);
        this.q(e.queue);
        break;
      case 'queue.declare':
      case 'queue.delete':
      case 'queue.purge':
      case 'requeue':
      case 'expire':
      case 'drop':
      case 'get-empty':
        this.q(e.queue);
        break;
      case 'consumer.cancel':
        this.cons(e);
        break;
      case 'reply':
        this.ex(e.exchange);
        if (e.consumer !== undefined) this.cons(e);
        break;
      case 'hold':
        if (e.consumer !== undefined) this.cons(e);
        break;
      default:
        break;
    }
  }

  private pub(e: TraceEvent): void {
    this.add('publisher', e.publisher ?? e.channel ?? e.conn ?? 'publisher');
  }
  private ex(name: string | undefined): void {
    this.add('exchange', name === undefined || name === '' ? DEFAULT_EXCHANGE : name);
  }
  private q(name: string | undefined): void {
    if (name !== undefined) this.add('queue', name);
  }
  private cons(e: TraceEvent): void {
    if (e.consumer !== undefined) this.add('consumer', e.consumer);
    else if (e.channel !== undefined) this.add('consumer', `basic.get ${e.channel}`);
  }

  private add(kind: LaneKind, label: string): void {
    const m = this.byKind[kind];
    if (m.has(label)) return;
    const lane: Lane = { id: `${kind}:${label}`, kind, label, index: 0 };
    m.set(label, lane);
    // Insert after the last lane of the same or an earlier group (stable by first appearance).
    let at = this.ordered.length;
    while (at > 0 && GROUP[this.ordered[at - 1]!.kind] > GROUP[kind]) at--;
    this.ordered.splice(at, 0, lane);
    this.ordered.forEach((l, i) => {
      l.index = i;
    });
    this.version++;
  }

  index(kind: LaneKind, label: string): number | undefined {
    return this.byKind[kind].get(label)?.index;
  }

  get width(): number {
    return Math.max(1, this.ordered.length) * LANE_WIDTH;
  }
}

export function laneX(index: number): number {
  return index * LANE_WIDTH + LANE_WIDTH / 2;
}

/** CSS class of an event (colour, dash): settles green, requeues orange, errors red, etc. */
export function eventStyle(e: TraceEvent): string {
  switch (e.kind) {
    case 'ack':
    case 'confirm':
      return 'ok';
    case 'nack':
    case 'reject':
    case 'requeue':
    case 'recover':
      return 'warn';
    case 'deliver':
    case 'get':
      return e.redelivered ? 'redeliver' : 'deliver';
    case 'reply':
      return e.reason === 'dropped' ? 'loss' : 'deliver';
    case 'unroutable':
      return isReplyName(e.routingKey) ? 'plain' : 'loss';
    case 'expire':
    case 'dead-letter':
    case 'drop':
    case 'return':
      return 'loss';
    case 'channel.error':
    case 'connection.error':
    case 'channel.close':
    case 'connection.close':
      return 'error';
    case 'consumer.add':
    case 'consumer.cancel':
    case 'bind':
    case 'queue.declare':
    case 'exchange.declare':
    case 'qos':
      return 'setup';
    default:
      return 'plain';
  }
}

export function rowShape(e: TraceEvent, lanes: Lanes): RowShape {
  const label = eventLabel(e);
  const style = eventStyle(e);
  const ids = lanesOf(e)
    .map(([k, l]) => lanes.index(k, l))
    .filter((i): i is number => i !== undefined);
  if (ids.length >= 2 && ids[0] !== ids[1]) return { shape: 'arrow', from: ids[0]!, to: ids[1]!, label, style };
  if (ids.length >= 1) return { shape: 'mark', lane: ids[0]!, label, style };
  return { shape: 'note', label, style };
}

/** Rows [first, last) to render for a viewport, with `overscan` extra rows either side. */
export function visibleRows(scrollTop: number, viewportHeight: number, total: number, overscan = 5): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewportHeight) / ROW_HEIGHT) + overscan);
  return { first, last: Math.max(first, last) };
}

/**
 * scrollTop that brings row i into view, or undefined when it is visible with `margin` rows of context. Like an
 * editor's cursor: a row just past an edge (stepping) scrolls by the few rows needed, so consecutive steps move the
 * view smoothly and redraw one row each; a row far away (a jump) is centred.
 */
export function scrollToReveal(i: number, scrollTop: number, viewportHeight: number, margin = 3): number | undefined {
  const top = i * ROW_HEIGHT;
  const m = Math.min(margin * ROW_HEIGHT, Math.max(0, Math.floor((viewportHeight - ROW_HEIGHT) / 2)));
  const lo = scrollTop + m,
    hi = scrollTop + viewportHeight - m;
  if (top >= lo && top + ROW_HEIGHT <= hi) return undefined;
  const near = 2 * margin * ROW_HEIGHT;
  let next: number;
  if (top < lo && top >= lo - near) next = Math.max(0, top - m);
  else if (top + ROW_HEIGHT > hi && top + ROW_HEIGHT <= hi + near) next = Math.max(0, top + ROW_HEIGHT + m - viewportHeight);
  else next = Math.max(0, top - Math.floor(viewportHeight / 2));
  return next === scrollTop ? undefined : next;
}
