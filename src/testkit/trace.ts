// The side channel of the trace hooks: each hooked client process appends one JSON line per
// consume / ack / nack / reject call to the file named by ACKLAB_TRACE_FILE, with the call site
// and the client socket's local port (which the broker sees as the connection's remote port).
// The file is written by the user's code, so every line is checked and bad ones are skipped.
import { readFileSync, statSync } from 'node:fs';

/** A call site (1-based line and column), absolute path as the client saw it. */
export interface Site {
  file: string;
  line: number;
  column: number;
  function?: string;
}

export interface TraceRecord {
  op: 'consume' | 'ack' | 'nack' | 'reject';
  /** Local port of the client's socket. */
  port: number;
  /** Channel number. */
  ch: number;
  /** consume: the consumer tag (server- or client-chosen); settles: ''. */
  consumerTag: string;
  /** settles: the delivery tag (0 with multiple = all). */
  tag: number;
  multiple: boolean;
  /** Wall-clock ms when the call was made. */
  t: number;
  site: Site;
  /** consume only: where the handler function is defined, when the language can tell (Python). */
  handler?: Site;
  /** e.g. 'amqplib', 'pika'. */
  lib: string;
}

/** Environment variable naming the trace file the hooks append to. */
export const TRACE_ENV = 'ACKLAB_TRACE_FILE';

const MAX_TRACE_BYTES = 256 * 1024 * 1024;
const OPS = new Set(['consume', 'ack', 'nack', 'reject']);

function site(v: unknown): Site | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.file !== 'string' || !Number.isInteger(o.line) || (o.line as number) < 1) return undefined;
  const column = Number.isInteger(o.column) && (o.column as number) >= 1 ? (o.column as number) : 1;
  return { file: o.file, line: o.line as number, column, ...(typeof o.function === 'string' && o.function ? { function: o.function } : {}) };
}

/** One line of the trace file, or undefined when it is not a valid record. */
export function parseTraceLine(line: string): TraceRecord | undefined {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof o !== 'object' || o === null || !OPS.has(o.op as string)) return undefined;
  const s = site(o.site);
  if (!s || !Number.isInteger(o.port) || !Number.isInteger(o.ch) || typeof o.t !== 'number') return undefined;
  const handler = site(o.handler);
  return {
    op: o.op as TraceRecord['op'],
    port: o.port as number,
    ch: o.ch as number,
    consumerTag: typeof o.consumerTag === 'string' ? o.consumerTag : '',
    tag: Number.isInteger(o.tag) ? (o.tag as number) : 0,
    multiple: o.multiple === true,
    t: o.t,
    site: s,
    ...(handler ? { handler } : {}),
    lib: typeof o.lib === 'string' ? o.lib : '',
  };
}

/** Reads the records of a trace file (missing file: none; oversized: the first 256 MiB). */
export function readTraceFile(path: string): TraceRecord[] {
  let text: string;
  try {
    if (statSync(path).size > MAX_TRACE_BYTES) text = readFileSync(path).subarray(0, MAX_TRACE_BYTES).toString('utf8');
    else text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: TraceRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const r = parseTraceLine(line);
    if (r) out.push(r);
  }
  return out;
}
