// Scores the analyser against the real-code corpus: packages fetched from the npm registry and Debian into
// .cache/lint-real/ (scripts/fetch-lint-real.mjs), labelled in test/lint-real/labels.json by reading the code
// (judging rules: docs/lint-accuracy.md), plus the own-words cases under test/lint-real/own-words/ (package id
// `own:words`) for the languages the registries serve no source for. Used by the mocha gate
// (test/unit/lint/real-corpus.test.ts) and by `npm run score:lint`, which prints the same table.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Linter, RuleId } from '../../src/lint/index';
import { resolveLanguage } from '../../src/lint/languages';

const HERE = __dirname;
export const LABELS_FILE = join(HERE, 'labels.json');
export const GATE_FILE = join(HERE, 'gate.json');
export const CACHE = join(HERE, '..', '..', '.cache', 'lint-real');
/** The project's own cases, written in its own words after patterns seen in public code: `own:words`. */
export const OWN_WORDS = join(HERE, 'own-words');
export const OWN_ID = 'own:words';

/** One labelled file: the findings a correct analyser reports (`rule:line`, 1-based), and why. */
export interface FileLabel { expect: string[]; why: string }
export interface LabelsDoc { packages: Record<string, Record<string, FileLabel>> }
export interface Counts { tp: number; fp: number; fn: number }
export interface Floor { precision: number; recall: number }
/** `overall`: floors for all labelled findings; `registry`: the same floors for the registry code alone; `language`:
 *  the floor (precision and recall) for every language with at least `languageMin` labelled findings. */
export interface Gate { overall: Floor; registry?: Floor; language?: number; languageMin?: number; withHints?: Floor; languages?: Record<string, Floor> }
export interface Score {
  files: number;
  packages: number;
  filesByLanguage: Record<string, number>;
  byRule: Record<string, Counts>;
  byLanguage: Record<string, Counts>;
  /** `registry` (npm and Debian packages) and `own-words`. */
  bySource: Record<string, Counts>;
  overall: Counts;
  /** `FP pkg path:line rule` / `FN …` lines, for the people fixing the analyser. */
  mismatches: string[];
}

export const loadLabels = (): LabelsDoc => JSON.parse(readFileSync(LABELS_FILE, 'utf8')) as LabelsDoc;
export const loadGate = (): Gate => JSON.parse(readFileSync(GATE_FILE, 'utf8')) as Gate;

/** The cache folder of `npm:name@version` / `deb:name=version` (same rule as scripts/fetch-lint-real.mjs). */
export function packageDir(id: string): string {
  if (id === OWN_ID) return OWN_WORDS;
  const m = /^(npm|deb):(.+)[@=]([^@=]+)$/.exec(id);
  if (!m) throw new Error(`bad package id in labels.json: ${id}`);
  return join(CACHE, m[1], `${m[2].replace('/', '+')}@${m[3]}`.replace(/[~:]/g, '_'));
}

export function parseExpect(e: string): { rule: RuleId; line: number } {
  const m = /^([a-z-]+):(\d+)$/.exec(e);
  if (!m) throw new Error(`bad label "${e}" (want rule:line)`);
  return { rule: m[1] as RuleId, line: Number(m[2]) };
}

export const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
export const precision = (c: Counts): number => ratio(c.tp, c.tp + c.fp);
export const recall = (c: Counts): number => ratio(c.tp, c.tp + c.fn);
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const bump = (m: Record<string, Counts>, k: string, f: keyof Counts) => ((m[k] ??= zero())[f]++);

/** Which findings count as the lint's claims: by default those it reports at warning or error. An info-level
 *  finding is a hint the analysis could not prove (issue 17 item 3); `withHints` scores those too. */
export interface ScoreOptions { withHints?: boolean }

