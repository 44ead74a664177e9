// Plays a scenario against a backend: performs each step, lets consumers react according to
// their behaviour, records what every actor saw, then checks the expected outcomes.
import type { ActorClient, Backend, ChannelError, ReceivedDelivery } from './backend';
import type { Behaviour, Expectation, Scenario, Step, StepWithText } from './types';

export interface ActorRecord {
  deliveries: ReceivedDelivery[];
  errors: ChannelError[];
  returned: string[];
  confirms: { acks: number; nacks: number };
  /** Deliveries a 'hold' consumer has not finished yet (tags). */
  held: number[];
  nacked: Map<string, number>;
  behaviour: Behaviour | undefined;
}

export interface StepRecord {
  index: number;
  step: StepWithText;
  /** What the clients saw during this step, one line each. */
  log: string[];
  skipped?: string;
  error?: string;
}

export interface CheckResult {
  expectation: Expectation;
  ok: boolean;
  actual: string;
  skipped?: string;
}

export interface RunResult {
  scenario: Scenario;
  backend: Backend['kind'];
  steps: StepRecord[];
  actors: Map<string, ActorRecord>;
  checks: CheckResult[];
  readonly passed: boolean;
}

export interface RunHooks {
  /** Called before and after each step (the playground records event-log positions here). */
  beforeStep?(index: number): void;
  afterStep?(index: number): void;
}

/** Bound on consumer reactions per step (catches requeue loops; a 20,000-message bench step needs ~20,000). */
const MAX_REACTIONS = 1_000_000;

function fib(n: number): number {
  let a = 0,
    b = 1;
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}

