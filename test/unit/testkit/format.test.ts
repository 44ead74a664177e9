// The ack report's formats: SARIF valid against the official 2.1.0 schema, JUnit with one failing test
// case per finding, text with file:line; trace records matched to connections by client port.
import { strict as assert } from 'node:assert';
import { Broker, sinkOf } from '../../../src/broker';
import { AckSession } from '../../../src/testkit/session';
import { formatReport } from '../../../src/testkit/format';
import { parseTraceLine } from '../../../src/testkit/trace';
import { toSarif as lintSarif } from '../../../src/lint/sarif';
import { homepageUrl } from '../../../src/lint/links';
import type { AckReport } from '../../../src/testkit/types';
import { sarifValidator } from '../../support/sarif';

function sampleReport(): AckReport {
  const broker = new Broker({ eventLogSize: 0 });
  const session = new AckSession(broker, { baseDir: '/work/app' });
  const t = Date.now();
  const conn = broker.connect(
    { clientName: 'billing <worker> & co', remoteAddress: '127.0.0.1:40001', clientProperties: { product: 'amqplib', version: '2.3.1' } },
    sinkOf(),
  );
  const ch = conn.openChannel(1);
  ch.queueDeclare({ queue: 'invoices' });
  ch.basicConsume({ queue: 'invoices', consumerTag: 'ctag-1' });
  for (let i = 0; i < 2; i++) ch.basicPublish({ routingKey: 'invoices' }, {}, Buffer.from('x'));
  ch.basicAck({ deliveryTag: 1 });
  assert.throws(() => ch.basicAck({ deliveryTag: 1 }));
  const ch2 = conn.openChannel(2);
  ch2.basicConsume({ queue: 'invoices', consumerTag: 'ctag-2' });
  ch2.basicPublish({ routingKey: 'invoices' }, {}, Buffer.from('y'));
  conn.close();
  const site = (line: number) => ({ file: '/work/app/src/worker.js', line, column: 5 });
  session.extraRecords.push(
    { op: 'consume', port: 40001, ch: 1, consumerTag: 'ctag-1', tag: 0, multiple: false, t, site: site(10), lib: 'amqplib' },
    { op: 'ack', port: 40001, ch: 1, consumerTag: '', tag: 1, multiple: false, t, site: site(11), lib: 'amqplib' },
    { op: 'ack', port: 40001, ch: 1, consumerTag: '', tag: 1, multiple: false, t, site: site(12), lib: 'amqplib' },
    { op: 'consume', port: 40001, ch: 2, consumerTag: 'ctag-2', tag: 0, multiple: false, t, site: site(20), lib: 'amqplib' },
    { op: 'consume', port: 40999, ch: 2, consumerTag: 'ctag-2', tag: 0, multiple: false, t, site: site(99), lib: 'amqplib' },
  );
  return session.report({ command: ['npm', 'test'], exitCode: 0, durationMs: 1234 });
}

describe('testkit: report formats', () => {
  const report = sampleReport();

  it('locates findings through the trace: double ack at the second ack, missing ack at the consume', () => {
    assert.deepEqual(
      report.findings.map((f) => [f.rule, f.location?.file, f.location?.line]),
      [
        ['double-ack', 'src/worker.js', 12],
        // the double ack's channel closed: its other delivery went to ctag-2, which never acked it nor its own
        ['missing-ack', 'src/worker.js', 20],
        ['missing-ack', 'src/worker.js', 20],
      ],
    );
    assert.deepEqual(
      report.findings[0]!.related.map((r) => r.location.line),
      [11],
    );
    assert.equal(report.traced, true);
  });

  it("SARIF validates against the SARIF 2.1.0 schema; shared rules carry the lint's own descriptors, no made-up links", () => {
    const text = formatReport(report, 'sarif');
    const sarif = JSON.parse(text) as {
      runs: {
        tool: { driver: { informationUri?: string; rules: { id: string; helpUri?: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const validate = sarifValidator();
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    const run = sarif.runs[0]!;
    assert.equal(run.results.length, 3);
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
    assert.equal(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'src/worker.js');
    assert.equal(run.results[0]!.locations[0]!.physicalLocation.region.startLine, 12);
    // one SARIF writer: the ids the lint has are described exactly as `acklab lint --format sarif` describes them
    const lintRules = (lintSarif([], { toolVersion: '0', srcRoot: '.' }) as typeof sarif).runs[0]!.tool.driver.rules;
    for (const id of ['missing-ack', 'double-ack', 'ack-in-auto-ack', 'wrong-channel', 'requeue-loop'])
      assert.deepEqual(
        run.tool.driver.rules.find((r) => r.id === id),
        lintRules.find((r) => r.id === id),
        id,
      );
    // links only from package.json's homepage: this repository has none, so no helpUri/informationUri at all
    assert.equal(homepageUrl(), undefined);
    assert.equal(run.tool.driver.informationUri, undefined);
    assert.ok(run.tool.driver.rules.every((r) => r.helpUri === undefined));
    assert.doesNotMatch(text, /github\.com\/acklab\/acklab/);
  });

  it('JUnit: one failing test case per finding, XML-escaped; a passing case when clean', () => {
    const xml = formatReport(report, 'junit');
    assert.equal(xml.match(/<testcase /g)!.length, 3);
    assert.equal(xml.match(/<failure /g)!.length, 3);
    assert.match(xml, /<testsuites name="acklab" tests="3" failures="3"/);
    assert.match(xml, /file="src\/worker.js" line="12"/);
    assert.match(xml, /billing &lt;worker&gt; &amp; co/);
    assert.doesNotMatch(xml, /billing <worker>/);
    const clean = formatReport({ ...report, findings: [], summary: { ...report.summary, findings: 0, byRule: {} } }, 'junit');
    assert.match(clean, /tests="1" failures="0"/);
    assert.doesNotMatch(clean, /<failure/);
  });

  it('text names file:line, the client and the history', () => {
    const text = formatReport(report, 'text');
    assert.match(text, /^src\/worker\.js:12:5 {2}error {2}double-ack/m);
    assert.match(text, /client "billing <worker> & co" \(amqplib 2\.3\.1\)/);
    assert.match(text, /see src\/worker\.js:11:5 \(the first ack\)/);
    assert.match(text, /unsettled-at-close/);
    assert.match(text, /3 findings \(double-ack 1, missing-ack 2\)/);
  });

  it('JSON is the report itself', () => {
    assert.deepEqual(JSON.parse(formatReport(report, 'json')), JSON.parse(JSON.stringify(report)));
  });

  it('trace lines from the user process are checked: bad ones are skipped', () => {
    assert.equal(parseTraceLine('not json'), undefined);
    assert.equal(parseTraceLine('{"op":"rm -rf","port":1,"ch":1,"t":1,"site":{"file":"a","line":1}}'), undefined);
    assert.equal(parseTraceLine('{"op":"ack","port":"1","ch":1,"t":1,"site":{"file":"a","line":1}}'), undefined);
    assert.equal(parseTraceLine('{"op":"ack","port":1,"ch":1,"t":1,"site":{"file":"a","line":0}}'), undefined);
    assert.deepEqual(parseTraceLine('{"op":"ack","port":1,"ch":2,"tag":3,"t":4,"site":{"file":"a.js","line":5,"column":6}}'), {
      op: 'ack',
      port: 1,
      ch: 2,
      consumerTag: '',
      tag: 3,
      multiple: false,
      t: 4,
      site: { file: 'a.js', line: 5, column: 6 },
      lib: '',
    });
  });
});
