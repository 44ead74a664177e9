// `acklab lint [paths…] [--format text|json|sarif] [--rule ID…] [--wasm-dir DIR]`
// Exit code: 0 no findings, 1 findings, 2 usage error.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter } from '../../lint/index';
import { formatText, toJson, toSarif, type FileFindings } from '../../lint/format';
import { LINTABLE_EXTENSIONS, resolveLanguage, type LanguageId } from '../../lint/languages';
import { RULE_IDS, isRuleId } from '../../lint/rules';
import type { RuleId } from '../../lint/types';
import { UsageError, type Command } from '../command';
import { version } from '../version';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test', 'vendor', '_build', 'deps', 'target', 'bin', 'obj', '__pycache__', '.venv', 'venv']);

const HELP = `Usage: acklab lint [paths…] [options]

Finds consume handlers that never acknowledge their delivery (and double acks, acks of auto-ack
deliveries, acks on the wrong channel, un-awaited acks, requeue loops) in JavaScript, TypeScript,
Python, Go, Java, C#, Ruby, PHP, Elixir, Erlang and LFE files. Directories are searched recursively.

Options:
  --format text|json|sarif   output format (default text; json is documented in docs/lint-json.md)
  --rule ID                  only report this rule (repeatable, or comma-separated)
                             rules: ${RULE_IDS.join(', ')}
  --wasm-dir DIR             directory holding the tree-sitter .wasm files (default: node_modules)
  -h, --help                 show this help

Exit status: 0 no findings, 1 findings, 2 usage error.
`;

interface Args { paths: string[]; format: 'text' | 'json' | 'sarif'; rules: RuleId[]; wasmDir?: string; help: boolean }

export function parseArgs(argv: string[]): Args {
  const a: Args = { paths: [], format: 'text', rules: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) { value = arg.slice(eq + 1); arg = arg.slice(0, eq); }
    const next = () => {
      if (value !== undefined) return value;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '-h': case '--help': a.help = true; break;
      case '--format': {
        const f = next();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format '${f}' (text, json or sarif)`);
        a.format = f;
        break;
      }
      case '--rule': {
        for (const r of next().split(',').map((s) => s.trim()).filter(Boolean)) {
          if (!isRuleId(r)) throw new UsageError(`unknown rule '${r}' (rules: ${RULE_IDS.join(', ')})`);
          a.rules.push(r);
        }
        break;
      }
      case '--wasm-dir': a.wasmDir = next(); break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
        a.paths.push(arg);
    }
  }
  if (!a.paths.length) a.paths.push('.');
  return a;
}

/** Lintable files under the given paths, sorted, recursing into directories. */
export function collectFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name)); }
      else if (e.isFile() && LINTABLE_EXTENSIONS.some((x) => e.name.endsWith(x))) out.push(join(dir, e.name));
    }
  };
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { throw new UsageError(`no such file or directory: ${p}`); }
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  return [...new Set(out)].sort();
}

export const command: Command = {
  name: 'lint',
  summary: 'find consume handlers that never acknowledge their messages',
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv);
    if (args.help) { process.stdout.write(HELP); return 0; }
    const files = collectFiles(args.paths);
    // Load only the grammars these files need (each costs start-up time).
    const languages = [...new Set(files.map((f) => resolveLanguage(f)).filter((l): l is LanguageId => !!l))];
    const linter = await createLinter({ ...(args.wasmDir ? { wasmDir: args.wasmDir } : {}), languages });
    const results: FileFindings[] = [];
    let internalErrors = 0;
    const cwd = process.cwd();
    for (const file of files) {
      let text: string;
      try { text = readFileSync(file, 'utf8'); } catch (err) { process.stderr.write(`acklab lint: cannot read ${file}: ${(err as Error).message}\n`); continue; }
      let findings;
      try {
        const res = linter.lintFile(text, file, args.rules.length ? { only: args.rules } : undefined);
        // Too big or too deep to lint safely (an untrusted workspace): say so, lint the rest.
        if (res.skipped) process.stderr.write(`acklab lint: skipped ${file}: ${res.skipped}\n`);
        findings = res.findings;
      } catch (err) {
        // A bug on one file must not hide the findings of the others; it still fails the run.
        internalErrors++;
        process.stderr.write(`acklab lint: internal error on ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
        continue;
      }
      const rel = relative(cwd, file) || file;
      results.push({ file: rel.startsWith('..') ? file : rel, findings });
    }
    linter.dispose();
    const total = results.reduce((n, r) => n + r.findings.length, 0);
    let out: string;
    if (args.format === 'json') out = JSON.stringify(toJson(results, files.length, version), null, 2) + '\n';
    else if (args.format === 'sarif') out = JSON.stringify(toSarif(results, version), null, 2) + '\n';
    else out = formatText(results, files.length);
    await new Promise<void>((res) => process.stdout.write(out, () => res()));
    return total || internalErrors ? 1 : 0;
  },
};