export async function runScenario(scenario: Scenario, backend: Backend, hooks: RunHooks = {}): Promise<RunResult> {
  const actors = new Map<string, ActorRecord>();
  const clients = new Map<string, ActorClient>();
  const inbox: Array<{ actor: string; d: ReceivedDelivery }> = [];
  let log: string[] = [];
  const rpcReplies = new Map<string, Map<string, string>>();

  for (const name of scenario.actors) {
    const rec: ActorRecord = { deliveries: [], errors: [], returned: [], confirms: { acks: 0, nacks: 0 }, held: [], nacked: new Map(), behaviour: undefined };
    actors.set(name, rec);
    const client = await backend.connect(name, {
      delivery: (d) => {
        rec.deliveries.push(d);
        log.push(
          `${name} ← ${JSON.stringify(d.body)} tag ${d.tag}${d.redelivered ? ' redelivered' : ''}${d.headers['x-delivery-count'] !== undefined ? ` x-delivery-count ${String(plain(d.headers['x-delivery-count']))}` : ''}`,
        );
        if (d.correlationId !== undefined && rec.behaviour?.kind !== 'rpc-server') {
          let m = rpcReplies.get(name);
          if (!m) rpcReplies.set(name, (m = new Map()));
          m.set(d.correlationId, d.body);
        }
        inbox.push({ actor: name, d });
      },
      returned: (body) => {
        rec.returned.push(body);
        log.push(`${name} ← basic.return ${JSON.stringify(body)}`);
      },
      confirm: (ack) => {
        if (ack) rec.confirms.acks++;
        else rec.confirms.nacks++;
      },
      channelError: (e) => {
        rec.errors.push(e);
        log.push(`${name} ✖ channel closed by the broker: ${e.code} ${e.text}`);
      },
    });
    clients.set(name, client);
  }

  const client = (actor: string): ActorClient => {
    const c = clients.get(actor);
    if (!c) throw new Error(`scenario ${scenario.name}: unknown actor '${actor}'`);
    return c;
  };

  /** Consumers react to what they received, until nothing more happens. */
  const settle = async (): Promise<void> => {
    for (let i = 0; i < MAX_REACTIONS; i++) {
      await backend.settle();
      const next = inbox.shift();
      if (!next) return;
      await react(next.actor, next.d);
    }
    throw new Error(`scenario ${scenario.name}: consumers did not settle after ${MAX_REACTIONS} reactions (a requeue loop?)`);
  };

  const react = async (actor: string, d: ReceivedDelivery): Promise<void> => {
    const rec = actors.get(actor)!;
    const c = client(actor);
    const b = rec.behaviour;
    if (!b || !c.open || d.consumerTag === '') return; // basic.get results are handled by steps
    switch (b.kind) {
      case 'ack':
        await c.ack(d.tag, false);
        log.push(`${actor} → ack tag ${d.tag}`);
        break;
      case 'forget':
      case 'auto':
        break;
      case 'hold':
        rec.held.push(d.tag);
        break;
      case 'reject':
        await c.reject(d.tag, false);
        log.push(`${actor} → reject tag ${d.tag} requeue=false`);
        break;
      case 'nack-requeue': {
        const n = rec.nacked.get(d.body) ?? 0;
        if (b.times === undefined || n < b.times) {
          rec.nacked.set(d.body, n + 1);
          await c.nack(d.tag, false, true);
          log.push(`${actor} → nack tag ${d.tag} requeue=true`);
        } else {
          await c.ack(d.tag, false);
          log.push(`${actor} → ack tag ${d.tag}`);
        }
        break;
      }
      case 'rpc-server': {
        const reply = b.reply === 'fib' ? String(fib(Number(d.body))) : d.body.toUpperCase();
        if (d.replyTo) await c.publish('', d.replyTo, reply, d.correlationId !== undefined ? { correlationId: d.correlationId } : {});
        await c.ack(d.tag, false);
        log.push(`${actor} → reply ${JSON.stringify(reply)} to ${d.replyTo ?? '?'} (correlation_id ${d.correlationId ?? '-'}), ack tag ${d.tag}`);
        break;
      }
    }
  };

  const perform = async (s: Step): Promise<string | undefined> => {
    switch (s.do) {
      case 'declareQueue': {
        const ok = await client(s.actor).queueDeclare(s.queue, {
          durable: s.durable,
          exclusive: s.exclusive,
          autoDelete: s.autoDelete,
          arguments: s.arguments,
        });
        log.push(`${s.actor} declared queue ${ok.queue}`);
        return undefined;
      }
      case 'declareExchange':
        await client(s.actor).exchangeDeclare(s.exchange, s.type, s.durable ?? false);
        return undefined;
      case 'bind':
        await client(s.actor).bind(s.queue, s.exchange, s.key);
        return undefined;
      case 'publish':
        for (const body of s.bodies) {
          await client(s.actor).publish(s.exchange ?? '', s.key, body, s.props ?? {});
          log.push(`${s.actor} → publish ${JSON.stringify(body)} to ${s.exchange || '(default)'} '${s.key}'`);
        }
        return undefined;
      case 'confirmSelect':
        await client(s.actor).confirmSelect();
        return undefined;
      case 'waitConfirms':
        await client(s.actor).waitConfirms();
        return undefined;
      case 'qos':
        await client(s.actor).qos(s.prefetch, s.global ?? false);
        return undefined;
      case 'consume': {
        actors.get(s.actor)!.behaviour = s.behaviour;
        const tag = await client(s.actor).consume(s.queue, s.noAck ?? s.behaviour.kind === 'auto', s.consumerTag ?? s.actor);
        log.push(`${s.actor} consuming from ${s.queue} as ${tag}`);
        return undefined;
      }
      case 'get': {
        const d = await client(s.actor).get(s.queue, s.noAck ?? false);
        log.push(d ? `${s.actor} basic.get → ${JSON.stringify(d.body)} tag ${d.tag}` : `${s.actor} basic.get → empty`);
        if (d) actors.get(s.actor)!.deliveries.push(d);
        return undefined;
      }
      case 'ack':
        await client(s.actor).ack(s.tag, s.multiple ?? false);
        log.push(`${s.actor} → ack tag ${s.tag}${s.multiple ? ' multiple' : ''}`);
        return undefined;
      case 'nack':
        await client(s.actor).nack(s.tag, s.multiple ?? false, s.requeue ?? true);
        log.push(`${s.actor} → nack tag ${s.tag}${s.multiple ? ' multiple' : ''} requeue=${s.requeue ?? true}`);
        return undefined;
      case 'reject':
        await client(s.actor).reject(s.tag, s.requeue ?? true);
        log.push(`${s.actor} → reject tag ${s.tag} requeue=${s.requeue ?? true}`);
        return undefined;
      case 'work': {
        const rec = actors.get(s.actor)!;
        const tags = rec.held.splice(0, s.count ?? rec.held.length);
        for (const t of tags) {
          await client(s.actor).ack(t, false);
          log.push(`${s.actor} → finished, ack tag ${t}`);
        }
        return undefined;
      }
      case 'cancel':
        await client(s.actor).cancel(s.consumerTag);
        log.push(`${s.actor} → basic.cancel ${s.consumerTag}`);
        return undefined;
      case 'recover':
        await client(s.actor).recover();
        return undefined;
      case 'crash':
        actors.get(s.actor)!.held = [];
        await client(s.actor).crash();
        log.push(`${s.actor} ✖ crashed (connection dropped)`);
        return undefined;
      case 'close':
        actors.get(s.actor)!.held = [];
        await client(s.actor).close();
        log.push(`${s.actor} closed its channel and connection`);
        return undefined;
      case 'clock':
        if (!backend.advanceClock(s.ms)) return 'no virtual clock on this backend';
        log.push(`clock +${s.ms} ms`);
        return undefined;
    }
  };

  const steps: StepRecord[] = [];
  const checks: CheckResult[] = [];
  const check = async (after: number | undefined): Promise<void> => {
    for (const e of scenario.expect) {
      if (e.after !== after) continue;
      if (e.where && e.where !== backend.kind) {
        checks.push({ expectation: e, ok: true, actual: '', skipped: `only on ${e.where}` });
        continue;
      }
      const srv = backend.server;
      if (e.sinceRabbit && srv?.product === 'RabbitMQ' && versionLess(srv.version, e.sinceRabbit)) {
        checks.push({ expectation: e, ok: true, actual: '', skipped: `RabbitMQ ${e.sinceRabbit}+ behaviour; the server is ${srv.version}` });
        continue;
      }
      checks.push(await evaluate(e, actors, backend, rpcReplies));
    }
  };

  try {
    for (let i = 0; i < scenario.steps.length; i++) {
      const step = scenario.steps[i]!;
      log = [];
      hooks.beforeStep?.(i);
      const rec: StepRecord = { index: i, step, log };
      try {
        const skipped = await perform(step);
        if (skipped) rec.skipped = skipped;
      } catch (err) {
        // A channel error thrown by a method (the playground throws synchronously) is an outcome, not a crash.
        const e = err as { code?: unknown; message?: string; text?: string; replyText?: string };
        if (typeof e.code === 'number') {
          const actor = 'actor' in step ? step.actor : undefined;
          const text = e.replyText ?? e.text ?? e.message ?? String(err);
          if (actor && !actors.get(actor)!.errors.some((x) => x.code === e.code && x.text === text)) {
            actors.get(actor)!.errors.push({ code: e.code, text });
            log.push(`${actor} ✖ ${e.code} ${text}`);
          }
        } else {
          rec.error = err instanceof Error ? err.message : String(err);
          log.push(`error: ${rec.error}`);
        }
      }
      await settle();
      hooks.afterStep?.(i);
      steps.push(rec);
      await check(i);
    }
    await check(undefined);
  } finally {
    log = [];
  }
  return {
    scenario,
    backend: backend.kind,
    steps,
    actors,
    checks,
    get passed() {
      return checks.every((c) => c.ok) && steps.every((s) => s.error === undefined);
    },
  };
}

