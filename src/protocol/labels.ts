// Plain-text labels of trace events and times: the stepper's diagram, list, exports and
// screen-reader text (webview/) and `acklab scenario` (src/cli/) show the same words. Pure, no DOM.
import type { TraceEvent } from './trace';

const short = (s: string | undefined, n = 24): string => (s === undefined ? '' : s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A direct reply-to name (amq.rabbitmq.reply-to.…): the default exchange hands it to a reply consumer, no queue. */
export function isReplyName(routingKey: string | undefined): boolean {
  return routingKey !== undefined && routingKey.startsWith('amq.rabbitmq.reply-to.');
}

/** The pseudo-queue a direct reply-to consumer consumes from (it holds no messages). */
export function isReplyPseudoQueue(queue: string | undefined): boolean {
  return queue === 'amq.rabbitmq.reply-to';
}

/** deliver / get-ok: tag, message, and RabbitMQ's words for the redelivered flag and the delivery count. */
function deliveryLabel(e: TraceEvent, m: string): string {
  const parts = [`${e.kind === 'get' ? 'get-ok' : 'deliver'} tag ${e.tag ?? '?'}${m}`];
  // the delivery count is quorum queues' x-delivery-count + 1
  if (e.redelivered) parts.push((e.deliveryCount ?? 1) > 1 ? `redelivered (delivery ${e.deliveryCount})` : 'redelivered');
  else if ((e.deliveryCount ?? 1) > 1) parts.push(`(delivery ${e.deliveryCount})`);
  if (e.noAck) parts.push('auto-ack');
  if (e.held) parts.push('held');
  return parts.join(' ');
}

/** Plain-text label of an event (used in the diagram, the list, exports and screen-reader text). */
export function eventLabel(e: TraceEvent): string {
  const m = e.msg !== undefined ? ` m${e.msg}` : '';
  switch (e.kind) {
    case 'publish':
      return `publish '${short(e.routingKey)}'${e.pub !== undefined ? ` p${e.pub}` : ''}`;
    case 'route':
      return `routed to ${e.count ?? 0} queue${e.count === 1 ? '' : 's'}`;
    case 'unroutable':
      // a direct reply-to reply reaches no queue by design: RabbitMQ counts it unroutable, it is not lost
      return isReplyName(e.routingKey) ? 'no queue: direct reply-to' : `unroutable '${short(e.routingKey)}'`;
    case 'return':
      return `basic.return ${e.code ?? 312} ${e.text ?? 'NO_ROUTE'}`;
    case 'confirm':
      return `confirm ${e.reason === 'nack' ? 'nack' : 'ack'} seq ${e.tag ?? '?'}${e.multiple ? ' multiple' : ''}`;
    case 'enqueue':
      return `enqueue${m}`;
    case 'deliver':
    case 'get':
      return deliveryLabel(e, m);
    case 'get-empty':
      return 'get-empty';
    case 'reply':
      return e.reason === 'dropped' ? 'reply dropped: its requester is gone' : `reply tag ${e.tag ?? '?'} (direct reply-to)`;
    case 'ack':
      return `ack tag ${e.tag ?? '?'}${e.multiple ? ' multiple' : ''}${m}`;
    case 'nack':
      return `nack tag ${e.tag ?? '?'}${e.multiple ? ' multiple' : ''}${e.requeue ? ' requeue' : ''}${m}`;
    case 'reject':
      return `reject tag ${e.tag ?? '?'}${e.requeue ? ' requeue' : ''}${m}`;
    case 'requeue':
      return `requeue${m}${e.reason ? ` (${e.reason})` : ''}`;
    case 'recover':
      return `basic.recover ${e.channel ?? ''}`;
    case 'expire':
      return `expired${m}`;
    case 'dead-letter':
      return `dead-letter${m} (${e.reason ?? '?'})`;
    case 'drop':
      return `dropped${m} (${e.reason ?? '?'})`;
    case 'consumer.add':
      return `basic.consume${e.noAck ? ' auto-ack' : e.prefetch ? ` prefetch ${e.prefetch}` : ' (no prefetch limit)'}`;
    case 'consumer.cancel':
      return `basic.cancel ${shortConsumerTag(e.consumer ?? '')}`;
    case 'qos':
      return `basic.qos ${e.prefetch ?? 0} on ${e.channel ?? '?'}`;
    case 'queue.declare':
      return `queue.declare${e.queueType ? ` (${e.queueType})` : ''}`;
    case 'queue.delete':
      return 'queue.delete';
    case 'queue.purge':
      return 'queue.purge';
    case 'exchange.declare':
      return `exchange.declare ${e.exchangeType ?? ''}`.trim();
    case 'bind':
      return `bind '${short(e.routingKey)}'`;
    case 'channel.open':
      return `channel ${e.channel ?? ''} opened`;
    case 'channel.close':
      return `channel ${e.channel ?? ''} closed${e.text ? `: ${e.text}` : ''}`;
    case 'channel.error':
      return `channel ${e.channel ?? ''} error ${e.code ?? ''} ${e.text ?? ''}`.trim();
    case 'connection.open':
      return `connection ${e.conn ?? ''} opened${e.text ? ` (${e.text})` : ''}`;
    case 'connection.close':
      return `connection ${e.conn ?? ''} closed${e.text ? `: ${e.text}` : ''}`;
    case 'connection.error':
      return `connection error ${e.code ?? ''} ${e.text ?? ''}`.trim();
    case 'clock':
      return `clock +${formatMs(e.ms ?? 0)}`;
    case 'hold':
      return e.text ?? 'hold';
    case 'note':
      return e.text ?? '';
  }
}

/** Times at or above this (1 Jan 2001) are wall-clock epoch milliseconds; below, a scenario's virtual clock. */
const WALL_CLOCK_FROM = 978_307_200_000;

/** A trace time: `30 min`, `1500 ms` on a scenario's virtual clock; the local time of day for a live broker. */
export function formatMs(ms: number): string {
  // A live broker runs on the wall clock (epoch ms): show the time of day, not 1795331743317 ms.
  if (ms >= WALL_CLOCK_FROM) {
    const d = new Date(ms);
    const p = (n: number, w = 2): string => String(n).padStart(w, '0');
    return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
  }
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/**
 * What the time column says for an event, given the previous event's time: on a scenario's virtual clock only
 * when the clock moved (`+30 min`), so steps at the same instant show just their number; on a live broker's wall
 * clock, the time of day.
 */
export function timeNote(time: number, previous: number | undefined): string | undefined {
  if (time >= WALL_CLOCK_FROM) return formatMs(time);
  return previous !== undefined && time > previous ? `+${formatMs(time - previous)}` : undefined;
}

/** An event's time worth showing: the time of day on a live broker; on a virtual clock `30 min`, or nothing at 0. */
export function eventTime(time: number): string | undefined {
  return time >= WALL_CLOCK_FROM || time > 0 ? formatMs(time) : undefined;
}

/**
 * A consumer tag short enough for a table cell: server-generated tags (`amq.ctag-CblzSNq…`, 32+ characters)
 * keep their prefix and a few distinguishing characters. Show the full tag on hover (a title).
 */
export function shortConsumerTag(tag: string, max = 18): string {
  return tag.length > max ? `${tag.slice(0, max - 1)}…` : tag;
}
