// exchange.declare / exchange.delete, and queue / exchange bindings (bind, unbind). Routing over the
// bindings is routing.ts; the binding lists themselves are bindings.ts.
import { addBinding, deleteExchange, findBinding, makeBinding, removeBinding } from './bindings';
import type { Core } from './core';
import { amqpError, rs, type MethodName } from './errors';
import { describeMismatch, fieldEquals, fieldNumber, typeName } from './fields';
import { checkExclusive, vhostOf } from './lookup';
import { Exchange, type ChannelLike, type Queue, type VHost } from './model';
import type { ExchangeDeclareArgs, ExchangeDeleteArgs, ExchangeType, FieldTable, FieldValue } from './types';

const EXCHANGE_TYPES: ReadonlySet<string> = new Set(['direct', 'fanout', 'topic', 'headers']);

const defaultExchangeRefused = (method: MethodName) => amqpError('ACCESS_REFUSED', 'operation not permitted on the default exchange', method);

/** The exchanges every vhost starts with. */
export function addBuiltinExchanges(v: VHost): void {
  const mk = (n: string, t: ExchangeType | 'default', internal = false) => v.exchanges.set(n, new Exchange(v, n, t, true, false, internal, {}, true));
  mk('', 'default');
  mk('amq.direct', 'direct');
  mk('amq.fanout', 'fanout');
  mk('amq.topic', 'topic');
  mk('amq.headers', 'headers');
  mk('amq.match', 'headers');
  mk('amq.rabbitmq.trace', 'topic', true);
}

export function exchangeDeclare(core: Core, ch: ChannelLike, a: ExchangeDeclareArgs): void {
  const v = vhostOf(core, ch);
  const name = a.exchange;
  const type = a.type ?? 'direct';
  if (name === '') throw ch.fail(defaultExchangeRefused('exchangeDeclare'));
  const existing = v.exchanges.get(name);
  if (a.passive) {
    if (existing === undefined) throw ch.fail(amqpError('NOT_FOUND', `no ${rs('exchange', name, v.name)}`, 'exchangeDeclare'));
    return;
  }
  if (name.startsWith('amq.')) throw ch.fail(amqpError('ACCESS_REFUSED', `exchange name '${name}' contains reserved prefix 'amq.*'`, 'exchangeDeclare'));
  if (!EXCHANGE_TYPES.has(type)) throw ch.connection.fail(amqpError('COMMAND_INVALID', `unknown exchange type '${type}'`, 'exchangeDeclare'), ch.number);
  const ae = a.arguments?.['alternate-exchange'];
  // rabbit_exchange:check_type_arg (probed on 3.10.8)
  if (ae !== undefined && typeof ae !== 'string') {
    throw ch.fail(
      amqpError('PRECONDITION_FAILED', `invalid type '${typeName(ae)}' for arg 'alternate-exchange' in ${rs('exchange', name, v.name)}`, 'exchangeDeclare'),
    );
  }
  const ex = new Exchange(v, name, type as ExchangeType, a.durable === true, a.autoDelete === true, a.internal === true, a.arguments ?? {}, false);
  if (existing !== undefined) {
    checkEquivalent(ch, existing, ex);
    return;
  }
  v.exchanges.set(name, ex);
  if (core.rec.on) core.rec.exchange('exchange-declared', ex, ch);
}

/** A redeclare must match type, durable, auto_delete, internal and alternate-exchange. */
function checkEquivalent(ch: ChannelLike, existing: Exchange, want: Exchange): void {
  const what = rs('exchange', want.name, want.vhost.name);
  const refuse = (detail: string) => ch.fail(amqpError('PRECONDITION_FAILED', `inequivalent arg ${detail}`, 'exchangeDeclare'));
  for (const [label, field] of [
    ['type', 'type'],
    ['durable', 'durable'],
    ['auto_delete', 'autoDelete'],
    ['internal', 'internal'],
  ] as const) {
    if (existing[field] !== want[field]) throw refuse(`'${label}' for ${what}: received '${String(want[field])}' but current is '${String(existing[field])}'`);
  }
  const ae = 'alternate-exchange';
  if (!fieldEquals(want.args[ae], existing.args[ae])) throw refuse(`'${ae}' for ${what}: ${describeMismatch(want.args[ae], existing.args[ae])}`);
}

