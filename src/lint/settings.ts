// The linter's settings (acklab.lint.*): defaults, validation and clear error texts. Pure (no vscode
// import): the glue reads raw values with workspace.getConfiguration('acklab.lint').get(key) and passes
// them here. package.json's contributes.configuration mirrors LINT_SETTING_KEYS (a unit test checks).
import { readRuleEntry, show } from './ruleSettings';
import { isRuleId, RULE_IDS } from './rules';
import type { RuleId, RuleOptions, RuleSetting } from './types';

export interface LintSettings {
  /** Lint open documents as you type (and allow Lint Workspace). */
  enable: boolean;
  /** Per-rule override: 'off' or a severity. Rules not listed keep their default severity. */
  rules: Partial<Record<RuleId, RuleSetting>>;
  /** Per-rule options, from `[severity, options]` entries (schema: ruleOptions.ts). */
  options: Partial<Record<RuleId, RuleOptions>>;
  /** Globs (workspace-relative) that Lint Workspace skips, on top of files.exclude. */
  exclude: string[];
  /** Milliseconds between the last keystroke and the re-lint. */
  delayMs: number;
}

export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/vendor/**', '**/.venv/**', '**/venv/**', '**/_build/**', '**/deps/**', '**/dist/**', '**/*.min.js'];

export const LINT_DEFAULTS: LintSettings = { enable: true, rules: {}, options: {}, exclude: DEFAULT_EXCLUDE, delayMs: 200 };

/** Keys under `acklab.lint.` with their defaults, as declared in package.json. */
export const LINT_SETTING_KEYS: Record<string, unknown> = {
  enable: LINT_DEFAULTS.enable,
  rules: LINT_DEFAULTS.rules,
  exclude: LINT_DEFAULTS.exclude,
  delay: LINT_DEFAULTS.delayMs,
};

export const MAX_DELAY_MS = 5000;

/** Reads and validates the settings. Bad values are reported (naming the setting) and replaced by the default;
 *  in `rules`, only the bad entries are dropped. */
export function readLintSettings(get: (key: string) => unknown): { settings: LintSettings; errors: string[] } {
  const errors: string[] = [];
  const settings: LintSettings = { ...LINT_DEFAULTS, rules: {}, options: {}, exclude: [...LINT_DEFAULTS.exclude] };

  const enable = get('enable');
  if (enable !== undefined) {
    if (typeof enable === 'boolean') settings.enable = enable;
    else errors.push(`acklab.lint.enable must be true or false (got ${show(enable)})`);
  }

  const delay = get('delay');
  if (delay !== undefined) {
    if (typeof delay === 'number' && Number.isInteger(delay) && delay >= 0 && delay <= MAX_DELAY_MS) settings.delayMs = delay;
    else errors.push(`acklab.lint.delay must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS} (got ${show(delay)})`);
  }

  const exclude = get('exclude');
  if (exclude !== undefined) {
    if (Array.isArray(exclude) && exclude.every((g) => typeof g === 'string' && g.trim() !== '')) settings.exclude = exclude.map((g: string) => g.trim());
    else errors.push(`acklab.lint.exclude must be a list of glob patterns such as "**/node_modules/**" (got ${show(exclude)})`);
  }

  readRules(get('rules'), settings, errors);
  return { settings, errors };
}

/** acklab.lint.rules: each entry a severity or `[severity, options]`; a bad entry is dropped, bad options alone are. */
function readRules(rules: unknown, settings: LintSettings, errors: string[]): void {
  if (rules === undefined || rules === null) return;
  if (typeof rules !== 'object' || Array.isArray(rules)) {
    errors.push(`acklab.lint.rules must be an object mapping rule ids to "off", "info", "warning" or "error", or [severity, options] (got ${show(rules)})`);
    return;
  }
  for (const [id, value] of Object.entries(rules as Record<string, unknown>)) {
    if (!isRuleId(id)) {
      errors.push(`acklab.lint.rules: unknown rule "${id}" (known rules: ${RULE_IDS.join(', ')})`);
      continue;
    }
    const entry = readRuleEntry(id, value);
    errors.push(...entry.errors);
    if (entry.setting) settings.rules[id] = entry.setting;
    if (entry.options) settings.options[id] = entry.options;
  }
}
