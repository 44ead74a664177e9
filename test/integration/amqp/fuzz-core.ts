// Fuzzing the listener's frame parser and connection state machine over real TCP sockets.
// Each input is: the protocol header and a valid handshake, then a stream of frames built from valid AMQP
// methods (random arguments, random field tables, content of random size), mutated in one of several ways.
// Oracle: the server never throws and never reports an internal error; every input ends either in normal
// operation (the trailing connection.close gets close-ok) or in connection.close with a hard-error code
// (exactly the expected one for targeted mutations); a bystander connection publishing and consuming with
// confirms and acks the whole time is never disturbed and loses nothing.
import { connect as tcpConnect } from 'node:net';
import * as amqp from 'amqplib';
import { FrameReader, decodeMethod, encodeContentFrames, encodeMethodFrame, PROTOCOL_HEADER, type FieldTable } from '../../../src/amqp/codec';
import { queueCounts, startAcklab, until, type Running } from './helpers';

export interface FuzzOptions {
  inputs: number;
  seed: number;
  concurrency?: number;
  progress?: (done: number) => void;
}
export interface FuzzReport {
  inputs: number;
  outcomes: Record<string, number>;
  closeCodes: Record<string, number>;
  closeTexts: Record<string, number>;
  failures: string[];
  bystander: { published: number; confirmed: number; consumed: number; duplicates: number; errors: string[] };
  elapsedMs: number;
}

const HARD_ERRORS = new Set([402, 403, 501, 502, 503, 504, 505, 530, 540]);

