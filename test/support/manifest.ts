// package.json as VS Code shows it: every "%key%" placeholder replaced by its English text from
// package.nls.json (the same substitution the extension scanner makes for the default locale).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const PLACEHOLDER = /^%([\w.-]+)%$/;

export function readJson(name: string): unknown {
  return JSON.parse(readFileSync(join(root, name), 'utf8'));
}

/** Every %key% placeholder in a manifest value, in document order. */
export function placeholders(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    const m = PLACEHOLDER.exec(value);
    if (m) out.push(m[1]!);
  } else if (Array.isArray(value)) for (const v of value) placeholders(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) placeholders(v, out);
  return out;
}

function localize(value: unknown, nls: Record<string, string>): unknown {
  if (typeof value === 'string') {
    const m = PLACEHOLDER.exec(value);
    if (!m) return value;
    const text = nls[m[1]!];
    if (text === undefined) throw new Error(`package.nls.json has no entry for %${m[1]}%`);
    return text;
  }
  if (Array.isArray(value)) return value.map((v) => localize(v, nls));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localize(v, nls)]));
  return value;
}

/** package.json with its placeholders replaced by the English texts. */
export function localizedManifest(): any {
  return localize(readJson('package.json'), readJson('package.nls.json') as Record<string, string>);
}
