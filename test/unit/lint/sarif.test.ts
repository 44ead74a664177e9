// SARIF for GitHub code scanning (#16 item 3): valid against the official SARIF 2.1.0 schema, one fingerprint per
// finding that survives lines inserted above it, rule metadata (tags, precision, security-severity, help.markdown
// from docs/rules), and no made-up links (every link comes from package.json `homepage`).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pkg from '../../../package.json';
import { createLinter, RULE_IDS, type Linter } from '../../../src/lint/index';
import { FINGERPRINT_KEY, toSarif } from '../../../src/lint/sarif';
import { sarifValidator } from '../../support/sarif';

const ROOT = join(__dirname, '..', '..', '..');
const WORKER = [
  "const amqp = require('amqplib');",
  "ch.consume('orders', (msg) => {",
  '  console.log(msg);',
  '});',
  "ch.consume('orders', (msg) => {",
  '  console.log(msg);',
  '});',
  "ch.consume('audit', (msg) => {",
  '  ch.ack(msg);',
  '  ch.ack(msg);',
  '});',
].join('\n');

interface Log {
  runs: {
    tool: {
      driver: {
        informationUri?: string;
        rules: { id: string; helpUri?: string; help: { text: string; markdown?: string }; properties: Record<string, unknown> }[];
      };
    };
    results: {
      ruleId: string;
      partialFingerprints: Record<string, string>;
      properties: Record<string, unknown>;
      locations: { physicalLocation: { region: { startLine: number } } }[];
    }[];
  }[];
}

describe('lint SARIF output', function () {
  this.timeout(60_000);
  let linter: Linter;
  before(async () => {
    linter = await createLinter({ languages: ['javascript'] });
  });
  after(() => linter.dispose());

  const sarif = (text: string): Log =>
    toSarif([{ file: join(ROOT, 'src/app/worker.js'), text, findings: linter.lint(text, 'worker.js') }], { toolVersion: '0.0.0-test', srcRoot: ROOT }) as Log;

  it('validates against the SARIF 2.1.0 schema', () => {
    const log: unknown = sarif(WORKER);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  it('a finding keeps its fingerprint when lines are inserted above it; identical findings stay distinct', () => {
    const before = sarif(WORKER).runs[0]!.results;
    const after = sarif(`// header\n// added\n\n${WORKER}`).runs[0]!.results;
    assert.equal(before.length, 3);
    assert.deepEqual(
      after.map((r) => r.locations[0]!.physicalLocation.region.startLine),
      before.map((r) => r.locations[0]!.physicalLocation.region.startLine + 3),
    );
    assert.deepEqual(
      after.map((r) => r.partialFingerprints[FINGERPRINT_KEY]),
      before.map((r) => r.partialFingerprints[FINGERPRINT_KEY]),
    );
    assert.equal(new Set(before.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).size, 3);
    for (const r of before) assert.match(String(r.properties.precision), /^(very-high|high|medium|low)$/, 'each result says how sure it is');
    // the second consumer's queue changes: that finding is new, the first one keeps its fingerprint
    const edited = sarif(WORKER.replace(/ch\.consume\('orders'([^]*?)ch\.consume\('orders'/, "ch.consume('orders'$1ch.consume('refunds'")).runs[0]!.results;
    assert.equal(edited[0]!.partialFingerprints[FINGERPRINT_KEY], before[0]!.partialFingerprints[FINGERPRINT_KEY]);
    assert.notEqual(
      edited[1]!.partialFingerprints[FINGERPRINT_KEY],
      before[1]!.partialFingerprints[FINGERPRINT_KEY],
      'a changed consume call is a new finding',
    );
  });

  it('describes every rule with tags, precision, help.markdown from docs/rules, and links only from package.json homepage', () => {
    const log = sarif(WORKER);
    const rules = log.runs[0]!.tool.driver.rules;
    assert.deepEqual(
      rules.map((r) => r.id),
      RULE_IDS,
    );
    const home = (pkg as { homepage?: string }).homepage;
    for (const r of rules) {
      assert.equal(r.help.markdown, readFileSync(join(ROOT, 'docs/rules', `${r.id}.md`), 'utf8'));
      assert.ok(Array.isArray(r.properties.tags) && (r.properties.tags as string[]).includes('reliability'));
      assert.match(String(r.properties.precision), /^(very-high|high|medium|low)$/);
      if (home) assert.ok(r.helpUri?.startsWith(home.replace(/\/$/, '')), `${r.id}: ${r.helpUri}`);
      else assert.equal(r.helpUri, undefined);
    }
    assert.equal(log.runs[0]!.tool.driver.informationUri, home?.replace(/\/$/, ''));
    assert.equal(rules.find((r) => r.id === 'missing-ack')!.properties['security-severity'], '4.0');
    assert.doesNotMatch(JSON.stringify(log), /github\.com\/acklab\/acklab|example\.(com|org)/);
  });

  it('a file outside the source root gets an absolute file: URI', () => {
    const text = "const amqp = require('amqplib');\nch.consume('q', (m) => { console.log(m); });";
    const log = toSarif([{ file: '/elsewhere/w.js', text, findings: linter.lint(text, 'w.js') }], { toolVersion: '0', srcRoot: resolve(ROOT) }) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[];
    };
    assert.deepEqual(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation, { uri: 'file:///elsewhere/w.js' });
  });
});
