// The one table of queue arguments (x-…) and their policy keys: type, limits, whether a redeclare must
// match, and the help the VS Code declare prompt shows. Validation (per profile) and the effective
// settings of a queue (argument + policy) are computed from it. Adding an argument = one row here
// (plus, for a new behaviour, the code that reads its effective value).
import { fieldEquals, fieldNumber, isTyped, typeName, describeMismatch } from './fields';
import type { ProfileRules } from './profile';
import type { FieldTable, FieldValue, QueueType } from './types';

export interface QueueArgument {
  readonly key: string;
  readonly kind: 'int' | 'string' | 'boolean' | 'enum';
  /** int: the smallest value accepted (0 → value_negative below it, 1 → value_zero). */
  readonly min?: number;
  /** int: the largest value accepted. */
  readonly max?: number;
  /** enum: the accepted values. */
  readonly values?: readonly string[];
  /** The policy definition key that sets the same thing (the lower of argument and policy wins for limits). */
  readonly policyKey?: string;
  /** A redeclare with a different value is 406 inequivalent arg. */
  readonly equivalent: boolean;
  /** Shown by the declare prompt. */
  readonly help: string;
}

/** In RabbitMQ's checking order. */
export const QUEUE_ARGUMENTS: readonly QueueArgument[] = [
  { key: 'x-message-ttl', kind: 'int', min: 0, policyKey: 'message-ttl', equivalent: true, help: 'ms a message may stay in the queue' },
  { key: 'x-max-length', kind: 'int', min: 0, policyKey: 'max-length', equivalent: true, help: 'ready messages kept (oldest dropped or dead-lettered)' },
  { key: 'x-max-length-bytes', kind: 'int', min: 0, policyKey: 'max-length-bytes', equivalent: true, help: 'ready bytes kept' },
  { key: 'x-expires', kind: 'int', min: 1, policyKey: 'expires', equivalent: true, help: 'ms of disuse before the queue is deleted' },
  {
    key: 'x-consumer-timeout',
    kind: 'int',
    min: 0,
    policyKey: 'consumer-timeout',
    equivalent: false,
    help: 'ms a delivery may stay unacked before the channel is closed',
  },
  { key: 'x-max-priority', kind: 'int', min: 0, max: 255, equivalent: true, help: 'priority levels (classic)' },
  {
    key: 'x-overflow',
    kind: 'enum',
    values: ['drop-head', 'reject-publish', 'reject-publish-dlx'],
    policyKey: 'overflow',
    equivalent: true,
    help: 'drop-head | reject-publish | reject-publish-dlx',
  },
  {
    key: 'x-dead-letter-exchange',
    kind: 'string',
    policyKey: 'dead-letter-exchange',
    equivalent: true,
    help: 'exchange for rejected / expired / dropped messages',
  },
  { key: 'x-dead-letter-routing-key', kind: 'string', policyKey: 'dead-letter-routing-key', equivalent: true, help: 'routing key for dead-lettered messages' },
  { key: 'x-single-active-consumer', kind: 'boolean', equivalent: true, help: 'true | false' },
  { key: 'x-delivery-limit', kind: 'int', policyKey: 'delivery-limit', equivalent: true, help: 'deliveries before a message is dead-lettered (quorum)' },
  { key: 'x-queue-mode', kind: 'string', equivalent: true, help: 'lazy | default' },
];

const BY_KEY = new Map(QUEUE_ARGUMENTS.map((a) => [a.key, a]));

/** The table row of an argument, or undefined for one the broker does not know. */
export function queueArgument(key: string): QueueArgument | undefined {
  return BY_KEY.get(key);
}

/** Queue-type rules of x-delivery-limit and x-max-priority (checked before the generic ones). */
function typeSpecificProblem(what: string, type: QueueType, args: FieldTable, rules: ProfileRules): string | null {
  const dl = args['x-delivery-limit'];
  if (dl !== undefined) {
    if (rules.argumentErrors === 'lavinmq') {
      const n = fieldNumber(dl);
      if (n === undefined) return 'x-delivery-limit header not a Int';
      if (n < 0) return 'x-delivery-limit header less than minimum value 0';
    } else if (type === 'classic') {
      return `invalid arg 'x-delivery-limit' for ${what} of queue type rabbit_classic_queue`;
    } else if (fieldNumber(dl) === undefined) {
      return `invalid arg 'x-delivery-limit' for ${what}: {unacceptable_type,${typeName(dl)}}`;
    }
  }
  if (args['x-max-priority'] !== undefined && type === 'quorum' && rules.quorumRefusesMaxPriority) {
    // 4.2's quorum queues have their own two priority levels and do not take x-max-priority
    return `invalid arg 'x-max-priority' for ${what} of queue type rabbit_quorum_queue`;
  }
  return null;
}

