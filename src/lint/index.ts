// Public API of the missing-ack analyser (no vscode import): the VS Code layer, the CLI and the ESLint plugin use it.
export { createLinter, defaultWasmDirs, type Linter, type LinterConfig, type LintDocument, type LintResult } from './linter';
export { PROFILES, profilesFor, type Profile, type ConsumeSpec, type SettleSpec } from './profiles';
export { RULES, RULE_IDS, docsUrl, isRuleId, type RuleMeta } from './rules';
export { resolveLanguage, LANGUAGE_IDS, LINTABLE_EXTENSIONS, type LanguageId } from './languages';
export type { Finding, Fix, TextEdit, Range, Position, RuleId, Severity, Precision, RuleSetting, RuleOptions, LintOptions } from './types';
export { applyFix } from './fix';
export { DEFAULT_LIMITS, type LintLimits } from './limits';
export { eslintRuleSchema, ruleOptionsSchema, RULE_OPTION_NAMES } from './ruleOptions';
