// Dead-lettering (rules 27–29): where a copy that left its queue (rejected, expired, over max-length,
// over the delivery limit) goes, with which headers. This decides; queue.ts enqueues the new copies.
import type { Core } from './core';
import { fieldNumber, isTyped, long, timestamp } from './fields';
import type { Exchange, Msg, Queue } from './model';
import type { ProfileRules } from './profile';
import { ccFromHeaders, routeAll } from './senderRoutes';
import type { BasicProperties, DeadLetterReason, DropReason, FieldTable, FieldValue } from './types';

export type DeadLetterPlan =
  | { readonly drop: DropReason; readonly exchange: string }
  | {
      readonly drop: null;
      readonly dlx: Exchange;
      readonly routingKey: string;
      /** The dead letter's CC / BCC keys (rule 41): the original ones, none with a dead-letter routing key. */
      readonly cc: readonly string[] | null;
      readonly properties: BasicProperties;
      readonly targets: Queue[];
    };

/** Decides a copy's fate: dropped (no DLX, DLX missing, routed nowhere or only into a cycle) or dead-lettered to `targets`. */
export function planDeadLetter(core: Core, m: Msg, reason: DeadLetterReason): DeadLetterPlan {
  const q = m.queue;
  if (q.dlx === null) return { drop: reason, exchange: '' };
  const ex = q.vhost.exchanges.get(q.dlx);
  if (ex === undefined) return { drop: 'dlx-unroutable', exchange: q.dlx };
  const cc = m.cc ?? ccFromHeaders(m.properties.headers);
  const props = deathProperties(m, reason, core.t, core.rules, cc);
  const rk = q.dlrk ?? m.routingKey;
  // with a dead-letter routing key only that key routes; without, every key the message had (rabbit_dead_letter)
  const keptCc = q.dlrk === null ? cc : null;
  let targets: Queue[] = [];
  if (keptCc !== null) targets = routeAll(core, ex, [rk, ...keptCc], props.headers);
  else core.router.route(ex, rk, props.headers, targets);
  let kept = targets;
  if (reason !== 'rejected') {
    const deaths = props.headers!['x-death'] as FieldTable[];
    kept = targets.filter((t) => !isCycle(t.name, deaths));
  }
  if (kept.length === 0) return { drop: targets.length > 0 ? 'dlx-cycle' : 'dlx-unroutable', exchange: ex.name };
  return { drop: null, dlx: ex, routingKey: rk, cc: keptCc, properties: props, targets: kept };
}

/** A dead-letter cycle: the target queue is already in x-death with no rejection since (rule 29). */
function isCycle(target: string, deaths: FieldTable[]): boolean {
  for (const d of deaths) {
    if (d.reason === 'rejected') return false;
    if (d.queue === target) return true;
  }
  return false;
}

/**
 * x-death, x-first-death-*, x-last-death-* (rule 28); the expiration property is removed, and CC too when a
 * dead-letter routing key replaces the keys. RabbitMQ's tables come out sorted by key (rule 43).
 */
function deathProperties(m: Msg, reason: DeadLetterReason, now: number, rules: ProfileRules, cc: readonly string[] | null): BasicProperties {
  const q = m.queue;
  const old = m.properties;
  const headers: FieldTable = { ...(old.headers ?? {}) };
  if (q.dlrk !== null) delete headers.CC;
  const prev = Array.isArray(headers['x-death']) ? (headers['x-death'] as FieldValue[]) : [];
  const deaths: FieldTable[] = [];
  let found: FieldTable | undefined;
  for (const d of prev) {
    if (d === null || typeof d !== 'object' || Array.isArray(d) || d instanceof Uint8Array || isTyped(d)) continue;
    const t = d as FieldTable;
    if (found === undefined && t.queue === q.name && t.reason === reason) found = t;
    else deaths.push(t);
  }
  deaths.unshift(found !== undefined ? { ...found, count: long((fieldNumber(found.count) ?? 0) + 1) } : newDeath(m, reason, now, cc));
  headers['x-death'] = deaths;
  if (headers['x-first-death-reason'] === undefined) {
    headers['x-first-death-reason'] = reason;
    headers['x-first-death-queue'] = q.name;
    headers['x-first-death-exchange'] = m.exchange;
  }
  if (rules.lastDeathHeaders) {
    headers['x-last-death-reason'] = reason;
    headers['x-last-death-queue'] = q.name;
    headers['x-last-death-exchange'] = m.exchange;
  }
  const props: BasicProperties = { ...old, headers: rules.sortsBuiltHeaders ? sortedByKey(headers) : headers };
  delete props.expiration;
  return props;
}

/** Keys in byte order, as Erlang sorts binaries (the keys are ASCII in practice; code-unit order otherwise). */
function sortedByKey(t: FieldTable): FieldTable {
  const out: FieldTable = {};
  for (const k of Object.keys(t).sort()) out[k] = t[k]!;
  return out;
}

function newDeath(m: Msg, reason: DeadLetterReason, now: number, cc: readonly string[] | null): FieldTable {
  const entry: FieldTable = {
    count: long(1),
    reason,
    queue: m.queue.name,
    time: timestamp(Math.floor(now / 1000)),
    exchange: m.exchange,
    'routing-keys': cc === null ? [m.routingKey] : [m.routingKey, ...cc],
  };
  if (m.properties.expiration !== undefined) entry['original-expiration'] = m.properties.expiration;
  return entry;
}