const lavinmq = (rules: ProfileRules): boolean => rules.argumentErrors === 'lavinmq';

function isWholeNumber(v: FieldValue): boolean {
  const n = fieldNumber(v);
  if (n === undefined || !Number.isInteger(n)) return false;
  return !(isTyped(v) && (v.$type === 'f' || v.$type === 'd' || v.$type === 'D'));
}

function intProblem(a: QueueArgument, what: string, v: FieldValue, rules: ProfileRules): string | null {
  const k = a.key,
    min = a.min ?? 0;
  const lav = rules.argumentErrors === 'lavinmq';
  if (!isWholeNumber(v)) {
    // rabbit_amqqueue:check_int_arg formats the type into a string (checked against RabbitMQ 3.10.8)
    return lav ? `${k} header not a Int` : `invalid arg '${k}' for ${what}: "expected integer, got ${typeName(v)}"`;
  }
  const n = fieldNumber(v)!;
  if (n < min) {
    if (lav) return `${k} header less than minimum value ${min}`;
    // rabbit_amqqueue:check_expires_arg: 0 is value_zero, below 0 value_negative
    return min === 0 || n < 0 ? `invalid arg '${k}' for ${what}: {value_negative,${n}}` : `invalid arg '${k}' for ${what}: {value_zero,${n}}`;
  }
  // rabbit_amqqueue:check_max_priority_arg (?MAX_SUPPORTED_PRIORITY); LavinMQ's IntValidator(0, 255)
  if (a.max !== undefined && n > a.max) {
    return lav ? `${k} header greater than maximum value ${a.max}` : `invalid arg '${k}' for ${what}: {max_value_exceeded,${n}}`;
  }
  return null;
}

function argProblem(a: QueueArgument, what: string, args: FieldTable, rules: ProfileRules): string | null {
  const v = args[a.key];
  if (v === undefined) return null;
  switch (a.kind) {
    case 'int':
      return a.min === undefined ? null : intProblem(a, what, v, rules);
    case 'enum':
      if (typeof v === 'string' && a.values!.includes(v)) return null;
      // rabbit_amqqueue:check_overflow (probed on 3.10.8)
      return `invalid arg '${a.key}' for ${what}: ${typeof v === 'string' ? 'invalid_overflow' : `{unacceptable_type,${typeName(v)}}`}`;
    case 'boolean':
      return typeof v === 'boolean' ? null : `invalid arg '${a.key}' for ${what}: {unacceptable_type,${typeName(v)}}`;
    case 'string':
      if (a.key === 'x-queue-mode') return null;
      // rabbit_amqqueue:check_dlxname_arg words a bad type differently from the other string arguments (probed)
      if (typeof v !== 'string' && a.key === 'x-dead-letter-exchange' && !lavinmq(rules)) return `invalid type '${typeName(v)}' for arg '${a.key}' in ${what}`;
      if (typeof v !== 'string') return `invalid arg '${a.key}' for ${what}: {unacceptable_type,${typeName(v)}}`;
      if (a.key === 'x-dead-letter-routing-key' && rules.dlrkNeedsDlx && args['x-dead-letter-exchange'] === undefined) {
        return `invalid arg '${a.key}' for ${what}: routing_key_but_no_dlx_defined`;
      }
      return null;
  }
}

/**
 * rabbit_amqqueue's checks of arguments AckLab accepts but does not act on (x-queue-mode, x-queue-version,
 * x-dead-letter-strategy): the texts 3.10.8 sends (probed) and 4.2's source has. Not on LavinMQ.
 */
function unusedArgProblem(what: string, type: QueueType, args: FieldTable): string | null {
  const bad = (key: string, detail: string) => `invalid arg '${key}' for ${what}: ${detail}`;
  const mode = args['x-queue-mode'];
  if (mode !== undefined) {
    if (typeof mode !== 'string') return bad('x-queue-mode', `{unacceptable_type,${typeName(mode)}}`);
    if (mode !== 'default' && mode !== 'lazy') return bad('x-queue-mode', `"unsupported queue mode '${mode}'"`);
  }
  const version = args['x-queue-version'];
  if (version !== undefined) {
    if (!isWholeNumber(version)) return bad('x-queue-version', `"expected integer, got ${typeName(version)}"`);
    const n = fieldNumber(version)!;
    if (n < 0) return bad('x-queue-version', `{value_negative,${n}}`);
    if (n !== 1 && n !== 2) return bad('x-queue-version', `"unsupported queue version '${n}'"`);
  }
  const strategy = args['x-dead-letter-strategy'];
  if (strategy !== undefined && type === 'quorum') {
    if (typeof strategy !== 'string') return bad('x-dead-letter-strategy', `{unacceptable_type,${typeName(strategy)}}`);
    if (strategy !== 'at-most-once' && strategy !== 'at-least-once') return bad('x-dead-letter-strategy', 'invalid_dlx_strategy');
  }
  return null;
}

