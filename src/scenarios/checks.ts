// The expected outcomes of a scenario, checked against what the run recorded, and their descriptions.
import type { Backend } from './backend';
import { plain, type ActorRecord, type ScenarioRun } from './scenarioRun';
import type { Expectation } from './types';

export interface CheckResult {
  expectation: Expectation;
  ok: boolean;
  actual: string;
  skipped?: string;
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

/** Checks the expectations due after step `after` (undefined: at the end), skipping those not for this backend or server. */
export async function checkAfter(run: ScenarioRun, after: number | undefined, checks: CheckResult[]): Promise<void> {
  const backend = run.backend;
  for (const e of run.scenario.expect) {
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
    checks.push(await evaluate(e, run.actors, backend, run.rpcReplies));
  }
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
