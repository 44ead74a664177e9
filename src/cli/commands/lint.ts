// `acklab lint [files, directories or globs…] [options]`, with ESLint's conventions: `-` reads standard input
// (named by --stdin-filename), --output FILE, --max-warnings N, --quiet, --ignore-pattern, .gitignore respected,
// the editor's acklab.lint.rules / acklab.lint.exclude read from .vscode/settings.json (or --config FILE).
// Exit status: 0 clean, 1 errors (or more warnings than --max-warnings), 2 usage or internal error.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { createLinter, type Linter } from '../../lint/index';
import { formatText, toJson, type FileFindings } from '../../lint/format';
import { resolveLanguage, type LanguageId } from '../../lint/languages';
import { RULE_IDS, isRuleId } from '../../lint/rules';
import type { Finding, LintOptions, RuleId } from '../../lint/types';
import { bad, choice, commandHelp, flag, notOneOf, option, parseCommandArgs, repeated, type CommandSpec, type OptionTable } from '../args';
import { UsageError, type Command } from '../command';
import { loadLintConfig } from '../lint/config';
import { collectFiles } from '../lint/files';
import { version } from '../version';

function ruleList(raw: string, flagName: string): RuleId[] {
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw bad(flagName, 'a rule id', raw);
  for (const r of ids) if (!isRuleId(r)) throw notOneOf('rule', r, RULE_IDS);
  return ids as RuleId[];
}

function count(raw: string, flagName: string): number {
  if (!/^-?\d+$/.test(raw) || Number(raw) < -1) throw bad(flagName, 'a whole number (-1 for no limit)', raw);
  return Number(raw);
}

const SPEC = {
  name: 'lint',
  summary: 'find consume handlers that never acknowledge their messages',
  usage: ['[files, directories or globs…] [options]', '- --stdin-filename NAME [options]'],
  description: `Finds consume handlers that never acknowledge their delivery (and double acks, acks of auto-ack
deliveries, acks on the wrong channel, un-awaited acks, requeue loops) in JavaScript, TypeScript,
Python, Go, Java, C#, Ruby, PHP, Elixir, Erlang and LFE files. Directories are searched recursively,
dot-folders included; files ignored by .gitignore, by acklab.lint.exclude and by --ignore-pattern are
skipped (a file named explicitly is always linted). Rule settings (acklab.lint.rules, with rule
options such as "missing-ack": ["error", { "ackFunctions": ["safeAck"] }]) and excludes
(acklab.lint.exclude) are read from .vscode/settings.json in the source root, as the editor does.`,
  options: {
    format: option('text|json|sarif', 'output format (default text; json: docs/lint-json.md)', choice(['text', 'json', 'sarif'])),
    rule: repeated('ID', `only report these rules (comma-separated): ${RULE_IDS.join(', ')}`, ruleList),
    output: option<string>('FILE', 'write the report to FILE instead of standard output'),
    'max-warnings': option('N', 'exit 1 when there are more than N warnings (default -1: no limit)', count),
    quiet: flag('report errors only'),
    'ignore-pattern': repeated<string>('GLOB', 'skip files matching GLOB (gitignore syntax, relative to the source root)'),
    'stdin-filename': option<string>('NAME', 'the file name of the text read from standard input (`-`)'),
    srcroot: option<string>('DIR', 'source root for SARIF paths, .gitignore and settings (default: the git repository root, else the current folder)'),
    config: option<string>('FILE', 'read acklab.lint.* settings from FILE instead of <srcroot>/.vscode/settings.json'),
    'wasm-dir': option<string>('DIR', 'directory holding the tree-sitter .wasm files (default: next to the program)'),
  },
  positionals: { max: Number.MAX_SAFE_INTEGER },
  footer: 'Exit status: 0 no errors, 1 errors (or too many warnings), 2 usage or internal error.',
} as const satisfies CommandSpec<OptionTable>;

/** The nearest folder at or above `from` holding .git, else `from`. */
export function findSourceRoot(from: string): string {
  for (let d = resolve(from); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return resolve(from);
  }
}

interface Input {
  file: string;
  text: string;
}

async function readInputs(
  positionals: string[],
  stdinName: string | undefined,
  root: string,
  exclude: string[],
): Promise<{ inputs: Input[]; scanned: number }> {
  const usesStdin = positionals.includes('-');
  if (stdinName !== undefined && !usesStdin) throw new UsageError('--stdin-filename needs `-` among the paths');
  const inputs: Input[] = [];
  if (usesStdin) {
    const name = stdinName ?? '<stdin>';
    if (!resolveLanguage(name)) throw new UsageError(`cannot tell the language of standard input: pass --stdin-filename with an extension (got '${name}')`);
    inputs.push({ file: name, text: readFileSync(0, 'utf8') });
  }
  const paths = positionals.filter((p) => p !== '-');
  const files = paths.length || !usesStdin ? await collectFiles({ patterns: paths.length ? paths : ['.'], root, exclude }) : [];
  for (const file of files) {
    try {
      inputs.push({ file, text: readFileSync(file, 'utf8') });
    } catch (err) {
      process.stderr.write(`acklab lint: cannot read ${file}: ${(err as Error).message}\n`);
    }
  }
  return { inputs, scanned: inputs.length };
}

