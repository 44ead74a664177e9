// One entry of acklab.lint.rules: a severity (`"warning"`) or a severity with the rule's options
// (`["warning", { "ackFunctions": ["safeAck"] }]`), checked against the rule's schema (ruleOptions.ts) by ajv.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { RULE_OPTION_NAMES, ruleOptionsSchema, SETTING_VALUES } from './ruleOptions';
import type { RuleId, RuleOptions, RuleSetting } from './types';

export interface RuleEntry {
  /** Absent when the severity itself is bad (the entry is dropped). */
  setting?: RuleSetting;
  /** Present when the options are valid; bad options are dropped (the severity stays). */
  options?: RuleOptions;
  errors: string[];
}

let ajv: Ajv | undefined;
const validators = new Map<RuleId, ValidateFunction>();

/** Compiled on first use: most settings have no options. The schemas are ours and fixed, and a unit test compiles
 *  them against the meta-schema, so it is not checked again here (that took 37-90 ms of a 45-100 ms first compile). */
function validator(id: RuleId, schema: Record<string, unknown>): ValidateFunction {
  let v = validators.get(id);
  if (!v) {
    ajv ??= new Ajv({ allErrors: true, strict: true, validateSchema: false });
    v = ajv.compile(schema);
    validators.set(id, v);
  }
  return v;
}

const quoted = SETTING_VALUES.map((v) => `"${v}"`);
const SEVERITIES = `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;

export function readRuleEntry(id: RuleId, value: unknown): RuleEntry {
  const name = `acklab.lint.rules["${id}"]`;
  const optionNames = RULE_OPTION_NAMES[id];
  const form = optionNames.length ? `${SEVERITIES}, or [severity, { ${optionNames.map((n) => `"${n}": […]`).join(', ')} }]` : SEVERITIES;
  if (typeof value === 'string' && SETTING_VALUES.includes(value as RuleSetting)) return { setting: value as RuleSetting, errors: [] };
  if (!Array.isArray(value) || value.length < 1 || value.length > 2 || !SETTING_VALUES.includes(value[0] as RuleSetting)) {
    return { errors: [`${name} must be ${form} (got ${show(value)})`] };
  }
  const setting = value[0] as RuleSetting;
  if (value.length === 1) return { setting, errors: [] };
  const schema = ruleOptionsSchema(id);
  if (!schema) return { setting, errors: [`${name}: ${id} takes no options (got ${show(value[1])}; options ignored)`] };
  const validate = validator(id, schema);
  if (validate(value[1])) return { setting, options: value[1] as RuleOptions, errors: [] };
  const problems = (validate.errors ?? []).map((e) => describe(e, value[1], optionNames));
  return { setting, errors: [`${name}[1]: ${problems.join('; ')} (options ignored)`] };
}

/** One ajv error as a sentence naming the option: `ackFunctions[0] must be a plain function or variable name …`. */
function describe(e: ErrorObject, options: unknown, known: readonly string[]): string {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i ? `.${p}` : p))
    .join('');
  if (e.keyword === 'additionalProperties') {
    const extra = String((e.params as { additionalProperty: string }).additionalProperty);
    return `unknown option "${extra}" (options: ${known.join(', ')})`;
  }
  if (e.keyword === 'pattern') return `${path} must be a plain function or variable name such as "safeAck" (got ${show(at(options, e.instancePath))})`;
  return `${path || 'the options'} ${e.message ?? 'is not valid'} (got ${show(at(options, e.instancePath))})`;
}

function at(v: unknown, pointer: string): unknown {
  let cur = v;
  for (const p of pointer.split('/').slice(1)) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

export function show(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