/** mulberry32: small, seedable, good enough for test inputs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  constructor(readonly r: () => number) {}
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  bool(p = 0.5): boolean {
    return this.r() < p;
  }
  str(max = 12): string {
    let s = '';
    const n = this.int(max + 1);
    for (let i = 0; i < n; i++) s += String.fromCharCode(97 + this.int(26));
    return s;
  }
  table(depth = 0): FieldTable {
    const t: FieldTable = {};
    const n = this.int(4);
    for (let i = 0; i < n; i++) {
      const k = this.pick([
        'x-max-length',
        'x-message-ttl',
        'x-dead-letter-exchange',
        'x-queue-type',
        'x-priority',
        'x-expires',
        'x-overflow',
        'x-max-priority',
        this.str(6),
      ]);
      t[k] = this.value(depth);
    }
    return t;
  }
  value(depth: number): FieldTable[string] {
    switch (this.int(depth > 2 ? 8 : 10)) {
      case 0:
        return this.str();
      case 1:
        return this.bool();
      case 2:
        return { $type: 'b', value: this.int(256) - 128 };
      case 3:
        return { $type: 'I', value: this.int(2 ** 31) - 2 ** 30 };
      case 4:
        return { $type: 'l', value: this.int(2 ** 40) - 2 ** 39 };
      case 5:
        return { $type: 'd', value: this.r() * 1000 };
      case 6:
        return null;
      case 7:
        return this.pick(['quorum', 'classic', 'stream', 'reject-publish', 'drop-head', 'x']);
      case 8:
        return [this.value(depth + 1), this.value(depth + 1)];
      default:
        return this.table(depth + 1);
    }
  }
}

const queues = ['fz-a', 'fz-b', 'fz-c', 'amq.q', ''];

/** One valid frame sequence on channel `ch` (assumed open). */
function validOp(g: Gen, ch: number): Buffer {
  const q = g.pick(queues);
  switch (g.int(22)) {
    case 0:
      return encodeMethodFrame(ch, 'queue.declare', {
        queue: q,
        passive: g.bool(0.2),
        durable: g.bool(),
        exclusive: g.bool(0.2),
        autoDelete: g.bool(0.2),
        nowait: g.bool(0.1),
        arguments: g.bool() ? g.table() : {},
      });
    case 1:
      return encodeMethodFrame(ch, 'exchange.declare', {
        exchange: g.pick(['fz-x', 'amq.direct', 'fz-y']),
        type: g.pick(['direct', 'fanout', 'topic', 'headers', 'bogus']),
        passive: g.bool(0.2),
        durable: g.bool(),
        arguments: g.bool(0.3) ? g.table() : {},
      });
    case 2:
      return encodeMethodFrame(ch, 'queue.bind', {
        queue: q,
        exchange: g.pick(['fz-x', 'amq.direct', 'amq.topic', 'nope']),
        routingKey: g.str(4),
        arguments: {},
      });
    case 3:
    case 4:
    case 5: {
      const size = g.bool(0.9) ? g.int(200) : g.int(300_000);
      return encodeContentFrames(
        ch,
        'basic.publish',
        { exchange: g.pick(['', '', 'amq.direct', 'fz-x', 'missing']), routingKey: g.pick(queues), mandatory: g.bool(0.2), immediate: g.bool(0.05) },
        {
          deliveryMode: g.pick([1, 2]),
          headers: g.bool(0.3) ? g.table() : undefined,
          expiration: g.bool(0.1) ? String(g.int(1000)) : undefined,
          priority: g.bool(0.1) ? g.int(10) : undefined,
        },
        Buffer.alloc(size, 0x61),
        g.pick([4096, 131072]),
      );
    }
    case 6:
      return encodeMethodFrame(ch, 'basic.consume', {
        queue: q,
        consumerTag: g.bool() ? '' : g.str(5),
        noAck: g.bool(),
        exclusive: g.bool(0.1),
        arguments: g.bool(0.2) ? g.table() : {},
      });
    case 7:
      return encodeMethodFrame(ch, 'basic.qos', { prefetchSize: g.bool(0.1) ? g.int(100) : 0, prefetchCount: g.int(20), global: g.bool(0.3) });
    case 8:
      return encodeMethodFrame(ch, 'basic.get', { queue: q, noAck: g.bool() });
    case 9:
    case 10:
      return encodeMethodFrame(ch, 'basic.ack', { deliveryTag: g.int(6), multiple: g.bool(0.3) });
    case 11:
      return encodeMethodFrame(ch, 'basic.nack', { deliveryTag: g.int(6), multiple: g.bool(0.3), requeue: g.bool() });
    case 12:
      return encodeMethodFrame(ch, 'basic.reject', { deliveryTag: g.int(6), requeue: g.bool() });
    case 13:
      return encodeMethodFrame(ch, 'basic.recover', { requeue: g.bool(0.8) });
    case 14:
      return encodeMethodFrame(ch, 'basic.cancel', { consumerTag: g.str(5) });
    case 15:
      return encodeMethodFrame(ch, g.pick(['confirm.select', 'tx.select', 'tx.commit', 'tx.rollback']), {});
    case 16:
      return encodeMethodFrame(ch, 'queue.purge', { queue: q });
    case 17:
      return encodeMethodFrame(ch, 'queue.delete', { queue: q, ifUnused: g.bool(0.3), ifEmpty: g.bool(0.3) });
    case 18:
      return encodeMethodFrame(ch, 'channel.flow', { active: g.bool(0.8) });
    case 19:
      return encodeMethodFrame(ch, 'exchange.bind', { destination: 'fz-x', source: g.pick(['fz-y', 'amq.fanout', 'none']), routingKey: '' });
    case 20:
      return Buffer.from([8, 0, 0, 0, 0, 0, 0, 0xce]);
    default:
      return encodeMethodFrame(ch, 'channel.close', { replyCode: 200, replyText: 'bye', classId: 0, methodId: 0 });
  }
}

const HANDSHAKE = Buffer.concat([
  PROTOCOL_HEADER,
  encodeMethodFrame(0, 'connection.start-ok', {
    clientProperties: { product: 'fuzz', capabilities: { authentication_failure_close: true, consumer_cancel_notify: true, 'connection.blocked': true } },
    mechanism: 'PLAIN',
    response: Buffer.from('\0guest\0guest'),
    locale: 'en_US',
  }),
  encodeMethodFrame(0, 'connection.tune-ok', { channelMax: 2047, frameMax: 131072, heartbeat: 0 }),
  encodeMethodFrame(0, 'connection.open', { virtualHost: '/' }),
]);
const CLOSE = encodeMethodFrame(0, 'connection.close', { replyCode: 200, replyText: 'fuzz done', classId: 0, methodId: 0 });

