// A file that gets its channel from a module of its own (`const rabbitmq = require('./rabbitmqConnection')`):
// it imports no client library, but the module it imports does. The library is then known from that module, one
// level deep, as if the file imported it. Workspace files are untrusted: reads are bounded (project.ts), at most
// MAX_IMPORTS modules per file, and results are cached by path and modification time.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LanguageId } from './languages';
import type { Profile } from './profiles';
import { readBounded } from './project';

const MAX_IMPORTS = 8;
const MAX_CACHE = 500;
const EXTENSIONS = ['', '.js', '.ts', '.mjs', '.cjs', '.tsx', '/index.js', '/index.ts'];
/** Relative module specifiers of `require('./x')`, `import … from '../x'`, `import('./x')` (JS and TS). */
const RELATIVE = /(?:\brequire\s*\(\s*|\bfrom\s+|\bimport\s*\(\s*)['"](\.\.?\/[^'"\n]+)['"]/g;
const JS: readonly LanguageId[] = ['javascript', 'typescript', 'tsx'];

const cache = new Map<string, string>();

/** The text of a module file (bounded), cached by path and mtime; '' when it cannot be read. */
function moduleText(path: string): string {
  let key: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) return '';
    key = `${path}:${st.mtimeMs}:${st.size}`;
  } catch {
    return '';
  }
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const text = readBounded(path) ?? '';
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, text);
  return text;
}

/** The profiles of `language` that a module this file imports by a relative path detects. */
export function profilesFromImports(language: LanguageId, text: string, file: string | undefined, profiles: readonly Profile[]): Profile[] {
  if (!file || !JS.includes(language)) return [];
  const dir = dirname(file);
  const found = new Set<Profile>();
  let n = 0;
  for (const m of text.matchAll(RELATIVE)) {
    if (++n > MAX_IMPORTS) break;
    for (const ext of EXTENSIONS) {
      const t = moduleText(resolve(dir, m[1] + ext));
      if (!t) continue;
      for (const p of profiles) if (p.languages.includes(language) && p.detect.some((r) => r.test(t))) found.add(p);
      break;
    }
  }
  return [...found];
}
