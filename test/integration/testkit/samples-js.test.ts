// `acklab test` on the JavaScript sample (amqplib + mocha): every seeded ack bug is reported, with the
// file:line of the consume handler or settle call (trace hook), and the clean suite has no findings.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCATED, ROOT, SAMPLES, ackTest, markers, requireBuild } from './harness';

const DIR = join(SAMPLES, 'js');
const MOCHA = [process.execPath, join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--no-config', '--no-package', '--timeout', '10000'];
const OPTIONS = ['--trace', '--check-ready', '--consumer-timeout', '300'];

describe('acklab test: JavaScript sample (amqplib + mocha)', function () {
  this.timeout(60_000);
  before(requireBuild);

  for (const file of readdirSync(join(DIR, 'test')).filter((f) => f.endsWith('.test.js')).sort()) {
    const rel = `test/${file}`;
    const expected = markers(join(DIR, rel));
    it(`${file}: ${expected.length ? expected.map((m) => m.rule).join(', ') : 'no findings'}`, async () => {
      const { code, report, stderr } = await ackTest(DIR, OPTIONS, [...MOCHA, rel]);
      assert.match(stderr, /passing/, 'the sample suite itself passes');
      assert.equal(report.exitCode, 0, stderr);
      assert.deepEqual(report.findings.map((f) => f.rule).sort(), expected.map((m) => m.rule).sort(), JSON.stringify(report.findings, null, 2));
      assert.equal(code, expected.length ? 1 : 0);
      for (const m of expected) {
        const f = report.findings.find((x) => x.rule === m.rule)!;
        assert.ok(f.queue.startsWith('js.'), f.queue);
        assert.ok(f.history.length > 0, 'the message history');
        if (!LOCATED.has(m.rule)) continue;
        assert.ok(f.client.connectionName, 'connection_name from client properties');
        assert.equal(f.client.library, 'amqplib');
        assert.match(f.client.version, /^\d+\.\d+/);
        assert.ok(f.consumerTag, 'consumer tag');
        assert.deepEqual(f.location && { file: f.location.file, line: f.location.line }, { file: rel, line: m.line });
      }
    });
  }

  it('without --trace the findings are the same, without source lines', async () => {
    const { report } = await ackTest(DIR, [], [...MOCHA, 'test/missing-ack.test.js']);
    assert.deepEqual(report.findings.map((f) => f.rule), ['missing-ack']);
    assert.equal(report.findings[0]!.location, undefined);
    assert.equal(report.traced, false);
  });
});
