// Rule options: which rules take which options, and their JSON schema, written once. The same schema is the ESLint
// rule's `meta.schema`, checks the editor's acklab.lint.rules (`["warning", { … }]`, settings.ts) and the CLI's
// config file, and is what package.json declares for acklab.lint.rules (a unit test compares them).
import type { RuleId, RuleOptions, RuleSetting } from './types';
import { RULE_IDS } from './rules';

/** A function or variable name as the analyser sees it: the last segment of a callee or receiver. */
const NAME_PATTERN = '^[A-Za-z_$@][\\w$]*[?!]?$';

type OptionName = keyof RuleOptions;

/** JSON schema of each option (draft-04 compatible: ESLint validates rule options with it). */
const OPTION_SCHEMAS: Record<OptionName, Record<string, unknown>> = {
  ackFunctions: {
    type: 'array',
    items: { type: 'string', pattern: NAME_PATTERN },
    uniqueItems: true,
    description:
      'Functions or methods of your own that settle the delivery passed to them, e.g. "safeAck" for `safeAck(msg)`, `utils.safeAck(ch, msg)` or `msg.safeAck()`. Matched by the last part of the callee name.',
  },
  channels: {
    type: 'array',
    items: { type: 'string', pattern: NAME_PATTERN },
    uniqueItems: true,
    description:
      'Variable or field names that hold channels, besides those the analyser sees created (`ch = await conn.createChannel()`), e.g. "consumeChannel" for a parameter or `this.consumeChannel`.',
  },
};

/** The options each rule takes (an empty list: the rule takes none). */
export const RULE_OPTION_NAMES: Record<RuleId, readonly OptionName[]> = {
  'missing-ack': ['ackFunctions'],
  'double-ack': ['ackFunctions'],
  'ack-in-auto-ack': ['ackFunctions'],
  'wrong-channel': ['channels'],
  'unawaited-ack': [],
  'requeue-loop': [],
};

/** The JSON schema of a rule's options object, or undefined when the rule takes no options. */
export function ruleOptionsSchema(id: RuleId): Record<string, unknown> | undefined {
  const names = RULE_OPTION_NAMES[id];
  if (!names.length) return undefined;
  return {
    type: 'object',
    properties: Object.fromEntries(names.map((n) => [n, OPTION_SCHEMAS[n]])),
    additionalProperties: false,
  };
}

/** ESLint's `meta.schema` for a rule: one optional options object, or none. */
export function eslintRuleSchema(id: RuleId): Record<string, unknown>[] {
  const s = ruleOptionsSchema(id);
  return s ? [s] : [];
}

export const SETTING_VALUES: readonly RuleSetting[] = ['off', 'info', 'warning', 'error'];

/** The schema of one entry of acklab.lint.rules: a severity, `[severity]`, or `[severity, options]` for a rule that
 *  takes options (as package.json declares it). */
export function ruleSettingSchema(id: RuleId): Record<string, unknown> {
  const severity = { type: 'string', enum: [...SETTING_VALUES] };
  const options = ruleOptionsSchema(id);
  const items = options ? [severity, options] : [severity];
  return { anyOf: [severity, { type: 'array', items, minItems: 1, maxItems: items.length, additionalItems: false }] };
}

/** The schema of the whole acklab.lint.rules object. */
export function rulesSettingSchema(): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(RULE_IDS.map((id) => [id, ruleSettingSchema(id)])),
    additionalProperties: false,
  };
}

/** Options that change nothing are left out, so equal options give equal keys (one analysis per distinct key). */
export function optionsKey(o: RuleOptions | undefined): string {
  if (!o) return '';
  const parts: string[] = [];
  for (const n of Object.keys(OPTION_SCHEMAS) as OptionName[]) {
    const v = o[n];
    if (v?.length) parts.push(`${n}=${[...v].sort().join(',')}`);
  }
  return parts.join(';');
}

/** Does the text mention any name the options give? Options that name nothing in a file cannot change its findings. */
export function optionsNamedIn(text: string, o: RuleOptions): boolean {
  return [...(o.ackFunctions ?? []), ...(o.channels ?? [])].some((name) => text.includes(name));
}
