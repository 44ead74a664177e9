// "Run scenario on this broker" (issue 6): the pure part. A backend wrapper that gives every queue and
// exchange a scenario declares a unique prefix on a real broker (so a run never touches the user's own
// queues, and two runs never collide), the trace normalisation that makes a playground run and a real
// broker run comparable line by line, and a small line diff that counts the differences.
import type { ActorClient, Backend, ClientEvents, ReceivedDelivery } from '../scenarios/backend';
import { declaredNames } from '../scenarios/catalog';
import { describeExpectation, type RunResult } from '../scenarios/runner';
import type { PublishProps, Scenario } from '../scenarios/types';

/** A fresh prefix such as `acklab-k3x9q2.`: lowercase letters and digits, safe in any queue name. */
export function uniquePrefix(random: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)];
  return `acklab-${s}.`;
}

/** Names the broker owns (server-named queues, amq.* exchanges, direct reply-to) and the default exchange keep their name. */
const keep = (name: string): boolean => name === '' || name.startsWith('amq.');

/**
 * Wraps a backend so every queue / exchange name a scenario uses gets `prefix` on the wire, and every
 * name the broker reports back (routing keys, reply_to, channel-error texts, x-death headers) has it
 * stripped again: the runner and its expectations see the scenario's own names.
 */
export class PrefixedBackend implements Backend {
  constructor(
    readonly inner: Backend,
    readonly prefix: string,
  ) {
    if (!/^[\w.:-]+$/.test(prefix)) throw new Error(`prefix "${prefix}" must be letters, digits, '.', ':', '_' or '-'`);
  }

  get kind(): Backend['kind'] {
    return this.inner.kind;
  }
  get server(): Backend['server'] {
    return this.inner.server;
  }

  /** Queue or exchange name on the wire. */
  wire(name: string): string {
    return keep(name) ? name : this.prefix + name;
  }
  /** Name as the scenario knows it (also inside texts such as "no queue 'acklab-x.q' in vhost '/'"). */
  local(text: string): string {
    return text.split(this.prefix).join('');
  }