export function scoreCorpus(linter: Linter, labels: LabelsDoc = loadLabels(), options: ScoreOptions = {}): Score {
  const s: Score = { files: 0, packages: 0, filesByLanguage: {}, byRule: {}, byLanguage: {}, bySource: {}, overall: zero(), mismatches: [] };
  for (const [id, files] of Object.entries(labels.packages)) {
    if (Object.keys(files).length > 0 && id !== OWN_ID) s.packages++;
    const dir = packageDir(id);
    const source = id === OWN_ID ? 'own-words' : 'registry';
    for (const [path, label] of Object.entries(files)) {
      const lang = resolveLanguage(path) ?? 'unknown';
      s.files++;
      s.filesByLanguage[lang] = (s.filesByLanguage[lang] ?? 0) + 1;
      const text = readFileSync(join(dir, path), 'utf8');
      // The absolute path: the lint reads project configuration near the file (Spring, NestJS).
      const got = linter.lint(text, join(dir, path)).filter((f) => options.withHints || f.severity !== 'info').map((f) => ({ rule: f.rule, line: f.range.start.line + 1 }));
      const want = label.expect.map(parseExpect);
      const tally = (rule: string, f: keyof Counts, line: number) => {
        bump(s.byRule, rule, f); bump(s.byLanguage, lang, f); bump(s.bySource, source, f); s.overall[f]++;
        if (f !== 'tp') s.mismatches.push(`${f.toUpperCase()} ${id} ${path}:${line} ${rule}`);
      };
      for (const g of got) {
        const i = want.findIndex((w) => w.rule === g.rule && w.line === g.line);
        if (i >= 0) { want.splice(i, 1); tally(g.rule, 'tp', g.line); } else tally(g.rule, 'fp', g.line);
      }
      for (const w of want) tally(w.rule, 'fn', w.line);
    }
  }
  return s;
}

/** Problems with the labels themselves: unknown package folders, missing files, lines past the end. */
export function checkLabels(labels: LabelsDoc, ruleIds: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [id, files] of Object.entries(labels.packages)) {
    const dir = packageDir(id);
    for (const [path, label] of Object.entries(files)) {
      const file = join(dir, path);
      if (!existsSync(file)) { problems.push(`${id}: ${path} is not in the package`); continue; }
      if (!label.why?.trim()) problems.push(`${id}: ${path} has no "why"`);
      const lines = readFileSync(file, 'utf8').split('\n').length;
      for (const e of label.expect) {
        const { rule, line } = parseExpect(e);
        if (!ruleIds.includes(rule)) problems.push(`${id}: ${path}: unknown rule ${rule}`);
        if (line < 1 || line > lines) problems.push(`${id}: ${path}: line ${line} out of range (1..${lines})`);
      }
    }
  }
  return problems;
}

const row = (name: string, c: Counts) =>
  `  ${name.padEnd(16)} labelled ${String(c.tp + c.fn).padStart(3)}  tp ${String(c.tp).padStart(3)}  fp ${String(c.fp).padStart(3)}  fn ${String(c.fn).padStart(3)}  precision ${precision(c).toFixed(3)}  recall ${recall(c).toFixed(3)}`;

export function formatScore(s: Score): string {
  const langs = Object.keys(s.filesByLanguage).sort();
  return [
    `real-code corpus: ${s.files} files from ${s.packages} packages (${langs.map((l) => `${l} ${s.filesByLanguage[l]}`).join(', ')})`,
    'by rule:', ...Object.keys(s.byRule).sort().map((r) => row(r, s.byRule[r])),
    'by language:', ...langs.map((l) => row(l, s.byLanguage[l] ?? zero())),
    'by source:', ...Object.keys(s.bySource).sort().map((k) => row(k, s.bySource[k])),
    row('overall', s.overall),
  ].join('\n');
}

/** Labelled findings (what a correct analyser reports) of a tally. */
export const labelled = (c: Counts): number => c.tp + c.fn;

/** Gate failures: the overall floor, the same floor on the registry code alone, the language floor for every
 *  language with `languageMin`+ labelled findings, any named per-language floors; `hints` is the score counting
 *  info-level hints, checked against `withHints` when the gate has it. */
export function gateFailures(s: Score, gate: Gate, hints?: Score): string[] {
  const out: string[] = [];
  const check = (name: string, c: Counts, floor: Floor) => {
    if (precision(c) < floor.precision) out.push(`${name} precision ${precision(c).toFixed(3)} < ${floor.precision}`);
    if (recall(c) < floor.recall) out.push(`${name} recall ${recall(c).toFixed(3)} < ${floor.recall}`);
  };
  check('overall', s.overall, gate.overall);
  if (gate.registry) check('registry code', s.bySource.registry ?? zero(), gate.registry);
  if (gate.language !== undefined) {
    const floor = { precision: gate.language, recall: gate.language };
    for (const [lang, c] of Object.entries(s.byLanguage)) if (labelled(c) >= (gate.languageMin ?? 20)) check(lang, c, floor);
  }
  for (const [lang, floor] of Object.entries(gate.languages ?? {})) check(lang, s.byLanguage[lang] ?? zero(), floor);
  if (hints && gate.withHints) check('with hints, overall', hints.overall, gate.withHints);
  return out;
}