interface Input {
  kind: string;
  bytes: Buffer;
  expect?: number;
  framed: boolean;
}

export function makeInput(g: Gen, only?: string): Input {
  const ops: Buffer[] = [encodeMethodFrame(1, 'channel.open')];
  const n = 1 + g.int(8);
  for (let i = 0; i < n; i++) {
    const ch = g.bool(0.85) ? 1 : 2;
    if (ch === 2 && i === 0) ops.push(encodeMethodFrame(2, 'channel.open'));
    ops.push(validOp(g, ch));
  }
  const body = Buffer.concat(ops);
  const kind =
    only ??
    g.pick([
      'valid',
      'valid',
      'flip',
      'flip',
      'truncate',
      'random',
      'oversize',
      'bad-end',
      'bad-type',
      'unopened',
      'content-first',
      'bad-method',
      'method-mid-content',
      'bad-protocol',
      'channel0-method',
      'field-type',
    ]);
  const withPrefix = (rest: Buffer, framed = true, expect?: number): Input => ({ kind, bytes: Buffer.concat([HANDSHAKE, rest]), framed, expect });
  // Targeted mutations come right after channel 1 is opened, so they are the first problem the server sees.
  const open1 = encodeMethodFrame(1, 'channel.open');
  switch (kind) {
    case 'valid':
      return withPrefix(body);
    case 'flip': {
      const b = Buffer.from(body);
      const k = 1 + g.int(4);
      for (let i = 0; i < k; i++) b[g.int(b.length)] = g.int(256);
      return withPrefix(b, false);
    }
    case 'truncate':
      return withPrefix(body.subarray(0, g.int(body.length)), false);
    case 'random': {
      const b = Buffer.alloc(1 + g.int(300));
      for (let i = 0; i < b.length; i++) b[i] = g.int(256);
      return withPrefix(b, false);
    }
    case 'oversize': {
      const h = Buffer.from([1, 0, 1, 0, 0, 0, 0, 0]);
      h.writeUInt32BE(131073 + g.int(1 << 20), 3);
      return withPrefix(Buffer.concat([open1, h.subarray(0, 7)]), false, 501);
    }
    case 'bad-end': {
      const f = Buffer.from(validOp(g, 1));
      f[f.length - 1] = g.int(0xce);
      return withPrefix(Buffer.concat([open1, f]), true, 501);
    }
    case 'bad-type':
      return withPrefix(Buffer.concat([open1, Buffer.from([g.pick([0, 4, 5, 7, 9, 65, 255]), 0, 1, 0, 0, 0, 0, 0xce])]), true, 501);
    case 'unopened':
      return withPrefix(Buffer.concat([open1, encodeMethodFrame(3 + g.int(100), 'queue.declare', { queue: 'x' })]), true, 504);
    case 'content-first':
      return withPrefix(
        Buffer.concat([open1, encodeContentFrames(1, 'basic.publish', {}, {}, Buffer.from('x')).subarray(encodeMethodFrame(1, 'basic.publish', {}).length)]),
        true,
        505,
      );
    case 'bad-method': {
      const f = Buffer.from(encodeMethodFrame(1, 'basic.qos', {}));
      f.writeUInt16BE(g.pick([0, 1, 11, 99, 60, 61]), 7);
      f.writeUInt16BE(g.pick([0, 5, 99, 200, 61]), 9);
      return withPrefix(Buffer.concat([open1, f]), true);
    }
    case 'method-mid-content': {
      const pub = encodeContentFrames(1, 'basic.publish', { routingKey: 'fz-a' }, {}, Buffer.alloc(50));
      const methodAndHeader = pub.subarray(0, pub.length - (50 + 8));
      return withPrefix(Buffer.concat([open1, methodAndHeader, encodeMethodFrame(1, 'basic.get', { queue: 'fz-a' })]), true, 505);
    }
    case 'bad-protocol': {
      const h = Buffer.from(PROTOCOL_HEADER);
      h[g.int(8)] ^= 1 + g.int(255);
      return { kind, bytes: Buffer.concat([h, body]), framed: false };
    }
    case 'channel0-method':
      return withPrefix(encodeMethodFrame(0, g.pick(['queue.declare', 'basic.publish', 'channel.open']), { queue: 'x' }), true, 504);
    default: {
      // field-type: an unknown field type letter inside a table
      const f = Buffer.from(encodeMethodFrame(1, 'queue.declare', { queue: 'ft', arguments: { k: 'v' } }));
      f[f.length - 1 - 1 - 4 - 1] = g.pick([0x3f, 0x7a, 0x00, 0x4e]); // the 'S' type octet of the value 'v'
      return withPrefix(Buffer.concat([open1, f]), true, 501);
    }
  }
}