  private localValue(v: unknown): unknown {
    if (typeof v === 'string') return this.local(v);
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return v;
    if (Array.isArray(v)) return v.map((x) => this.localValue(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.localValue(x)]));
    return v;
  }

  private localDelivery(d: ReceivedDelivery): ReceivedDelivery {
    const out: ReceivedDelivery = {
      ...d,
      exchange: this.local(d.exchange),
      routingKey: this.local(d.routingKey),
      headers: this.localValue(d.headers) as Record<string, unknown>,
    };
    if (d.replyTo !== undefined) out.replyTo = this.local(d.replyTo);
    return out;
  }

  private wireArgs(args: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    if (!args) return args;
    const out = { ...args };
    const dlx = out['x-dead-letter-exchange'];
    if (typeof dlx === 'string') out['x-dead-letter-exchange'] = this.wire(dlx);
    // With the default exchange as DLX, the dead-letter routing key is a queue name.
    const dlrk = out['x-dead-letter-routing-key'];
    if (typeof dlrk === 'string' && (dlx === '' || dlx === undefined)) out['x-dead-letter-routing-key'] = this.wire(dlrk);
    return out;
  }

  async connect(actor: string, events: ClientEvents): Promise<ActorClient> {
    const c = await this.inner.connect(actor, {
      delivery: (d) => events.delivery(this.localDelivery(d)),
      returned: (body) => events.returned(body),
      confirm: (ack) => events.confirm(ack),
      channelError: (e) => events.channelError({ code: e.code, text: this.local(e.text) }),
    });
    // Errors thrown by methods carry names in their texts too.
    const localError = (err: unknown): unknown => {
      if (err && typeof err === 'object') {
        const e = err as { message?: unknown; replyText?: unknown; text?: unknown };
        for (const k of ['message', 'replyText', 'text'] as const) {
          if (typeof e[k] === 'string')
            try {
              (e as Record<string, unknown>)[k] = this.local(e[k]);
            } catch {
              /* read-only */
            }
        }
      }
      return err;
    };
    const guard = async <T>(f: () => Promise<T>): Promise<T> => {
      try {
        return await f();
      } catch (err) {
        throw localError(err);
      }
    };
    const wireProps = (p: PublishProps): PublishProps => (p.replyTo !== undefined ? { ...p, replyTo: this.wire(p.replyTo) } : p);
    return {
      get open() {
        return c.open;
      },
      queueDeclare: (queue, o) =>
        guard(async () => {
          const args = this.wireArgs(o.arguments);
          const ok = await c.queueDeclare(this.wire(queue), { ...o, ...(args ? { arguments: args } : {}) });
          return { ...ok, queue: this.local(ok.queue) };
        }),
      exchangeDeclare: (x, type, durable) => guard(() => c.exchangeDeclare(this.wire(x), type, durable)),
      bind: (q, x, key) => guard(() => c.bind(this.wire(q), this.wire(x), key)),
      // Through the default exchange the routing key is a queue name.
      publish: (x, key, body, p) => guard(() => c.publish(this.wire(x), x === '' ? this.wire(key) : key, body, wireProps(p))),
      confirmSelect: () => guard(() => c.confirmSelect()),
      waitConfirms: () => guard(() => c.waitConfirms()),
      qos: (n, g) => guard(() => c.qos(n, g)),
      consume: (q, noAck, tag) => guard(() => c.consume(this.wire(q), noAck, tag)),
      get: (q, noAck) =>
        guard(async () => {
          const d = await c.get(this.wire(q), noAck);
          return d && this.localDelivery(d);
        }),
      ack: (t, m) => guard(() => c.ack(t, m)),
      nack: (t, m, r) => guard(() => c.nack(t, m, r)),
      reject: (t, r) => guard(() => c.reject(t, r)),
      cancel: (tag) => guard(() => c.cancel(tag)),
      recover: () => guard(() => c.recover()),
      crash: () => c.crash(),
      close: () => c.close(),
    };
  }

  settle(): Promise<void> {
    return this.inner.settle();
  }
  advanceClock(ms: number): boolean {
    return this.inner.advanceClock(ms);
  }
  readyCount(queue: string): Promise<number> {
    return this.inner.readyCount(this.wire(queue));
  }
  unackedCount(queue: string): number | undefined {
    return this.inner.unackedCount(this.wire(queue));
  }
  dispose(queues: string[], exchanges: string[]): Promise<void> {
    return this.inner.dispose(
      queues.filter((q) => !keep(q)).map((q) => this.wire(q)),
      exchanges.filter((x) => !keep(x)).map((x) => this.wire(x)),
    );
  }

  /** Deletes everything the scenario declares (prefixed) and closes the connections. */
  cleanup(scenario: Scenario): Promise<void> {
    const n = declaredNames(scenario);
    return this.dispose(n.queues, n.exchanges);
  }
}

/** Replaces what differs between any two runs by design: broker-generated names. */
export function normaliseLine(line: string): string {
  return line.replace(/amq\.gen-[\w-]+/g, 'amq.gen-*').replace(/amq\.ctag-[\w-]+/g, 'amq.ctag-*');
}

/**
 * A run as comparable text: the steps (with skipped ones and errors), then per actor everything it did and saw,
 * in order, then the expected outcomes. Per actor because that order is deterministic on any broker (one
 * connection, AMQP keeps its order), while the interleaving of different connections, and whether an
 * asynchronous delivery lands before or after the next step starts, depends on timing on a real broker.
 * Checks skipped on either side (e.g. unacked counts, not observable over AMQP) are shown the same way on both
 * sides, so they are not counted as differences.
 */
