// The one way `acklab` commands read their arguments: a typed option table parsed with
// node:util.parseArgs, which also generates the command's --help text. Values are converted and
// checked by each option's `parse` (the helpers below), so every bad value is a UsageError that
// names the option; unknown options and missing values get the same wording in every command.
import { parseArgs } from 'node:util';
import { UsageError } from './command';

interface OptionBase {
  readonly help: string;
  readonly short?: string;
}
/** `--name` on its own: true when given. */
export interface FlagOption extends OptionBase {
  readonly type: 'boolean';
}
/** `--name VALUE` or `--name=VALUE`; `multiple` options may repeat and collect into an array. */
export interface ValueOption<T, M extends boolean = boolean> extends OptionBase {
  readonly type: 'string';
  /** The placeholder shown in help, e.g. `N` in `--amqp-port N`. */
  readonly value: string;
  readonly multiple: M;
  /** Converts and checks the raw text; throws a UsageError (see `bad`) on bad input. */
  readonly parse: (raw: string, flag: string) => T;
}
export type OptionSpec = FlagOption | ValueOption<unknown>;
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** The typed result for an option table: flags are booleans, repeatable options arrays, others T | undefined. */
export type OptionValues<O extends OptionTable> = {
  -readonly [K in keyof O]: O[K] extends FlagOption
    ? boolean
    : O[K] extends ValueOption<infer T, true>
      ? T[]
      : O[K] extends ValueOption<infer T, false>
        ? T | undefined
        : never;
};

export interface CommandSpec<O extends OptionTable> {
  /** As typed after `acklab`, e.g. `scenario`. */
  readonly name: string;
  /** One line for `acklab --help`. */
  readonly summary: string;
  /** Usage lines after `acklab <name>`, e.g. `run NAME [--amqp-url URL]`; default `[options]`. */
  readonly usage?: readonly string[];
  /** Paragraphs printed between the usage and the options. */
  readonly description?: string;
  readonly options: O;
  /** Positional arguments: the words printed in help and how many are allowed (default none). */
  readonly positionals?: { readonly max: number };
  /** Printed after the options (exit codes, examples). */
  readonly footer?: string;
}

export interface ParsedArgs<O extends OptionTable> {
  readonly help: boolean;
  readonly values: OptionValues<O>;
  readonly positionals: string[];
}

const HELP_OPTION: FlagOption = { type: 'boolean', short: 'h', help: 'show this help' };

/** A boolean option. */
export function flag(help: string, short?: string): FlagOption {
  return short === undefined ? { type: 'boolean', help } : { type: 'boolean', help, short };
}

/** An option taking a value, converted by `parse` (the raw string when omitted). */
export function option<T = string>(value: string, help: string, parse?: (raw: string, flag: string) => T): ValueOption<T, false> {
  return { type: 'string', value, help, multiple: false, parse: parse ?? ((raw) => raw as T) };
}

/** A repeatable option; each occurrence is converted by `parse`. */
export function repeated<T = string>(value: string, help: string, parse?: (raw: string, flag: string) => T): ValueOption<T, true> {
  return { type: 'string', value, help, multiple: true, parse: parse ?? ((raw) => raw as T) };
}

/** A UsageError naming the option and the value it got. */
export function bad(flagName: string, expected: string, raw: string): UsageError {
  return new UsageError(`${flagName} must be ${expected}, got '${raw}'`);
}

/** `what 'value' …` followed by the allowed values, one per line (long lists stay readable). */
export function notOneOf(what: string, raw: string, allowed: readonly string[]): UsageError {
  return new UsageError(`unknown ${what} '${raw}'; known ${what}s:\n${allowed.map((a) => `  ${a}`).join('\n')}`);
}

/** parse: one of a fixed list of words. */
export function choice<const T extends string>(allowed: readonly T[]): (raw: string, flag: string) => T {
  return (raw, flagName) => {
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    throw bad(flagName, allowed.length === 2 ? `${allowed[0]} or ${allowed[1]}` : `one of ${allowed.join(', ')}`, raw);
  };
}

/** parse: a TCP port, 0-65535 (0 = any free port). */
export function port(raw: string, flagName: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw bad(flagName, 'a port number 0-65535', raw);
  return n;
}

/** Parses `argv` against the command's table. Throws UsageError for unknown options, missing or bad values. */
export function parseCommandArgs<O extends OptionTable>(spec: CommandSpec<O>, argv: readonly string[]): ParsedArgs<O> {
  const table: OptionTable = { ...spec.options, help: HELP_OPTION };
  // strict: false so that the errors below use our wording; every token is checked here instead.
  const { tokens } = parseArgs({ args: [...argv], options: parseArgsOptions(table), strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, unknown> = {};
  for (const [key, o] of Object.entries(spec.options)) values[key] = o.type === 'boolean' ? false : o.multiple ? [] : undefined;
  const positionals: string[] = [];
  let help = false;
  for (const t of tokens) {
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    if (t.kind !== 'option') continue;
    const o = Object.hasOwn(table, t.name) ? table[t.name] : undefined;
    if (!o) throw new UsageError(`unknown option '${t.rawName}'; see 'acklab ${spec.name} --help'`);
    if (t.name === 'help') {
      help = true;
      continue;
    }
    if (o.type === 'boolean') {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value, got '${t.value}'`);
      values[t.name] = true;
      continue;
    }
    const raw = t.value;
    if (raw === undefined || raw === '' || (!t.inlineValue && raw.startsWith('-'))) {
      throw new UsageError(`${t.rawName} needs a value (${o.value})`);
    }
    const v = o.parse(raw, t.rawName);
    if (o.multiple) (values[t.name] as unknown[]).push(v);
    else values[t.name] = v;
  }
  const max = spec.positionals?.max ?? 0;
  if (!help && positionals.length > max) {
    throw new UsageError(`unexpected argument '${positionals[max]}'; see 'acklab ${spec.name} --help'`);
  }
  return { help, values: values as OptionValues<O>, positionals };
}

/** The --help text: usage, description, then one line per option with its placeholder. */
export function commandHelp<O extends OptionTable>(spec: CommandSpec<O>): string {
  const usage = spec.usage ?? ['[options]'];
  const lines = usage.map((u, i) => `${i === 0 ? 'Usage: ' : '       '}acklab ${spec.name} ${u}`.trimEnd());
  lines.push('', spec.summary.charAt(0).toUpperCase() + spec.summary.slice(1) + '.');
  if (spec.description) lines.push('', spec.description);
  const rows = Object.entries({ ...spec.options, help: HELP_OPTION }).map(([key, o]) => {
    const names = `${o.short ? `-${o.short}, ` : '    '}--${key}${o.type === 'string' ? ` ${o.value}` : ''}`;
    return [names, o.type === 'string' && o.multiple ? `${o.help} (repeatable)` : o.help] as const;
  });
  const w = Math.max(...rows.map(([n]) => n.length));
  lines.push('', 'Options:', ...rows.map(([n, h]) => `  ${n.padEnd(w)}  ${h}`));
  if (spec.footer) lines.push('', spec.footer);
  return lines.join('\n') + '\n';
}

function parseArgsOptions(table: OptionTable): Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> {
  const out: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [key, o] of Object.entries(table)) {
    out[key] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.type === 'string' && o.multiple ? { multiple: true } : {}) };
  }
  return out;
}