/** Up to this much text, the grammars' WebAssembly stays on V8's baseline compiler (Liftoff, `--liftoff-only`):
 *  tiering hot functions up to the optimising compiler costs more CPU than it wins back on a short run. Measured
 *  here (2 cores, loaded): one small file 0.30 vs 0.50 CPU s; the project corpus (1.2 MB) 2x faster; 12 MB 12% less
 *  CPU; 45 MB even. Above it, V8's default (tier-up) applies. Set before the first wasm compile (createLinter). */
const BASELINE_WASM_MAX_CHARS = 16 * 2 ** 20;

function pickWasmTier(inputs: Input[]): void {
  const chars = inputs.reduce((n, i) => n + i.text.length, 0);
  if (chars <= BASELINE_WASM_MAX_CHARS) setFlagsFromString('--liftoff-only');
}

/** Lints every input; an internal error on one file is reported and counted, the others still get linted. */
function lintAll(
  linter: Linter,
  inputs: Input[],
  options: LintOptions,
  quiet: boolean,
): { results: (FileFindings & { text: string })[]; internalErrors: number } {
  const results: (FileFindings & { text: string })[] = [];
  let internalErrors = 0;
  for (const { file, text } of inputs) {
    let findings: Finding[];
    try {
      const res = linter.lintFile(text, file, options);
      // Too big or too deep to lint safely (an untrusted workspace): say so, lint the rest.
      if (res.skipped) process.stderr.write(`acklab lint: skipped ${file}: ${res.skipped}\n`);
      findings = res.findings;
    } catch (err) {
      internalErrors++;
      process.stderr.write(`acklab lint: internal error on ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
      continue;
    }
    if (quiet) findings = findings.filter((f) => f.severity === 'error');
    const rel = relative(process.cwd(), file);
    results.push({ file: rel && !rel.startsWith('..') ? rel : file, findings, text });
  }
  return { results, internalErrors };
}

/** Writes to stdout; a reader that went away (`acklab lint | head`) ends the write quietly instead of an EPIPE stack. */
function writeStdout(text: string): Promise<void> {
  return new Promise((res) => {
    process.stdout.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') res();
      else throw e;
    });
    process.stdout.write(text, () => res());
  });
}

export const command: Command = {
  name: SPEC.name,
  summary: SPEC.summary,
  async run(argv: string[]): Promise<number> {
    const { help, values, positionals } = parseCommandArgs(SPEC, argv);
    if (help) {
      process.stdout.write(commandHelp(SPEC));
      return 0;
    }
    const root = resolve(values.srcroot ?? findSourceRoot(process.cwd()));
    const { settings } = await loadLintConfig(root, values.config);
    const { inputs, scanned } = await readInputs(positionals, values['stdin-filename'], root, [...settings.exclude, ...values['ignore-pattern']]);
    const only = values.rule.flat();
    // Load only the grammars these files need (each costs start-up time).
    const languages = [...new Set(inputs.map((i) => resolveLanguage(i.file)).filter((l): l is LanguageId => !!l))];
    pickWasmTier(inputs);
    let linter: Linter;
    try {
      linter = await createLinter({ ...(values['wasm-dir'] ? { wasmDir: values['wasm-dir'] } : {}), languages });
    } catch (err) {
      process.stderr.write(`acklab lint: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
    const { results, internalErrors } = lintAll(
      linter,
      inputs,
      { rules: settings.rules, options: settings.options, ...(only.length ? { only } : {}) },
      values.quiet,
    );
    linter.dispose();
    const format = values.format ?? 'text';
    // The SARIF writer (and node:crypto, for its fingerprints) loads only for --format sarif.
    const sarif = format === 'sarif' ? await import('../../lint/sarif.js') : undefined;
    const out =
      format === 'json'
        ? JSON.stringify(toJson(results, scanned, version), null, 2) + '\n'
        : sarif
          ? JSON.stringify(sarif.toSarif(results, { toolVersion: version, srcRoot: root }), null, 2) + '\n'
          : formatText(results, scanned);
    if (values.output) writeFileSync(values.output, out);
    else await writeStdout(out);
    if (internalErrors) return 2;
    const all = results.flatMap((r) => r.findings);
    const errors = all.filter((f) => f.severity === 'error').length;
    const warnings = all.filter((f) => f.severity === 'warning').length;
    const max = values['max-warnings'] ?? -1;
    if (max >= 0 && warnings > max) process.stderr.write(`acklab lint: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${max}\n`);
    return errors > 0 || (max >= 0 && warnings > max) ? 1 : 0;
  },
};
