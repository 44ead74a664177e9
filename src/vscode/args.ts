// Parsing what a user types into the declare / publish prompts. Pure (no vscode import).
import { QUEUE_ARGUMENTS as BROKER_QUEUE_ARGUMENTS, type FieldTable, type FieldValue } from '../broker';

/** Queue arguments the declare prompt knows, with the type RabbitMQ expects (the broker's one table). */
export const QUEUE_ARGUMENTS: Record<string, { type: 'int' | 'string'; help: string }> = Object.fromEntries(
  BROKER_QUEUE_ARGUMENTS.map((a) => [a.key, { type: a.kind === 'int' ? 'int' : 'string', help: a.help }]),
);

/**
 * Parses `key=value, key=value` (commas or newlines) into a field table. Known integer arguments
 * must be whole numbers; `true`/`false` become booleans; other values that look like integers
 * become numbers, everything else stays a string. Throws an Error with a clear text on bad input.
 */
export function parseKeyValues(text: string, what = 'argument'): FieldTable {
  const out: FieldTable = {};
  for (const raw of text.split(/[,\n]/)) {
    const part = raw.trim();
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`${what} "${part}" must look like key=value`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!key) throw new Error(`${what} "${part}" has no key`);
    if (key in out) throw new Error(`${what} ${key} is given twice`);
    const known = QUEUE_ARGUMENTS[key];
    let v: FieldValue;
    if (known?.type === 'int') {
      if (!/^-?\d+$/.test(value)) throw new Error(`${what} ${key} must be a whole number (${known.help}), got "${value}"`);
      v = Number(value);
    } else if (value === 'true' || value === 'false') {
      v = value === 'true';
    } else if (/^-?\d{1,15}$/.test(value) && !known) {
      v = Number(value);
    } else {
      v = value;
    }
    out[key] = v;
  }
  return out;
}

/** Queue and exchange names as RabbitMQ accepts them: at most 255 bytes of UTF-8. */
export function nameError(name: string, kind: 'queue' | 'exchange'): string | undefined {
  if (Buffer.byteLength(name, 'utf8') > 255) return `A ${kind} name is at most 255 bytes.`;
  if (kind === 'queue' && name.startsWith('amq.')) return 'Queue names starting with "amq." are reserved (ACCESS_REFUSED).';
  if (kind === 'exchange' && !name) return 'Give the exchange a name ("" is the default exchange, which exists already).';
  return undefined;
}

/** `30m`, `90s`, `2h`, `1500` (ms) → milliseconds; throws on anything else. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?\s*$/i.exec(text);
  if (!m) throw new Error(`"${text}" is not a duration: use e.g. 90s, 30m, 2h or a number of milliseconds`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 'ms').toLowerCase();
  const ms = n * ({ ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 } as Record<string, number>)[unit]!;
  if (!Number.isFinite(ms) || ms > 365 * 86_400_000) throw new Error(`"${text}" is too long a jump (at most a year)`);
  return Math.round(ms);
}
