// Bindings between exchanges and queues (and exchange-to-exchange), and deleting an exchange. Shared by
// exchanges.ts (declare, bind, unbind) and queue deletion. Routing over them is routing.ts.
import type { Core } from './core';
import { Binding, type Exchange } from './model';
import { fieldEquals } from './fields';
import type { FieldTable } from './types';

function rm<T>(arr: T[], x: T): void {
  const i = arr.indexOf(x);
  if (i >= 0) arr.splice(i, 1);
}

/** A new binding (topic patterns are split into words once, here). */
export function makeBinding(src: Exchange, q: Binding['queue'], dx: Exchange | null, rk: string, args: FieldTable): Binding {
  return new Binding(src, q, dx, rk, args, src.type === 'topic' ? (rk === '' ? [] : rk.split('.')) : null);
}

export function addBinding(b: Binding): void {
  const src = b.source;
  src.bindings.push(b);
  if (src.type === 'direct') {
    const list = src.direct.get(b.routingKey);
    if (list) list.push(b);
    else src.direct.set(b.routingKey, [b]);
  }
  if (b.queue) b.queue.bindings.push(b);
  if (b.exchange) b.exchange.boundTo.push(b);
}

export function findBinding(src: Exchange, q: Binding['queue'], dx: Exchange | null, rk: string, args: FieldTable): Binding | undefined {
  return src.bindings.find((b) => b.queue === q && b.exchange === dx && b.routingKey === rk && fieldEquals(b.args, args));
}

/** Removes a binding; an auto-delete source exchange goes with its last binding. */
export function removeBinding(core: Core, b: Binding, fromSource: boolean): void {
  const src = b.source;
  rm(src.bindings, b);
  if (src.type === 'direct') {
    const list = src.direct.get(b.routingKey);
    if (list) {
      rm(list, b);
      if (list.length === 0) src.direct.delete(b.routingKey);
    }
  }
  if (b.queue) rm(b.queue.bindings, b);
  if (b.exchange) rm(b.exchange.boundTo, b);
  if (core.rec.on) core.rec.binding('binding-deleted', src.vhost.name, src.name, b.queue, b.exchange, b.routingKey, null);
  // an auto-delete exchange goes when its last binding (as source) goes
  if (fromSource || b.queue !== null || b.exchange !== null) {
    if (src.autoDelete && src.bindings.length === 0 && !src.builtin) deleteExchange(core, src);
  }
}

export function deleteExchange(core: Core, ex: Exchange): void {
  const v = ex.vhost;
  if (v.exchanges.get(ex.name) !== ex) return;
  v.exchanges.delete(ex.name);
  for (const b of [...ex.bindings]) removeBinding(core, b, false);
  for (const b of [...ex.boundTo]) removeBinding(core, b, true);
  if (core.rec.on) core.rec.exchange('exchange-deleted', ex, null);
}

/** Removes every binding to a queue being deleted. */
export function deleteBindingsOf(core: Core, q: NonNullable<Binding['queue']>): void {
  for (const b of [...q.bindings]) removeBinding(core, b, true);
}
