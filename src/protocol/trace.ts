// The stepper's view of a broker run: a flat list of trace events, one per observable
// state change, plus the messages they refer to. Host-agnostic (no vscode, no DOM, no broker
// import): the host converts the broker's event log into these, the webview replays them.

/** Every kind of event the stepper draws. Order matters only for display grouping. */
export const TRACE_KINDS = [
  'connection.open',
  'connection.close',
  'channel.open',
  'channel.close',
  'channel.error',
  'connection.error',
  'exchange.declare',
  'queue.declare',
  'queue.delete',
  'queue.purge',
  'bind',
  'consumer.add',
  'consumer.cancel',
  'qos',
  'publish',
  'route',
  'unroutable',
  'return',
  'confirm',
  'enqueue',
  'deliver',
  'reply',
  'get',
  'get-empty',
  'ack',
  'nack',
  'reject',
  'requeue',
  'recover',
  'expire',
  'dead-letter',
  'drop',
  'clock',
  'hold',
  'note',
] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];
const KIND_SET: ReadonlySet<string> = new Set(TRACE_KINDS);
export function isTraceKind(k: unknown): k is TraceKind {
  return typeof k === 'string' && KIND_SET.has(k);
}

export type QueueType = 'classic' | 'quorum';

/**
 * One step. Only `seq`, `time` and `kind` are always present; the rest depends on the kind:
 * - publish: publisher (actor/channel label), exchange, routingKey, msg
 * - route: exchange, pub, count; unroutable/return: exchange, routingKey, pub, publisher
 * - enqueue: queue, msg, pub (appended to the ready list)
 * - deliver: queue, msg, channel, consumer, tag, redelivered, deliveryCount; get: the same without consumer
 * - reply (direct reply-to): routingKey (the reply name), pub, and channel, consumer, tag when delivered; reason 'dropped' when not
 * - ack/nack/reject: channel, tag, multiple, requeue (nack/reject), msg, queue (one event per settled message)
 * - requeue: queue, msg, redelivered=true, deliveryCount (back to the ready list; position by queue type)
 * - expire/dead-letter/drop: queue, msg, reason (and exchange = the DLX for dead-letter)
 * - consumer.add: queue, channel, consumer, prefetch, noAck; consumer.cancel: consumer, queue
 * - channel.close/channel.error/connection.*: channel or conn, code, text
 * - queue.declare: queue, queueType; exchange.declare: exchange, exchangeType; bind: exchange, queue, routingKey
 * - clock: ms (the virtual clock moved by ms); hold: text; note: text
 */
export interface TraceEvent {
  seq: number;
  time: number;
  kind: TraceKind;
  conn?: string;
  channel?: string;
  publisher?: string;
  exchange?: string;
  exchangeType?: string;
  queue?: string;
  queueType?: QueueType;
  routingKey?: string;
  /** Message copy id (one per queue the publish reached). */
  msg?: number;
  /** Publish id: links a publish to the copies it enqueued. */
  pub?: number;
  consumer?: string;
  tag?: number;
  redelivered?: boolean;
  deliveryCount?: number;
  multiple?: boolean;
  requeue?: boolean;
  noAck?: boolean;
  prefetch?: number;
  reason?: string;
  code?: number;
  text?: string;
  ms?: number;
  /** route: number of queues reached. */
  count?: number;
  /** deliver: held by "hold deliveries" until released. */
  held?: boolean;
}

/** A message's content as shown in the state panel. Body and headers are untrusted text. */
export interface TraceMessage {
  id: number;
  body: string;
  /** true when `body` is base64 of a non-UTF-8 payload. */
  binary?: boolean;
  routingKey?: string;
  exchange?: string;
  properties?: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

/** One narrated step of a scenario: which events it produced and what a learner should notice. */
export interface NarrationStep {
  index: number;
  title: string;
  text: string;
  /** First and last trace seq produced by this step (inclusive); last < first when it produced none. */
  firstSeq: number;
  lastSeq: number;
  docUrl?: string;
  docTitle?: string;
}

export interface ScenarioSummary {
  name: string;
  title: string;
  group: 'tutorial' | 'pitfall';
  summary: string;
  docUrl: string;
}

const FIELD_TYPE: Readonly<Record<string, 'number' | 'string' | 'boolean' | 'kind' | 'queueType'>> = {
  seq: 'number',
  time: 'number',
  msg: 'number',
  pub: 'number',
  tag: 'number',
  deliveryCount: 'number',
  prefetch: 'number',
  code: 'number',
  ms: 'number',
  count: 'number',
  conn: 'string',
  channel: 'string',
  publisher: 'string',
  exchange: 'string',
  exchangeType: 'string',
  queue: 'string',
  routingKey: 'string',
  consumer: 'string',
  reason: 'string',
  text: 'string',
  redelivered: 'boolean',
  multiple: 'boolean',
  requeue: 'boolean',
  noAck: 'boolean',
  held: 'boolean',
  kind: 'kind',
  queueType: 'queueType',
};

/** Checks one event coming over a trust boundary. Returns an error text, or undefined when valid. Runs per event: keep it lean. */
export function traceEventError(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null) return 'event is not an object';
  const e = x as Record<string, unknown>;
  if (!isTraceKind(e.kind)) return `unknown event kind ${JSON.stringify(e.kind)}`;
  const seq = e.seq;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) return 'event seq must be a non-negative integer';
  if (typeof e.time !== 'number' || !Number.isFinite(e.time)) return 'event time must be a finite number';
  for (const k in e) {
    const v = e[k];
    if (v === undefined) continue;
    const t = FIELD_TYPE[k];
    if (t === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `event field ${k} must be a number`;
    } else if (t === 'string') {
      if (typeof v !== 'string') return `event field ${k} must be a string`;
    } else if (t === 'boolean') {
      if (typeof v !== 'boolean') return `event field ${k} must be a boolean`;
    } else if (t === 'queueType') {
      if (v !== 'classic' && v !== 'quorum') return 'event queueType must be classic or quorum';
    } else if (t === undefined) return `unknown event field ${JSON.stringify(k)}`;
  }
  return undefined;
}

export function traceMessageError(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null) return 'message is not an object';
  const m = x as Record<string, unknown>;
  if (typeof m.id !== 'number' || !Number.isInteger(m.id)) return 'message id must be an integer';
  if (typeof m.body !== 'string') return 'message body must be a string';
  if (m.binary !== undefined && typeof m.binary !== 'boolean') return 'message binary must be a boolean';
  for (const f of ['routingKey', 'exchange'] as const) if (m[f] !== undefined && typeof m[f] !== 'string') return `message ${f} must be a string`;
  for (const f of ['properties', 'headers'] as const) {
    if (m[f] !== undefined && (typeof m[f] !== 'object' || m[f] === null || Array.isArray(m[f]))) return `message ${f} must be an object`;
  }
  return undefined;
}

export function narrationError(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null) return 'narration step is not an object';
  const n = x as Record<string, unknown>;
  for (const f of ['index', 'firstSeq', 'lastSeq'] as const) if (typeof n[f] !== 'number') return `narration ${f} must be a number`;
  for (const f of ['title', 'text'] as const) if (typeof n[f] !== 'string') return `narration ${f} must be a string`;
  for (const f of ['docUrl', 'docTitle'] as const) if (n[f] !== undefined && typeof n[f] !== 'string') return `narration ${f} must be a string`;
  if (typeof n.docUrl === 'string' && !/^https:\/\//.test(n.docUrl)) return 'narration docUrl must be an https URL';
  return undefined;
}
