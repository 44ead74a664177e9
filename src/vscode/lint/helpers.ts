// Pure helpers of the editor integration (no vscode import, unit-tested in test/unit/vscode-lint):
// the stable key that ties a diagnostic to its precomputed fixes, the playground scenario per rule,
// the suppression comment per language, and the glob matcher used for acklab.lint.exclude.
import type { LanguageId, Range, RuleId } from '../../lint';

/** Stable key of a finding, as vscode-eslint does (range + code + message hash): the code action
 *  provider gets VS Code's diagnostics back and looks their fixes up with it. */
export function findingKey(range: Range, rule: string, message: string): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}|${rule}|${hash(message)}`;
}

function hash(s: string): string {
  let h = 0x811c9dc5; // FNV-1a, 32 bit
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** The stepper scenario (src/scenarios/catalog.ts) that shows what each rule's bug does to a broker
 *  (the code action's localized title is in index.ts). */
export const SCENARIO_FOR_RULE: Record<RuleId, { scenario: string }> = {
  'missing-ack': { scenario: 'pitfall-forgotten-ack' },
  'unawaited-ack': { scenario: 'pitfall-forgotten-ack' },
  'double-ack': { scenario: 'pitfall-double-ack' },
  'wrong-channel': { scenario: 'pitfall-double-ack' },
  'ack-in-auto-ack': { scenario: 'pitfall-auto-ack-loss' },
  'requeue-loop': { scenario: 'pitfall-poison-message' },
};

const LINE_COMMENT: Record<LanguageId, string> = {
  javascript: '//',
  typescript: '//',
  tsx: '//',
  go: '//',
  java: '//',
  csharp: '//',
  php: '//',
  python: '#',
  ruby: '#',
  elixir: '#',
  erlang: '%',
  lfe: ';',
};

/** The line inserted above a finding to silence it (the engine honours `acklab-disable-next-line <rule>`). */
export function suppressionLine(language: LanguageId, indent: string, rule: RuleId): string {
  return `${indent}${LINE_COMMENT[language]} acklab-disable-next-line ${rule}`;
}

/** The leading whitespace of a line. */
export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/**
 * A glob → RegExp for workspace-relative paths with `/` separators: `**` (any number of segments), `*` and `?`
 * (within a segment), `{a,b}` (nested allowed), `[abc]` / `[!abc]`. A pattern without `/` matches the base name
 * at any depth, as in files.exclude (`*.min.js`).
 */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, '/');
  if (g.startsWith('./')) g = g.slice(2);
  if (!g.includes('/')) g = `**/${g}`;
  let re = '';
  let depth = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*') {
      if (g[i + 1] === '*') {
        const atStart = i === 0 || g[i - 1] === '/';
        const atEnd = i + 2 === g.length || g[i + 2] === '/';
        if (atStart && atEnd) {
          if (g[i + 2] === '/') {
            re += '(?:[^/]*/)*'; // `**/`: zero or more whole segments
            i += 2;
          } else {
            re += '.*'; // trailing `**`: everything below
            i += 1;
          }
          continue;
        }
        re += '[^/]*';
        i += 1;
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (c === ',' && depth > 0) re += '|';
    else if (c === '[') {
      const close = g.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        let body = g.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  while (depth-- > 0) re += ')';
  // a pattern naming a folder also excludes everything inside it (files.exclude semantics)
  return new RegExp(`^${re}(?:/.*)?$`);
}

/** A matcher for several globs (workspace-relative paths). */
export function globMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  const res = globs.map(globToRegExp);
  return (p) => {
    const path = p.replace(/\\/g, '/');
    return res.some((r) => r.test(path));
  };
}

/** The patterns of a files.exclude value that are switched on (`true`; `when` clauses are not supported and skipped). */
export function enabledExcludes(filesExclude: unknown): string[] {
  if (!filesExclude || typeof filesExclude !== 'object') return [];
  return Object.entries(filesExclude as Record<string, unknown>)
    .filter(([, v]) => v === true)
    .map(([k]) => k);
}

/**
 * One exclude glob for workspace.findFiles from several patterns, or undefined when there are none. Patterns
 * with braces cannot be nested in VS Code's brace group reliably, so they are left out here (the caller
 * filters the results with globMatcher as well).
 */
export function combinedExclude(patterns: readonly string[]): string | undefined {
  const simple = [...new Set(patterns.filter((p) => !/[{}]/.test(p)))];
  if (!simple.length) return undefined;
  return simple.length === 1 ? simple[0] : `{${simple.join(',')}}`;
}

/** The glob of every file the analyser can lint, from its extension list. */
export function lintableGlob(extensions: readonly string[]): string {
  return `**/*.{${extensions.map((e) => e.replace(/^\./, '')).join(',')}}`;
}
