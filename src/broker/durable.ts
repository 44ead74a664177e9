// What survives a restart (RabbitMQ's rules): durableState() writes it as JSON-safe data, restoreDurable()
// rebuilds exchanges, queues, messages and bindings from it. store.ts saves and loads the file.
import { addBinding, findBinding, makeBinding } from './bindings';
import type { Core } from './core';
import type { QueueDeclarer } from './declare';
import { tableFromJson, tableToJson } from './fields';
import { bindingSnap, unackedOf } from './inspect';
import { Exchange, Msg, S_READY, type Queue, type VHost } from './model';
import type { QueueEngine } from './queue';
import type { BasicProperties, DurableState, ExchangeType } from './types';

type DurableQueue = DurableState['queues'][number];

/**
 * Durable exchanges, durable queues (not exclusive), bindings between durable ends, and persistent
 * messages (delivery mode 2; every message of a quorum queue) in durable queues — unacked ones as ready
 * and redelivered, in queue order.
 */
export function durableState(core: Core): DurableState {
  const state: DurableState = { version: 1, profile: core.rules.name, vhosts: [...core.vhosts.keys()], exchanges: [], queues: [], bindings: [] };
  for (const v of core.vhosts.values()) {
    for (const ex of v.exchanges.values()) {
      if (ex.builtin || !ex.durable || ex.type === 'default') continue;
      state.exchanges.push({ vhost: v.name, name: ex.name, type: ex.type, autoDelete: ex.autoDelete, internal: ex.internal, arguments: tableToJson(ex.args) });
    }
    for (const q of v.queues.values()) if (q.durable && !q.exclusive) state.queues.push(durableQueue(core, v, q));
    for (const ex of v.exchanges.values()) {
      if (!ex.durable || ex.type === 'default') continue;
      for (const b of ex.bindings) {
        const destDurable = b.queue ? b.queue.durable && !b.queue.exclusive : b.exchange!.durable;
        if (destDurable) state.bindings.push({ ...bindingSnap(b), arguments: tableToJson(b.args) });
      }
    }
  }
  return state;
}

function durableQueue(core: Core, v: VHost, q: Queue): DurableQueue {
  const msgs: Msg[] = q.readyList();
  // unacked copies (tx-pending settles included: they keep their tag and channel) go back as ready
  for (const [m] of unackedOf(core, q)) msgs.push(m);
  msgs.sort((a, b) => a.pos - b.pos);
  const keep = msgs.filter((m) => q.type === 'quorum' || m.properties.deliveryMode === 2);
  return {
    vhost: v.name,
    name: q.name,
    type: q.type,
    autoDelete: q.autoDelete,
    arguments: tableToJson(q.args),
    messages: keep.map((m) => ({
      exchange: m.exchange,
      routingKey: m.routingKey,
      properties: m.properties.headers ? { ...m.properties, headers: tableToJson(m.properties.headers) } : { ...m.properties },
      body: Buffer.from(m.body).toString('base64'),
      redelivered: m.deliveries > 0,
      deliveryCount: m.deliveries,
      expiresAt: m.expiresAt < 0 ? null : m.expiresAt,
    })),
  };
}

/** Rebuilds what `durableState` saved into a new broker (vhosts are added by `addVhost`). */
export function restoreDurable(core: Core, declarer: QueueDeclarer, queues: QueueEngine, s: DurableState, addVhost: (name: string) => void): void {
  if (s.version !== 1) throw new Error(`unsupported durable state version ${String(s.version)}`);
  core.rec.t = core.clock.now();
  for (const vn of s.vhosts) addVhost(vn);
  for (const e of s.exchanges) {
    const v = core.vhosts.get(e.vhost);
    if (!v || v.exchanges.has(e.name)) continue;
    v.exchanges.set(e.name, new Exchange(v, e.name, e.type as ExchangeType, true, e.autoDelete, e.internal, tableFromJson(e.arguments), false));
  }
  for (const qs of s.queues) restoreQueue(core, declarer, qs);
  for (const b of s.bindings) {
    const v = core.vhosts.get(b.vhost);
    const src = v?.exchanges.get(b.source);
    if (!v || !src) continue;
    const q = b.destinationType === 'queue' ? (v.queues.get(b.destination) ?? null) : null;
    const dx = b.destinationType === 'exchange' ? (v.exchanges.get(b.destination) ?? null) : null;
    if (!q && !dx) continue;
    const args = tableFromJson(b.arguments);
    if (findBinding(src, q, dx, b.routingKey, args)) continue;
    addBinding(makeBinding(src, q, dx, b.routingKey, args));
  }
  for (const v of core.vhosts.values()) for (const q of v.queues.values()) queues.afterReadyChange(q);
  if (core.rec.on) core.rec.restored(s.queues.length);
}

function restoreQueue(core: Core, declarer: QueueDeclarer, qs: DurableQueue): void {
  const v = core.vhosts.get(qs.vhost);
  if (!v || v.queues.has(qs.name)) return;
  const q = declarer.create(v, qs.name, qs.type, true, null, false, qs.autoDelete, tableFromJson(qs.arguments));
  for (const sm of qs.messages) {
    const props: BasicProperties = { ...sm.properties };
    if (props.headers) props.headers = tableFromJson(props.headers);
    const m = new Msg(
      core.nextMsgId++,
      core.nextPublishId++,
      q,
      sm.exchange,
      sm.routingKey,
      props,
      new Uint8Array(Buffer.from(sm.body, 'base64')),
      q.nextPos++,
      sm.expiresAt === null ? -1 : sm.expiresAt,
    );
    m.deliveries = Math.max(sm.deliveryCount, sm.redelivered ? 1 : 0);
    core.setState(m, S_READY);
    q.pushNew(m);
  }
  if (core.rec.on) core.rec.queue('queue-declared', q, 'restored', q.ready);
}