/** "3.10.8" < "4.0"? Numeric, part by part. */
export function versionLess(a: string, b: string): boolean {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0),
    pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0,
      y = pb[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/** Strips typed AMQP values ({$type, value}) for comparison and display. */
export function plain(v: unknown): unknown {
  if (v && typeof v === 'object' && '$type' in v && 'value' in v) return plain((v as { value: unknown }).value);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

async function evaluate(e: Expectation, actors: Map<string, ActorRecord>, backend: Backend, rpc: Map<string, Map<string, string>>): Promise<CheckResult> {
  const res = (ok: boolean, actual: string): CheckResult => ({ expectation: e, ok, actual });
  const actor = (name: string): ActorRecord => {
    const a = actors.get(name);
    if (!a) throw new Error(`expectation names unknown actor '${name}'`);
    return a;
  };
  switch (e.type) {
    case 'received': {
      const got = actor(e.actor)
        .deliveries.filter((d) => e.redelivered === undefined || d.redelivered === e.redelivered)
        .map((d) => d.body);
      return res(JSON.stringify(got) === JSON.stringify(e.bodies), JSON.stringify(got));
    }
    case 'delivery': {
      const d = actor(e.actor).deliveries[e.nth];
      if (!d) return res(false, `only ${actor(e.actor).deliveries.length} deliveries`);
      const problems: string[] = [];
      if (e.body !== undefined && d.body !== e.body) problems.push(`body ${JSON.stringify(d.body)}`);
      if (e.redelivered !== undefined && d.redelivered !== e.redelivered) problems.push(`redelivered=${d.redelivered}`);
      if (e.tag !== undefined && d.tag !== e.tag) problems.push(`tag ${d.tag}`);
      if (e.header) {
        const h = JSON.stringify(plain(d.headers[e.header.name]) ?? null);
        if (!h.includes(e.header.includes)) problems.push(`${e.header.name} = ${h}`);
      }
      return res(problems.length === 0, problems.length ? problems.join(', ') : `body ${JSON.stringify(d.body)} redelivered=${d.redelivered} tag ${d.tag}`);
    }
    case 'ready': {
      const n = await backend.readyCount(e.queue);
      return res(n === e.count, `ready ${n}`);
    }
    case 'unacked': {
      const n = backend.unackedCount(e.queue);
      if (n === undefined) return { expectation: e, ok: true, actual: '', skipped: 'unacked count not observable over AMQP' };
      return res(n === e.count, `unacked ${n}`);
    }
    case 'channelError': {
      const errs = actor(e.actor).errors;
      const hit = errs.find((x) => x.code === e.code && (e.text === undefined || x.text.includes(e.text)));
      return res(hit !== undefined, errs.length ? errs.map((x) => `${x.code} ${x.text}`).join('; ') : 'no channel error');
    }
    case 'noChannelError': {
      const errs = actor(e.actor).errors;
      return res(errs.length === 0, errs.length ? errs.map((x) => `${x.code} ${x.text}`).join('; ') : 'no channel error');
    }
    case 'returned':
      return res(actor(e.actor).returned.length === e.count, `${actor(e.actor).returned.length} returned`);
    case 'confirmed':
      return res(actor(e.actor).confirms.acks === e.acks, `${actor(e.actor).confirms.acks} acks, ${actor(e.actor).confirms.nacks} nacks`);
    case 'rpcReply': {
      const got = rpc.get(e.actor)?.get(e.correlationId);
      return res(got === e.body, got === undefined ? 'no reply with that correlation_id' : `reply ${JSON.stringify(got)}`);
    }
  }
}

/** Human-readable description of an expectation. */
export function describeExpectation(e: Expectation): string {
  switch (e.type) {
    case 'received':
      return `${e.actor} received ${JSON.stringify(e.bodies)}${e.redelivered === undefined ? '' : e.redelivered ? ' (redelivered)' : ' (first deliveries)'}`;
    case 'delivery':
      return `${e.actor}'s delivery #${e.nth + 1}${e.body !== undefined ? ` is ${JSON.stringify(e.body)}` : ''}${e.redelivered !== undefined ? ` redelivered=${e.redelivered}` : ''}${e.tag !== undefined ? ` tag ${e.tag}` : ''}${e.header ? ` with ${e.header.name} ~ ${e.header.includes}` : ''}`;
    case 'ready':
      return `queue ${e.queue} has ${e.count} ready`;
    case 'unacked':
      return `queue ${e.queue} has ${e.count} unacked`;
    case 'channelError':
      return `${e.actor}'s channel closed with ${e.code}${e.text ? ` (${e.text})` : ''}`;
    case 'noChannelError':
      return `${e.actor}'s channel stays open (no channel error)`;
    case 'returned':
      return `${e.actor} got ${e.count} basic.return`;
    case 'confirmed':
      return `${e.actor} got ${e.acks} publisher confirms`;
    case 'rpcReply':
      return `${e.actor} got reply ${JSON.stringify(e.body)} for correlation_id ${e.correlationId}`;
  }
}
