// The ack report as SARIF 2.1.0 (GitHub code scanning and other SARIF viewers), written by the lint's SARIF
// writer (src/lint/sarif.ts): the ids shared with the lint carry the lint's very rule descriptors, links come
// from package.json's homepage (src/lint/links.ts) and are left out without one.
import { artifactLocation, lintRuleDescription, ruleDescriptor, sarifLog, SARIF_LEVEL } from '../../lint/sarif';
import { isRuleId } from '../../lint/rules';
import { TEST_RULES, TEST_RULE_IDS } from '../rules';
import type { AckFinding, AckReport, SourceLocation, TestRuleId } from '../types';

function physical(l: SourceLocation, root: string): unknown {
  return { physicalLocation: { artifactLocation: artifactLocation(l.file, root), region: { startLine: l.line, startColumn: l.column } } };
}

function result(f: AckFinding, root: string): unknown {
  return {
    ruleId: f.rule,
    ruleIndex: TEST_RULE_IDS.indexOf(f.rule),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    ...(f.location ? { locations: [physical(f.location, root)] } : {}),
    ...(f.related.length
      ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, ...(physical(r.location, root) as object), message: { text: r.message } })) }
      : {}),
    properties: {
      queue: f.queue,
      consumerTag: f.consumerTag,
      connectionName: f.client.connectionName,
      library: f.client.library,
      libraryVersion: f.client.version,
      channel: f.channel,
      deliveryTag: f.deliveryTag,
      history: f.history.map((h) => `+${h.at} ms ${h.event}: ${h.detail}`),
    },
  };
}

function descriptor(id: TestRuleId): unknown {
  if (isRuleId(id)) return ruleDescriptor(lintRuleDescription(id));
  const r = TEST_RULES[id];
  return ruleDescriptor({ id, summary: r.summary, severity: r.severity, url: r.url });
}

/** `root`: where relative locations start (the directory the report's paths are relative to). */
export function toSarif(report: AckReport, root = process.cwd()): unknown {
  return sarifLog({
    name: 'acklab test',
    version: report.toolVersion,
    rules: TEST_RULE_IDS.map(descriptor),
    results: report.findings.map((f) => result(f, root)),
    root,
    invocations: [{ executionSuccessful: true, commandLine: report.command.join(' '), ...(report.exitCode !== null ? { exitCode: report.exitCode } : {}) }],
  });
}