type Outcome =
  { kind: 'closed-by-server'; code: number; text: string } | { kind: 'close-ok' } | { kind: 'socket-closed' } | { kind: 'header-reply' } | { kind: 'stalled' };

export function runInput(port: number, input: Input): Promise<Outcome> {
  return new Promise((resolve) => {
    const sock = tcpConnect(port, '127.0.0.1');
    const reader = new FrameReader(1 << 20);
    let raw = Buffer.alloc(0);
    let done = false;
    const finish = (o: Outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(o);
    };
    // Inputs that must be answered get a generous timeout (the machine is shared); others may legitimately wait for more bytes.
    const timer = setTimeout(() => finish({ kind: 'stalled' }), input.framed || input.expect !== undefined || input.kind === 'bad-protocol' ? 5000 : 400);
    sock.on('error', () => undefined);
    sock.on('connect', () => {
      sock.write(input.bytes);
      sock.write(CLOSE);
    });
    sock.on('data', (d) => {
      if (raw.length < 8) raw = Buffer.concat([raw, d]);
      if (raw.length >= 8 && raw.subarray(0, 4).toString('latin1') === 'AMQP') {
        finish({ kind: 'header-reply' });
        return;
      }
      try {
        reader.push(d);
        for (let f = reader.next(); f; f = reader.next()) {
          if (f.type !== 1 || f.channel !== 0) continue;
          const m = decodeMethod(f.payload);
          if (m.spec.name === 'connection.close-ok') {
            finish({ kind: 'close-ok' });
            return;
          }
          if (m.spec.name === 'connection.close') {
            sock.write(encodeMethodFrame(0, 'connection.close-ok'));
            finish({ kind: 'closed-by-server', code: m.args.replyCode as number, text: m.args.replyText as string });
            return;
          }
        }
      } catch {
        /* the server's output is always well-formed; a parse error here would show as a stall */
      }
    });
    sock.on('close', () => finish({ kind: 'socket-closed' }));
  });
}

