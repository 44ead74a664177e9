// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Paths are relative to ONE source root (the
// repository root by default, `--srcroot`), declared in originalUriBaseIds, whatever the working directory;
// files outside it get absolute file: URIs. Each result has a partialFingerprint computed from the rule, the file
// and the flagged code (not its line number), so a finding keeps its identity when lines move above it.
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { homepageUrl, ruleDocUrl } from './links';
import { ruleDocMarkdown } from './ruleDocs';
import { RULE_IDS, RULES } from './rules';
import type { Finding, RuleId } from './types';

export interface SarifFile {
  /** Path as given to the linter (absolute or relative to the working directory). */
  file: string;
  findings: Finding[];
  /** The file's text, for the fingerprints (without it the fingerprint falls back to the message). */
  text?: string;
}

export interface SarifOptions {
  toolVersion: string;
  /** The source root every artifact URI is relative to (absolute, or relative to the working directory). */
  srcRoot: string;
}

export const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
export const FINGERPRINT_KEY = 'acklabFindingHash/v1';
const SRCROOT = '%SRCROOT%';

/** GitHub code-scanning rule metadata: how sure a finding of the rule is, tags, and a security score where the
 *  rule is about availability (messages held forever, poison-message loops). */
const RULE_PROPERTIES: Record<RuleId, { precision: 'very-high' | 'high' | 'medium' | 'low'; tags: string[]; securitySeverity?: string }> = {
  'missing-ack': { precision: 'high', tags: ['reliability', 'security', 'external/cwe/cwe-400', 'external/cwe/cwe-772'], securitySeverity: '4.0' },
  'double-ack': { precision: 'high', tags: ['reliability', 'correctness'] },
  'ack-in-auto-ack': { precision: 'high', tags: ['reliability', 'correctness'] },
  'wrong-channel': { precision: 'medium', tags: ['reliability', 'correctness'] },
  'unawaited-ack': { precision: 'high', tags: ['reliability', 'correctness', 'external/cwe/cwe-772'] },
  'requeue-loop': { precision: 'medium', tags: ['reliability', 'security', 'external/cwe/cwe-835'], securitySeverity: '4.0' },
};

/** What a SARIF rule descriptor says about one rule; shared by `acklab lint` and `acklab test`. */
export interface RuleDescription {
  id: string;
  summary: string;
  severity: 'error' | 'warning' | 'info';
  /** helpUri: omitted when there is no web page (no homepage in package.json). */
  url?: string;
  /** help.markdown: the rule's page, shipped with the packages. */
  markdown?: string;
  properties?: Record<string, unknown>;
}

export function ruleDescriptor(r: RuleDescription): unknown {
  return {
    id: r.id,
    name: r.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: r.summary },
    fullDescription: { text: r.summary },
    ...(r.url ? { helpUri: r.url } : {}),
    help: r.markdown ? { text: r.summary, markdown: r.markdown } : { text: r.summary },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    ...(r.properties ? { properties: r.properties } : {}),
  };
}

/** The lint rule `id` as a descriptor (the run-time report uses it too for the ids it shares with the lint). */
export function lintRuleDescription(id: RuleId): RuleDescription {
  const meta = RULES[id];
  const p = RULE_PROPERTIES[id];
  return {
    id,
    summary: meta.summary,
    severity: meta.severity,
    url: ruleDocUrl(id),
    markdown: ruleDocMarkdown(id),
    properties: {
      precision: p.precision,
      'problem.severity': meta.severity === 'info' ? 'recommendation' : meta.severity,
      tags: p.tags,
      ...(p.securitySeverity ? { 'security-severity': p.securitySeverity } : {}),
    },
  };
}

/** The artifact location of `file` under `root`: relative with uriBaseId when inside, an absolute file: URI else. */
export function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const abs = resolve(file);
  const rel = relative(root, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: encodeURI(rel.split(sep).join('/')), uriBaseId: SRCROOT };
}

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The flagged code (the finding's range, whitespace-normalised), or the message when the text is not known. */
function flaggedCode(f: Finding, lines: string[] | undefined): string {
  if (!lines) return f.message;
  const { start, end } = f.range;
  const picked = lines.slice(start.line, end.line + 1);
  if (picked.length === 0) return f.message;
  picked[picked.length - 1] = picked[picked.length - 1].slice(0, end.column);
  picked[0] = picked[0].slice(start.column);
  return normalise(picked.join('\n')) || f.message;
}

/** Fingerprints for one file's findings: hash(rule, uri, flagged code, enclosing line) plus an occurrence number for
 *  identical ones, so inserting or deleting lines elsewhere leaves them unchanged. */
function fingerprints(uri: string, findings: Finding[], text: string | undefined): string[] {
  const lines = text?.split(/\r?\n/);
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const line = lines ? normalise(lines[f.range.start.line] ?? '') : '';
    const h = createHash('sha256')
      .update([f.rule, uri, flaggedCode(f, lines), line].join('\0'))
      .digest('hex')
      .slice(0, 32);
    const n = seen.get(h) ?? 0;
    seen.set(h, n + 1);
    return `${h}:${n + 1}`;
  });
}

export function toSarif(files: SarifFile[], options: SarifOptions): unknown {
  const root = resolve(options.srcRoot);
  const results = files.flatMap((r) => {
    const location = artifactLocation(r.file, root);
    const prints = fingerprints(location.uri, r.findings, r.text);
    return r.findings.map((f, i) => {
      return {
        ruleId: f.rule,
        ruleIndex: RULE_IDS.indexOf(f.rule),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
              region: {
                startLine: f.range.start.line + 1,
                startColumn: f.range.start.column + 1,
                endLine: f.range.end.line + 1,
                endColumn: f.range.end.column + 1,
              },
            },
          },
        ],
        partialFingerprints: { [FINGERPRINT_KEY]: prints[i] },
        // How sure this finding is (the rule's precision is its best case); medium/low ones come at level note.
        properties: { library: f.library, language: f.language, precision: f.precision },
      };
    });
  });
  return sarifLog({ name: 'acklab', version: options.toolVersion, rules: RULE_IDS.map((id) => ruleDescriptor(lintRuleDescription(id))), results, root });
}

export interface SarifRun {
  /** The tool's name (driver.name). */
  name: string;
  version: string;
  rules: unknown[];
  results: unknown[];
  /** Absolute source root: %SRCROOT% of every relative artifact URI. */
  root: string;
  invocations?: unknown[];
}

/** One SARIF 2.1.0 log with one run: the ONE writer of the envelope, for `acklab lint` and `acklab test`.
 *  informationUri comes from package.json's homepage (src/lint/links.ts) and is omitted without one. */
export function sarifLog(run: SarifRun): unknown {
  const home = homepageUrl();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: run.name,
            version: run.version,
            semanticVersion: run.version,
            ...(home ? { informationUri: home } : {}),
            rules: run.rules,
          },
        },
        ...(run.invocations ? { invocations: run.invocations } : {}),
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(run.root + sep).href } },
        columnKind: 'utf16CodeUnits',
        results: run.results,
      },
    ],
  };
}