export function normaliseRun(r: RunResult, other?: RunResult): string[] {
  const out: string[] = [`# ${r.scenario.title} (${r.scenario.name})`, '', '## Steps'];
  const actors = new Map<string, string[]>(r.scenario.actors.map((a) => [a, []]));
  for (const s of r.steps) {
    out.push(`  ${s.index + 1}. ${s.step.title}${s.skipped ? ` (skipped: ${s.skipped})` : ''}`);
    if (s.error) out.push(`     error: ${normaliseLine(s.error)}`);
    for (const l of s.log) {
      if (l.startsWith('error: ')) continue;
      const mine = actors.get(/^(\S+)/.exec(l)?.[1] ?? '');
      if (mine) mine.push(`  ${normaliseLine(l)}`);
      else out.push(`     ${normaliseLine(l)}`);
    }
  }
  for (const [a, lines] of actors) out.push('', `## ${a}`, ...(lines.length ? lines : ['  (nothing)']));
  out.push('', '## Expected outcomes');
  r.checks.forEach((c, i) => {
    const o = other?.checks[i];
    if (c.skipped || (c.ok && o && o.expectation === c.expectation && o.skipped))
      out.push(`  · ${describeExpectation(c.expectation)} — not compared (skipped on one side)`);
    else out.push(`  ${c.ok ? '✓' : '✗'} ${describeExpectation(c.expectation)}${c.ok ? '' : ` — got ${normaliseLine(c.actual)}`}`);
  });
  return out;
}

export type DiffOp = { op: 'same' | 'del' | 'add'; line: string };

/** Line diff (longest common subsequence; inputs are small: a few hundred lines). */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length,
    m = b.length;
  if (n * m > 25_000_000) throw new Error(`traces too long to compare (${n} × ${m} lines)`);
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: DiffOp[] = [];
  let i = 0,
    j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ op: 'same', line: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) ops.push({ op: 'del', line: a[i++]! });
    else ops.push({ op: 'add', line: b[j++]! });
  }
  while (i < n) ops.push({ op: 'del', line: a[i++]! });
  while (j < m) ops.push({ op: 'add', line: b[j++]! });
  return ops;
}

/** Number of differences: runs of consecutive changed lines (what a diff editor shows as one change). */
export function countDifferences(ops: readonly DiffOp[]): number {
  let n = 0;
  for (let k = 0; k < ops.length; k++) if (ops[k]!.op !== 'same' && (k === 0 || ops[k - 1]!.op === 'same')) n++;
  return n;
}

export interface Comparison {
  left: string;
  right: string;
  differences: number;
  /** The changed lines, for logs and tests ("- playground line" / "+ broker line"). */
  changes: string[];
  leftPassed: boolean;
  rightPassed: boolean;
}

/** Compares a playground run (left) with a real broker run (right) of the same scenario. */
export function compareRuns(left: RunResult, right: RunResult): Comparison {
  if (left.scenario.name !== right.scenario.name)
    throw new Error(`cannot compare runs of different scenarios (${left.scenario.name} vs ${right.scenario.name})`);
  const a = normaliseRun(left, right),
    b = normaliseRun(right, left);
  const ops = diffLines(a, b);
  return {
    left: a.join('\n') + '\n',
    right: b.join('\n') + '\n',
    differences: countDifferences(ops),
    changes: ops.filter((o) => o.op !== 'same').map((o) => `${o.op === 'del' ? '-' : '+'} ${o.line}`),
    leftPassed: left.passed,
    rightPassed: right.passed,
  };
}

/** Builds an AMQP URL with the password from SecretStorage (settings never hold it). */
export function amqpUrlWithPassword(amqpUrl: string, username: string, password: string): string {
  const u = new URL(amqpUrl);
  if (u.protocol !== 'amqp:' && u.protocol !== 'amqps:') throw new Error(`amqpUrl must start with amqp:// or amqps:// (got ${u.protocol})`);
  if (!u.username) u.username = encodeURIComponent(username);
  u.password = encodeURIComponent(password);
  return u.toString();
}
