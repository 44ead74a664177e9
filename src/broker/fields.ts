// Field-table helpers: reading typed numbers, RabbitMQ's type names for error texts, equality,
// and a JSON form for durable state.
import type { FieldTable, FieldValue, TypedValue } from './types';

export function isTyped(v: unknown): v is TypedValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && typeof (v as { $type?: unknown }).$type === 'string';
}

/** A long (int64) field value, as RabbitMQ writes x-death counts and x-delivery-count. */
export function long(value: number): TypedValue {
  return { $type: 'l', value };
}
/** An AMQP timestamp (seconds). */
export function timestamp(seconds: number): TypedValue {
  return { $type: 'T', value: seconds };
}

/** The number in a field value (plain or typed), or undefined when it is not numeric. */
export function fieldNumber(v: FieldValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (isTyped(v)) {
    if (v.$type === 'D') return v.value / Math.pow(10, v.scale);
    return typeof v.value === 'bigint' ? Number(v.value) : v.value;
  }
  return undefined;
}

/** RabbitMQ's name of a field value's type (rabbit_binary_parser / rabbit_misc:val). */
export function typeName(v: FieldValue): string {
  if (typeof v === 'string') return 'longstr';
  if (typeof v === 'boolean') return 'bool';
  if (v === null) return 'void';
  if (v instanceof Uint8Array) return 'binary';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? (v >= -2147483648 && v <= 2147483647 ? 'signedint' : 'long') : 'double';
  if (isTyped(v)) {
    switch (v.$type) {
      case 'b':
        return 'byte';
      case 'B':
        return 'unsignedbyte';
      case 's':
        return 'short';
      case 'u':
        return 'unsignedshort';
      case 'I':
        return 'signedint';
      case 'i':
        return 'unsignedint';
      case 'l':
        return 'long';
      case 'f':
        return 'float';
      case 'd':
        return 'double';
      case 'D':
        return 'decimal';
      case 'T':
        return 'timestamp';
    }
  }
  return 'table';
}

function plain(v: FieldValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (v === null) return 'undefined';
  if (isTyped(v)) return String(fieldNumber(v));
  return JSON.stringify(toJsonValue(v));
}

/** "the value '1000' of type 'long'" or "none" — rabbit_misc:val/1 as used in inequivalent-arg errors. */
export function describeValue(v: FieldValue | undefined): string {
  if (v === undefined) return 'none';
  return `the value '${plain(v)}' of type '${typeName(v)}'`;
}

function typeClass(v: FieldValue): string {
  const t = typeName(v);
  if (['byte', 'unsignedbyte', 'short', 'unsignedshort', 'signedint', 'unsignedint', 'long'].includes(t)) return 'int';
  if (t === 'float' || t === 'double') return 'float';
  return t;
}

/**
 * "received X but current is Y" as rabbit_misc:assert_args_equivalence words it: both present with
 * the same type class → plain values ('6' … '5'); otherwise typed values or "none".
 */
export function describeMismatch(received: FieldValue | undefined, current: FieldValue | undefined): string {
  if (received !== undefined && current !== undefined && typeClass(received) === typeClass(current)) {
    return `received '${plain(received)}' but current is '${plain(current)}'`;
  }
  return `received ${describeValue(received)} but current is ${describeValue(current)}`;
}

export function fieldEquals(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  const na = fieldNumber(a),
    nb = fieldNumber(b);
  if (na !== undefined || nb !== undefined) return na === nb;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false;
    return a.every((x, i) => fieldEquals(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a),
      kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => fieldEquals((a as FieldTable)[k], (b as FieldTable)[k]));
  }
  return false;
}

/** A JSON-safe form: Uint8Array → {$bytes: base64}, bigint → {$type, value: string, $big: true}. */
export function toJsonValue(v: FieldValue): unknown {
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v === null || typeof v !== 'object') return v;
  if (isTyped(v)) return typeof v.value === 'bigint' ? { ...v, value: v.value.toString(), $big: true } : { ...v };
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = toJsonValue((v as FieldTable)[k]!);
  return out;
}

export function fromJsonValue(v: unknown): FieldValue {
  if (Array.isArray(v)) return v.map(fromJsonValue);
  if (v === null || typeof v !== 'object') return v as FieldValue;
  const o = v as Record<string, unknown>;
  if (typeof o.$bytes === 'string') return new Uint8Array(Buffer.from(o.$bytes, 'base64'));
  if (typeof o.$type === 'string') {
    if (o.$big === true) return { $type: o.$type, value: BigInt(o.value as string) } as TypedValue;
    return { ...o } as unknown as TypedValue;
  }
  const out: FieldTable = {};
  for (const k of Object.keys(o)) out[k] = fromJsonValue(o[k]);
  return out;
}

export function tableToJson(t: FieldTable): FieldTable {
  return toJsonValue(t) as FieldTable;
}
export function tableFromJson(t: unknown): FieldTable {
  return (t && typeof t === 'object' ? fromJsonValue(t) : {}) as FieldTable;
}