/** Queue-argument validation (RabbitMQ's rabbit_amqqueue:check_arguments texts, or LavinMQ's). Null = fine. */
export function checkQueueArgs(what: string, type: QueueType, args: FieldTable, rules: ProfileRules): string | null {
  const p = typeSpecificProblem(what, type, args, rules);
  if (p !== null) return p;
  for (const a of QUEUE_ARGUMENTS) {
    if (a.key === 'x-delivery-limit') continue;
    const q = argProblem(a, what, args, rules);
    if (q !== null) return q;
  }
  return lavinmq(rules) ? null : unusedArgProblem(what, type, args);
}

/**
 * The first argument a redeclare gives differently, as the text after "inequivalent arg": RabbitMQ 4.x
 * stores the queue type in the arguments (the vhost default, classic, when not given), so a redeclare
 * without x-queue-type matches a classic queue only. Null = equivalent.
 */
export function inequivalentArg(what: string, type: QueueType, was: FieldTable, now: FieldTable): string | null {
  for (const a of QUEUE_ARGUMENTS) {
    if (!a.equivalent || fieldEquals(was[a.key], now[a.key])) continue;
    return `inequivalent arg '${a.key}' for ${what}: ${describeMismatch(now[a.key], was[a.key])}`;
  }
  const qt = now['x-queue-type'];
  if (qt === undefined && type === 'classic') return null;
  if (fieldEquals(type, qt)) return null;
  return `inequivalent arg 'x-queue-type' for ${what}: ${describeMismatch(qt, type)}`;
}

/** A queue's settings from its arguments and its policy's definition (-1 = none). */
export interface EffectiveSettings {
  messageTtl: number;
  maxLength: number;
  maxBytes: number;
  consumerTimeout: number;
  expires: number;
  overflow: string | undefined;
  dlx: string | null;
  dlrk: string | null;
  singleActive: boolean;
  deliveryLimit: number;
}

const lower = (a: number, b: number): number => (a < 0 ? b : b < 0 ? a : Math.min(a, b));

/** Effective settings: the lower of argument and policy wins for limits and TTLs (rule 14 for delivery limits). */
export function effectiveSettings(type: QueueType, args: FieldTable, pd: Record<string, string | number | boolean>, rules: ProfileRules): EffectiveSettings {
  const arg = (key: string): number => {
    const n = fieldNumber(args[key]);
    return n === undefined ? -1 : n;
  };
  const pol = (key: string): number => {
    const v = pd[BY_KEY.get(key)!.policyKey!];
    return typeof v === 'number' ? v : -1;
  };
  const both = (key: string): number => lower(arg(key), pol(key));
  const str = (key: string): string | null => {
    const v = args[key] ?? pd[BY_KEY.get(key)!.policyKey!];
    return typeof v === 'string' ? v : null;
  };
  return {
    messageTtl: both('x-message-ttl'),
    maxLength: both('x-max-length'),
    maxBytes: both('x-max-length-bytes'),
    consumerTimeout: both('x-consumer-timeout'),
    expires: both('x-expires'),
    overflow: (args['x-overflow'] as string | undefined) ?? (pd['overflow'] as string | undefined),
    dlx: str('x-dead-letter-exchange'),
    dlrk: str('x-dead-letter-routing-key'),
    singleActive: args['x-single-active-consumer'] === true,
    deliveryLimit: deliveryLimit(type, args, pd, rules, both('x-delivery-limit')),
  };
}

function deliveryLimit(type: QueueType, args: FieldTable, pd: Record<string, string | number | boolean>, rules: ProfileRules, lowest: number): number {
  if (rules.deliveryLimit === 'any-queue-deliveries') return lowest;
  if (type !== 'quorum') return -1;
  // negative = unlimited; both set: the lower wins (rule 14)
  const a = fieldNumber(args['x-delivery-limit']);
  const p = typeof pd['delivery-limit'] === 'number' ? (pd['delivery-limit'] as number) : undefined;
  let lim: number;
  if (a === undefined && p === undefined) lim = rules.quorumDefaultDeliveryLimit;
  else if (a === undefined) lim = p!;
  else if (p === undefined) lim = a;
  else lim = Math.min(a < 0 ? Infinity : a, p < 0 ? Infinity : p);
  return lim < 0 || lim === Infinity ? -1 : lim;
}