/** Runs `inputs` fuzz inputs against a fresh in-process listener. */
export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const t0 = Date.now();
  const s: Running = await startAcklab();
  const g = new Gen(rng(opts.seed));
  const report: FuzzReport = {
    inputs: 0,
    outcomes: {},
    closeCodes: {},
    closeTexts: {},
    failures: [],
    bystander: { published: 0, confirmed: 0, consumed: 0, duplicates: 0, errors: [] },
    elapsedMs: 0,
  };
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  process.on('uncaughtException', onUncaught);

  // the bystander: publishes with confirms and consumes with acks for the whole run
  const by = await amqp.connect(s.url);
  by.on('error', (e: Error) => report.bystander.errors.push(`connection: ${e.message}`));
  const pubCh = await by.createConfirmChannel();
  const conCh = await by.createChannel();
  for (const ch of [pubCh, conCh]) ch.on('error', (e: Error) => report.bystander.errors.push(`channel: ${e.message}`));
  await conCh.assertQueue('bystander', { durable: false });
  await conCh.prefetch(20);
  const seen = new Set<number>();
  await conCh.consume('bystander', (m) => {
    if (!m) return;
    const id = m.content.readUInt32BE(0);
    if (seen.has(id)) report.bystander.duplicates++;
    seen.add(id);
    report.bystander.consumed++;
    conCh.ack(m);
  });
  let publishing = true;
  const publisher = (async () => {
    while (publishing) {
      for (let i = 0; i < 10; i++) {
        const b = Buffer.alloc(16);
        b.writeUInt32BE(report.bystander.published++, 0);
        pubCh.sendToQueue('bystander', b, {}, (err) => {
          if (!err) report.bystander.confirmed++;
        });
      }
      await pubCh.waitForConfirms();
      await new Promise((r) => setTimeout(r, 5));
    }
  })();

  const concurrency = opts.concurrency ?? 16;
  let next = 0;
  const worker = async () => {
    while (next < opts.inputs) {
      const i = next++;
      const input = makeInput(g);
      const o = await runInput(s.port, input);
      report.inputs++;
      const key = `${input.kind}:${o.kind}`;
      report.outcomes[key] = (report.outcomes[key] ?? 0) + 1;
      if (o.kind === 'closed-by-server') {
        report.closeCodes[o.code] = (report.closeCodes[o.code] ?? 0) + 1;
        const t = `${o.code} ${o.text.slice(0, 60)}`;
        report.closeTexts[t] = (report.closeTexts[t] ?? 0) + 1;
        if (!HARD_ERRORS.has(o.code)) report.failures.push(`#${i} ${input.kind}: connection.close with ${o.code} ${o.text}`);
        if (input.expect !== undefined && o.code !== input.expect)
          report.failures.push(`#${i} ${input.kind}: expected ${input.expect}, got ${o.code} ${o.text}`);
      } else if (input.expect !== undefined) {
        report.failures.push(`#${i} ${input.kind}: expected connection.close ${input.expect}, got ${o.kind}`);
      }
      if (o.kind === 'stalled' && input.framed) report.failures.push(`#${i} ${input.kind}: no answer to a well-framed input`);
      if (input.kind === 'bad-protocol' && o.kind !== 'header-reply' && o.kind !== 'socket-closed')
        report.failures.push(`#${i} bad protocol header answered with ${o.kind}`);
      if (i % 1000 === 999) opts.progress?.(i + 1);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
    publishing = false;
    await publisher;
    await until(() => report.bystander.consumed >= report.bystander.confirmed, 10_000, 'bystander to drain');
    await until(() => queueCounts(s.broker, 'bystander')?.unacked === 0, 5000, 'bystander acks');
    const c = queueCounts(s.broker, 'bystander');
    if (!c || c.ready !== 0 || c.unacked !== 0) report.failures.push(`bystander queue not empty: ${JSON.stringify(c)}`);
    // all fuzz connections are gone from the broker; only the bystander remains
    await until(() => s.broker.snapshot().connections.length === 1, 10_000, 'fuzz connections to be cleaned up').catch(() => {
      report.failures.push(`broker still has ${s.broker.snapshot().connections.length} connections`);
    });
    await by.close();
  } finally {
    process.off('uncaughtException', onUncaught);
    await s.stop();
  }
  for (const l of s.logs.filter((x) => /internal error/.test(x))) report.failures.push(`server: ${l.split('\n')[0]}`);
  for (const e of uncaught) report.failures.push(`uncaught: ${String(e)}`);
  const b = report.bystander;
  if (b.errors.length) report.failures.push(`bystander disturbed: ${b.errors.join('; ')}`);
  if (b.consumed !== b.published || b.confirmed !== b.published || b.duplicates)
    report.failures.push(`bystander lost or duplicated messages: ${JSON.stringify(b)}`);
  report.elapsedMs = Date.now() - t0;
  return report;
}
