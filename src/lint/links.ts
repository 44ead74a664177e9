// Every link the lint prints (SARIF helpUri/informationUri, ESLint docs.url, the JSON `docs` field) comes from ONE
// place: the `homepage` field of package.json. Without one, no link is made up: the rule pages ship inside the
// packages (docs/rules/<id>.md) and SARIF carries their text as help.markdown (see ruleDocs.ts).
import pkg from '../../package.json';
import type { RuleId } from './types';

const homepage = (pkg as { homepage?: unknown }).homepage;

/** The project's home page, when package.json has a usable https URL. */
export function homepageUrl(): string | undefined {
  return typeof homepage === 'string' && /^https:\/\/[^\s]+$/.test(homepage) ? homepage.replace(/\/+$/, '') : undefined;
}

/** The path of a rule's page inside the repository and every package. */
export const ruleDocPath = (id: RuleId): string => `docs/rules/${id}.md`;

/** Web link to a page of the repository's docs (`path` like "docs/testing.md", optional `#anchor`):
 *  `<homepage>/blob/HEAD/<path>` for a GitHub/GitLab repository home page, `<homepage>/<path>` otherwise;
 *  undefined when package.json has no homepage. */
export function docPageUrl(path: string, anchor?: string): string | undefined {
  const home = homepageUrl();
  if (!home) return undefined;
  const repo = /^https:\/\/(github\.com|gitlab\.com)\/[^/]+\/[^/#?]+$/.test(home);
  return `${home}${repo ? '/blob/HEAD' : ''}/${path}${anchor ? `#${anchor}` : ''}`;
}

/** Web link to a rule's page (see docPageUrl); undefined when package.json has no homepage. */
export function ruleDocUrl(id: RuleId): string | undefined {
  return docPageUrl(ruleDocPath(id));
}
