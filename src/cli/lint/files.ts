// Which files `acklab lint` reads: paths, directories and globs expanded with tinyglobby (dot-folders included,
// like ESLint), minus .gitignore'd files (the .gitignore files that can apply to a searched folder: those at or
// above it up to the source root and those below it, read with the `ignore` package, so the rules are git's), the
// editor's acklab.lint.exclude globs and --ignore-pattern. A file named on the command line is linted even when a
// pattern would skip it, as an editor lints an open file; so `acklab lint one.js` reads no .gitignore and does not
// load the glob library at all (start-up time, #17).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
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

type Globs = typeof import('tinyglobby');

const lintable = (f: string) => LINTABLE_EXTENSIONS.some((x) => f.endsWith(x));
const toPosix = (p: string) => p.split(sep).join('/');
/** Folders never searched for files or .gitignore files. */
const PRUNED = ['**/node_modules/**', '**/.git/**'];

/** False when `p` holds none of the characters a glob needs (then it is a plain path, and tinyglobby need not load). */
const mayBeGlob = (p: string) => /[*?[\]{}()!+@]/.test(p);

/** Is `inner` the folder `outer` or inside it? */
function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The folder a directory or glob pattern searches: the pattern's leading segments without glob characters. */
function searchBase(pattern: string): string {
  const segments = toPosix(pattern).split('/');
  const fixed: string[] = [];
  for (const s of segments) {
    if (mayBeGlob(s)) break;
    fixed.push(s);
  }
  return resolve(fixed.join('/') || '.');
}

/** The .gitignore files that can apply below the searched folders: each folder's own and those under it, and those
 *  in the folders between the source root and it. Searches outside the root get none (as before: only the root's
 *  tree has .gitignore rules). */
function gitignoreFolders(globs: Globs, root: string, bases: string[]): string[] {
  const dirs = new Set<string>();
  const below = (dir: string) => {
    for (const g of globs.globSync('**/.gitignore', { cwd: dir, dot: true, ignore: PRUNED })) dirs.add(join(dir, dirname(g)));
  };
  for (const base of bases) {
    if (within(root, base)) below(root);
    else if (within(base, root)) {
      for (let d = dirname(base); within(d, root); d = dirname(d)) {
        if (existsSync(join(d, '.gitignore'))) dirs.add(d);
        if (d === root) break;
      }
      if (existsSync(base) && statSync(base).isDirectory()) below(base);
    }
  }
  return [...dirs];
}

/** One matcher for the root's exclude globs and the .gitignore files that apply (each to its own folder). */
function ignoreMatcher(globs: Globs, root: string, exclude: string[], bases: string[]): (abs: string) => boolean {
  const rootRules = ignore().add(exclude);
  const nested: [string, Ignore][] = gitignoreFolders(globs, root, bases).map((dir) => [dir, ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8'))]);
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

type Kind = 'file' | 'folder' | 'glob' | 'missing';

/** The lintable files for the query, sorted and de-duplicated (paths as tinyglobby gives them, cwd-relative). */
export async function collectFiles(q: FileQuery): Promise<string[]> {
  const root = resolve(q.root);
  const globs: Globs | undefined = q.patterns.some(mayBeGlob) ? await import('tinyglobby') : undefined;
  const kinds: Kind[] = q.patterns.map((p) => {
    if (globs?.isDynamicPattern(p)) return 'glob';
    if (!existsSync(p)) return 'missing';
    return statSync(p).isFile() ? 'file' : 'folder';
  });
  const searched = q.patterns.filter((_, i) => kinds[i] === 'folder' || kinds[i] === 'glob');
  const g = searched.length ? (globs ?? (await import('tinyglobby'))) : undefined;
  const skipped = g ? ignoreMatcher(g, root, q.exclude, searched.map(searchBase)) : () => false;
  const out = new Set<string>();
  q.patterns.forEach((p, i) => {
    const kind = kinds[i];
    if (kind === 'missing') throw new UsageError(`no such file or directory: ${p}`);
    if (kind === 'file' || !g) return void out.add(p);
    const glob = kind === 'glob' ? p : `${toPosix(p).replace(/\/+$/, '') || '.'}/**`;
    // Globs that hold anywhere (`**/node_modules/**`) also prune the walk; the rest are applied by `skipped`.
    const prune = ['**/.git/**', ...q.exclude.filter((x) => x.startsWith('**/'))];
    const found = g.globSync(glob, { dot: true, onlyFiles: true, ignore: prune, expandDirectories: false });
    if (found.length === 0 && kind === 'glob') throw new UsageError(`no files match the pattern '${p}'`);
    for (const f of found) if (lintable(f) && !skipped(resolve(f))) out.add(f);
  });
  return [...out].sort();
}
