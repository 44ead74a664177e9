// Sender-selected distribution (rule 41): the `CC` and `BCC` headers (arrays of strings) add routing keys to
// a publish; `BCC` is removed before the message is stored, so no consumer sees it. The extra keys stay with
// the message: dead-lettering lists them in x-death `routing-keys` and re-routes to all of them unless the
// queue sets a dead-letter routing key (then the CC header goes). As rabbit_basic:header_routes / make_msg.
import type { Core } from './core';
import { amqpError } from './errors';
import { typeName } from './fields';
import type { ChannelLike, Exchange, Queue } from './model';
import type { BasicProperties, FieldTable } from './types';

/** The extra routing keys of a publish (CC then BCC), and its properties without BCC. */
export interface SenderRoutes {
  readonly properties: BasicProperties;
  /** null when the publish has neither header (the common case allocates nothing). */
  readonly keys: readonly string[] | null;
}

/** Reads CC / BCC; a header of another type than array closes the channel with RabbitMQ's 406. */
export function senderRoutes(ch: ChannelLike, props: BasicProperties): SenderRoutes {
  const h = props.headers;
  if (h === undefined || (h.CC === undefined && h.BCC === undefined)) return { properties: props, keys: null };
  const keys: string[] = [];
  for (const name of ['CC', 'BCC'] as const) {
    const v = h[name];
    if (v === undefined) continue;
    if (!Array.isArray(v)) {
      throw ch.fail(amqpError('PRECONDITION_FAILED', `invalid message: {unacceptable_type_in_header,"${name}",${typeName(v)}}`, 'basicPublish'));
    }
    for (const k of v) if (typeof k === 'string') keys.push(k); // other element types are skipped, as RabbitMQ does
  }
  if (h.BCC === undefined) return { properties: props, keys };
  const { BCC: _bcc, ...rest } = h;
  return { properties: { ...props, headers: rest }, keys };
}

/** CC keys read back from a stored message's headers (after a restart the in-memory list is gone; BCC is lost). */
export function ccFromHeaders(h: FieldTable | undefined): readonly string[] | null {
  const cc = h?.CC;
  if (!Array.isArray(cc)) return null;
  const keys = cc.filter((k): k is string => typeof k === 'string');
  return keys.length > 0 ? keys : null;
}

/** Every queue `ex` routes any of `keys` to, each once (rare path: CC/BCC publishes and dead letters). */
export function routeAll(core: Core, ex: Exchange, keys: readonly string[], headers: FieldTable | undefined): Queue[] {
  const seen = new Set<Queue>();
  const one: Queue[] = [];
  for (const k of keys) {
    one.length = 0;
    core.router.route(ex, k, headers, one);
    for (const q of one) seen.add(q);
  }
  return [...seen];
}
