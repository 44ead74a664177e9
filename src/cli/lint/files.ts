// Which files `acklab lint` reads: paths, directories and globs expanded with tinyglobby (dot-folders included,
// like ESLint), minus .gitignore'd files (every .gitignore under the source root, read with the `ignore`
// package, so the rules are git's), the editor's acklab.lint.exclude globs and --ignore-pattern. A file named
// on the command line is linted even when a pattern would skip it, as an editor lints an open file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { LINTABLE_EXTENSIONS } from '../../lint/languages';
import { UsageError } from '../command';

export interface FileQuery {
  /** Files, directories or glob patterns, relative to the working directory. */
  patterns: string[];
  /** Where .gitignore files are looked for (the source root). */
  root: string;
  /** Globs to skip (gitignore syntax, relative to the root): acklab.lint.exclude + --ignore-pattern. */
  exclude: string[];
}

const lintable = (f: string) => LINTABLE_EXTENSIONS.some((x) => f.endsWith(x));
const toPosix = (p: string) => p.split(sep).join('/');

/** One matcher for the root's exclude globs and every .gitignore below it (each applies to its own folder). */
function ignoreMatcher(root: string, exclude: string[]): (abs: string) => boolean {
  const rootRules = ignore().add(exclude);
  const nested: [string, Ignore][] = [];
  for (const g of globSync('**/.gitignore', { cwd: root, dot: true, ignore: ['**/node_modules/**', '**/.git/**'] })) {
    const dir = join(root, dirname(g));
    nested.push([dir, ignore().add(readFileSync(join(root, g), 'utf8'))]);
  }
  return (abs) => {
    const rel = toPosix(relative(root, abs));
    if (rel && !rel.startsWith('..') && rootRules.ignores(rel)) return true;
    for (const [dir, ig] of nested) {
      const r = toPosix(relative(dir, abs));
      if (r && !r.startsWith('..') && !isAbsolute(r) && ig.ignores(r)) return true;
    }
    return false;
  };
}

/** The lintable files for the query, sorted and de-duplicated (paths as tinyglobby gives them, cwd-relative). */
export function collectFiles(q: FileQuery): string[] {
  const root = resolve(q.root);
  const skipped = ignoreMatcher(root, q.exclude);
  const out = new Set<string>();
  for (const p of q.patterns) {
    if (!isDynamicPattern(p)) {
      if (!existsSync(p)) throw new UsageError(`no such file or directory: ${p}`);
      if (statSync(p).isFile()) {
        out.add(p);
        continue;
      }
    }
    const glob = isDynamicPattern(p) ? p : `${toPosix(p).replace(/\/+$/, '') || '.'}/**`;
    // Globs that hold anywhere (`**/node_modules/**`) also prune the walk; the rest are applied by `skipped`.
    const prune = ['**/.git/**', ...q.exclude.filter((g) => g.startsWith('**/'))];
    const found = globSync(glob, { dot: true, onlyFiles: true, ignore: prune, expandDirectories: false });
    if (found.length === 0 && isDynamicPattern(p)) throw new UsageError(`no files match the pattern '${p}'`);
    for (const f of found) if (lintable(f) && !skipped(resolve(f))) out.add(f);
  }
  return [...out].sort();
}