/** Deleting a missing exchange is ok (RabbitMQ 3.x+). */
export function exchangeDelete(core: Core, ch: ChannelLike, a: ExchangeDeleteArgs): void {
  const v = vhostOf(core, ch);
  const name = a.exchange;
  if (name === '') throw ch.fail(defaultExchangeRefused('exchangeDelete'));
  // rabbit_channel:check_exchange_deletion (rule 39)
  if (name.startsWith('amq.')) throw ch.fail(amqpError('ACCESS_REFUSED', `deletion of system ${rs('exchange', name, v.name)} not allowed`, 'exchangeDelete'));
  const ex = v.exchanges.get(name);
  if (ex === undefined) return;
  if (a.ifUnused && ex.bindings.length > 0) throw ch.fail(amqpError('PRECONDITION_FAILED', `${rs('exchange', name, v.name)} in use`, 'exchangeDelete'));
  deleteExchange(core, ex);
}

/** What a bind / unbind names: its ends, looked up (unknown ones close the channel). */
interface BindingEnds {
  source: Exchange;
  queue: Queue | null;
  exchange: Exchange | null;
}

export function bind(
  core: Core,
  ch: ChannelLike,
  source: string,
  dest: string,
  destIsQueue: boolean,
  routingKey: string,
  args: FieldTable,
  method: MethodName,
): void {
  const v = vhostOf(core, ch);
  if (source === '' || (!destIsQueue && dest === '')) throw ch.fail(defaultExchangeRefused(method));
  const src = v.exchanges.get(source);
  if (src === undefined) throw ch.fail(amqpError('NOT_FOUND', `no ${rs('exchange', source, v.name)}`, method));
  const ends: BindingEnds = { source: src, queue: null, exchange: null };
  if (destIsQueue) {
    ends.queue = v.queues.get(dest) ?? null;
    if (ends.queue === null) throw ch.fail(amqpError('NOT_FOUND', `no ${rs('queue', dest, v.name)}`, method));
    checkExclusive(ch, ends.queue, method);
  } else {
    ends.exchange = v.exchanges.get(dest) ?? null;
    if (ends.exchange === null) throw ch.fail(amqpError('NOT_FOUND', `no ${rs('exchange', dest, v.name)}`, method));
  }
  if (src.type === 'headers') checkXMatch(ch, args, method);
  if (findBinding(src, ends.queue, ends.exchange, routingKey, args) !== undefined) return;
  addBinding(makeBinding(src, ends.queue, ends.exchange, routingKey, args));
  if (core.rec.on) core.rec.binding('binding-created', v.name, src.name, ends.queue, ends.exchange, routingKey, ch);
}

/** Unbinding something that is not bound is ok; on RabbitMQ also when the queue or an exchange is missing. */
export function unbind(
  core: Core,
  ch: ChannelLike,
  source: string,
  dest: string,
  destIsQueue: boolean,
  routingKey: string,
  args: FieldTable,
  method: MethodName,
): void {
  const v = vhostOf(core, ch);
  if (source === '') throw ch.fail(defaultExchangeRefused(method));
  const src = v.exchanges.get(source);
  const q = destIsQueue ? (v.queues.get(dest) ?? null) : null;
  const dx = destIsQueue ? null : (v.exchanges.get(dest) ?? null);
  // rabbit_binding:remove keeps only 'absent' errors, so a missing end answers unbind-ok (probed on 3.10.8)
  if (core.rules.unbindMissingIsOk && (src === undefined || (destIsQueue ? q === null : dx === null))) return;
  if (destIsQueue && q === null) throw ch.fail(amqpError('NOT_FOUND', `no ${rs('queue', dest, v.name)}`, method));
  if (src === undefined) throw ch.fail(amqpError('NOT_FOUND', `no ${rs('exchange', source, v.name)}`, method));
  if (!destIsQueue && dx === null) throw ch.fail(amqpError('NOT_FOUND', `no ${rs('exchange', dest, v.name)}`, method));
  const b = findBinding(src, q, dx, routingKey, args);
  if (b !== undefined) removeBinding(core, b, true);
}

const X_MATCH = new Set(['all', 'any', 'all-with-x', 'any-with-x']);

/** rabbit_exchange_type_headers:validate_binding (rule 42). */
function checkXMatch(ch: ChannelLike, args: FieldTable, method: MethodName): void {
  const m = args['x-match'];
  if (m === undefined) return;
  const fail = (detail: string) => ch.fail(amqpError('PRECONDITION_FAILED', detail, method));
  if (typeof m !== 'string') throw fail(`Invalid x-match field type ${typeName(m)} (value ${erlangValue(m)}); expected longstr`);
  if (!X_MATCH.has(m)) throw fail(`Invalid x-match field value <<"${m}">>; expected all, any, all-with-x, or any-with-x`);
}

/** A field value as Erlang's ~p prints it, for the scalar types a client sends. */
function erlangValue(v: FieldValue): string {
  const n = fieldNumber(v);
  if (n !== undefined) return String(n);
  if (typeof v === 'boolean' || v === null) return v === null ? 'undefined' : String(v);
  return typeName(v);
}
