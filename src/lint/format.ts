// Output formats of `acklab lint`: text (for people) and JSON (documented in docs/lint-json.md, stable); SARIF 2.1.0
// is in sarif.ts.
import type { Finding, RuleId } from './types';

export interface FileFindings {
  file: string;
  findings: Finding[];
}

export const JSON_FORMAT_VERSION = 1;

export function formatText(results: FileFindings[], filesScanned: number): string {
  const lines: string[] = [];
  let n = 0;
  for (const r of results) {
    for (const f of r.findings) {
      n++;
      lines.push(
        `${r.file}:${f.range.start.line + 1}:${f.range.start.column + 1}  ${f.severity.padEnd(7)}  ${f.rule.padEnd(15)}  ${f.message}  [${f.library}]`,
      );
    }
  }
  lines.push(
    n
      ? `\n${n} finding${n === 1 ? '' : 's'} in ${results.filter((r) => r.findings.length).length} of ${filesScanned} file${filesScanned === 1 ? '' : 's'}`
      : `No findings in ${filesScanned} file${filesScanned === 1 ? '' : 's'}.`,
  );
  return lines.join('\n') + '\n';
}

export function toJson(results: FileFindings[], filesScanned: number, toolVersion: string): unknown {
  const findings = results.flatMap((r) =>
    r.findings.map((f) => ({
      file: r.file,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      startLine: f.range.start.line + 1,
      startColumn: f.range.start.column + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.column + 1,
      library: f.library,
      language: f.language,
      docs: f.docs,
      fixes: f.fixes.map((x) => ({
        title: x.title,
        edits: x.edits.map((e) => ({
          startLine: e.range.start.line + 1,
          startColumn: e.range.start.column + 1,
          endLine: e.range.end.line + 1,
          endColumn: e.range.end.column + 1,
          newText: e.newText,
        })),
      })),
    })),
  );
  const byRule: Partial<Record<RuleId, number>> = {};
  for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  return { version: JSON_FORMAT_VERSION, tool: 'acklab', toolVersion, summary: { files: filesScanned, findings: findings.length, byRule }, findings };
}
