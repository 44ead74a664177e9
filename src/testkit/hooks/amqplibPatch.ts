// Trace hook for Node's amqplib, loaded into the user's test process by amqplib.ts (NODE_OPTIONS=--require,
// `acklab test --trace`) or in-process (startBroker({ trace: true })). It patches amqplib's base
// channel, shared by the promise and callback APIs, to record where consume, ack, nack and reject are
// called, and appends one JSON line per call to ACKLAB_TRACE_FILE (see ../trace.ts for the format).
// It must not throw into the user's code, ever.
import { appendFileSync } from 'node:fs';
import Module from 'node:module';
import { fileURLToPath } from 'node:url';

export type TraceWriter = (record: Record<string, unknown>) => void;

// amqplib's method ids (lib/defs.js): class 60 (basic) << 16 | method
const BASIC_CONSUME = 3932180,
  BASIC_ACK = 3932240,
  BASIC_REJECT = 3932250,
  BASIC_NACK = 3932280;
const OPS: Record<number, string> = { [BASIC_ACK]: 'ack', [BASIC_REJECT]: 'reject', [BASIC_NACK]: 'nack' };
const PATCHED = Symbol.for('acklab.trace.patched');
const CHANNEL_FILE = /[\\/]amqplib[\\/]lib[\\/]channel\.js$/;
const SKIP = /[\\/]node_modules[\\/]amqplib[\\/]|[\\/]amqplib[\\/]lib[\\/]|[\\/]hooks[\\/]amqplib\.js|[\\/]testkit[\\/]hooks[\\/]|^node:|^internal[\\/]/;
const FRAME = /^\s*at (?:async )?(?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

interface Frame {
  file: string;
  line: number;
  column: number;
  function?: string;
}

/** The first stack frame in the user's code (not amqplib, not this hook, not Node's internals). */
export function userFrame(stack: string | undefined): Frame | undefined {
  for (const l of (stack ?? '').split('\n').slice(1)) {
    const m = FRAME.exec(l);
    if (!m) continue;
    let file = m[2]!;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    if (SKIP.test(file)) continue;
    const fn = m[1] && !m[1].startsWith('new ') ? m[1] : undefined;
    return { file, line: Number(m[3]), column: Number(m[4]), ...(fn ? { function: fn } : {}) };
  }
  return undefined;
}

function callSite(): Frame | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  try {
    return userFrame(new Error().stack);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

interface AmqplibChannel {
  ch: number;
  connection?: { stream?: { localPort?: number } };
}
type Fn = (this: AmqplibChannel, ...args: unknown[]) => unknown;

function patchChannelModule(exp: unknown, write: TraceWriter): void {
  const Base = (exp as { BaseChannel?: { prototype: Record<string | symbol, unknown> } } | undefined)?.BaseChannel;
  const proto = Base?.prototype;
  if (!proto || proto[PATCHED] || typeof proto._rpc !== 'function' || typeof proto.sendImmediately !== 'function') return;
  proto[PATCHED] = true;
  const rpc = proto._rpc as Fn,
    send = proto.sendImmediately as Fn;
  const emit = (ch: AmqplibChannel, rec: Record<string, unknown>) => {
    try {
      const port = ch.connection?.stream?.localPort;
      if (typeof port === 'number') write({ ...rec, port, ch: ch.ch, t: Date.now(), lib: 'amqplib' });
    } catch {
      /* tracing never breaks the user's code */
    }
  };
  proto._rpc = function (this: AmqplibChannel, method: unknown, fields: unknown, expect: unknown, cb: unknown) {
    if (method === BASIC_CONSUME && typeof cb === 'function') {
      const site = callSite();
      const inner = cb as (err: unknown, ok: unknown) => unknown;
      cb = (err: unknown, ok: unknown) => {
        const tag = (ok as { fields?: { consumerTag?: unknown } } | undefined)?.fields?.consumerTag;
        if (!err && site && typeof tag === 'string') emit(this, { op: 'consume', consumerTag: tag, site });
        return inner(err, ok);
      };
    }
    return rpc.call(this, method, fields, expect, cb);
  } as Fn;
  proto.sendImmediately = function (this: AmqplibChannel, method: unknown, fields: unknown) {
    const op = typeof method === 'number' ? OPS[method] : undefined;
    if (op) {
      const site = callSite();
      const f = fields as { deliveryTag?: unknown; multiple?: unknown } | undefined;
      if (site) emit(this, { op, tag: typeof f?.deliveryTag === 'number' ? f.deliveryTag : 0, multiple: f?.multiple === true, site });
    }
    return send.call(this, method, fields);
  } as Fn;
}

let installed: TraceWriter[] | undefined;

/** Starts recording amqplib calls (also patches an amqplib already loaded). Returns a stop function. */
export function install(write: TraceWriter): () => void {
  if (!installed) {
    installed = [];
    const writers = installed;
    const all: TraceWriter = (r) => {
      for (const w of writers) w(r);
    };
    const M = Module as unknown as {
      _load: (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
      _cache: Record<string, { exports: unknown } | undefined>;
    };
    const load = M._load;
    M._load = function (this: unknown, request: string, parent: { filename?: string } | undefined, isMain: boolean) {
      const exp = load.call(this, request, parent, isMain);
      try {
        if (parent?.filename && /[\\/]amqplib[\\/]/.test(parent.filename) && /(^|[\\/])channel(\.js)?$/.test(request)) patchChannelModule(exp, all);
      } catch {
        /* never break require */
      }
      return exp;
    };
    for (const [file, mod] of Object.entries(M._cache)) if (CHANNEL_FILE.test(file)) patchChannelModule(mod?.exports, all);
  }
  installed.push(write);
  return () => {
    const i = installed ? installed.indexOf(write) : -1;
    if (i >= 0) installed!.splice(i, 1);
  };
}

/** The side channel to `acklab test`: one JSON line per call appended to the trace file. */
export function fileWriter(path: string): TraceWriter {
  return (r) => {
    try {
      appendFileSync(path, JSON.stringify(r) + '\n');
    } catch {
      /* the run goes on without lines */
    }
  };
}
