// The ack report as SARIF 2.1.0 (GitHub code scanning and other SARIF viewers). Rule descriptors
// have the same shape as the lint's (src/lint/format.ts), so the shared rule ids read the same.
import { TEST_RULES, TEST_RULE_IDS } from '../rules';
import type { AckFinding, AckReport, SourceLocation } from '../types';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function physical(l: SourceLocation): unknown {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(l.file.split('\\').join('/')), ...(l.file.startsWith('/') ? {} : { uriBaseId: '%SRCROOT%' }) },
      region: { startLine: l.line, startColumn: l.column },
    },
  };
}

function result(f: AckFinding): unknown {
  return {
    ruleId: f.rule,
    ruleIndex: TEST_RULE_IDS.indexOf(f.rule),
    level: LEVEL[f.severity],
    message: { text: f.message },
    ...(f.location ? { locations: [physical(f.location)] } : {}),
    ...(f.related.length
      ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, ...(physical(r.location) as object), message: { text: r.message } })) }
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

export function toSarif(report: AckReport): unknown {
  const rules = TEST_RULE_IDS.map((id) => ({
    id,
    name: id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: TEST_RULES[id].summary },
    fullDescription: { text: TEST_RULES[id].summary },
    helpUri: TEST_RULES[id].docs,
    help: { text: `See ${TEST_RULES[id].docs}` },
    defaultConfiguration: { level: LEVEL[TEST_RULES[id].severity] },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'acklab test',
            version: report.toolVersion,
            semanticVersion: report.toolVersion,
            informationUri: 'https://github.com/acklab/acklab',
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, commandLine: report.command.join(' '), ...(report.exitCode !== null ? { exitCode: report.exitCode } : {}) }],
        columnKind: 'utf16CodeUnits',
        results: report.findings.map(result),
      },
    ],
  };
}
