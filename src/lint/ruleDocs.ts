// The rule pages (docs/rules/<id>.md) as text, for SARIF's help.markdown. They ship next to every bundle
// (repository: docs/rules; npm packages and the VSIX: <package>/docs/rules), so they are read at run time from
// the first of those places that has them; a missing page gives undefined, never an error.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleDocPath } from './links';
import type { RuleId } from './types';

/** Folders that may hold docs/rules: next to the bundle (dist/ → ..), next to this source file (src/lint → ../..). */
function roots(): string[] {
  return [join(__dirname, '..'), join(__dirname, '..', '..'), __dirname];
}

const cache = new Map<RuleId, string | undefined>();

export function ruleDocMarkdown(id: RuleId): string | undefined {
  if (cache.has(id)) return cache.get(id);
  let text: string | undefined;
  for (const r of roots()) {
    const p = join(r, ruleDocPath(id));
    if (existsSync(p)) {
      text = readFileSync(p, 'utf8');
      break;
    }
  }
  cache.set(id, text);
  return text;
}
