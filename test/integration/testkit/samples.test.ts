// `acklab test` on the three sample projects (test/fixtures/acktest/{js,python,go}): every seeded ack
// bug is reported with queue, consumer, client and history, at the marked file:line for JavaScript
// (amqplib hook) and Python (pika hook), and the clean variants have no findings.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCATED, ROOT, SAMPLES, ackTest, markers, requireBuild } from './harness';

const OPTIONS = ['--trace', '--check-ready', '--consumer-timeout', '1500'];
const GO_ENV = { GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '' };

interface Variant {
  name: string;
  file: string;
  command: () => string[];
}
interface Sample {
  language: string;
  dir: string;
  located: boolean;
  library: RegExp;
  version?: RegExp;
  env?: NodeJS.ProcessEnv;
  variants: () => Variant[];
  setup?: () => void;
  teardown?: () => void;
}

const js: Sample = {
  language: 'JavaScript (amqplib + mocha)',
  dir: join(SAMPLES, 'js'),
  located: true,
  library: /^amqplib$/,
  variants: () =>
    readdirSync(join(SAMPLES, 'js/test'))
      .filter((f) => f.endsWith('.test.js'))
      .sort()
      .map((f) => ({
        name: f,
        file: `test/${f}`,
        command: () => [process.execPath, join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--no-config', '--no-package', '--timeout', '10000', `test/${f}`],
      })),
};

const python: Sample = {
  language: 'Python (pika + pytest)',
  dir: join(SAMPLES, 'python'),
  located: true,
  library: /^Pika Python Client Library$/,
  env: { PYTHONDONTWRITEBYTECODE: '1' },
  variants: () =>
    readdirSync(join(SAMPLES, 'python'))
      .filter((f) => /^test_.*\.py$/.test(f))
      .sort()
      .map((f) => ({
        name: f,
        file: f,
        command: () => ['/usr/bin/python3', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', f],
      })),
};

// Go: amqp091-go 1.5 sends no product/version once an app sets its own client properties (here
// connection_name), so the report shows exactly what the client sent: nothing.
// TestClean runs through `go test`; the seeded variants run the test binary it compiles once
// (`go test -c`), which is what `go test` runs too, minus the re-link per variant.
let goBin = '';
const go: Sample = {
  language: 'Go (amqp091-go + go test)',
  dir: join(SAMPLES, 'go'),
  located: false,
  library: /^$/,
  version: /^$/,
  env: GO_ENV,
  setup: () => {
    const dir = mkdtempSync(join(tmpdir(), 'acklab-go-'));
    goBin = join(dir, 'orders.test');
    execFileSync('go', ['test', '-c', '-o', goBin, '.'], { cwd: join(SAMPLES, 'go'), env: { ...process.env, ...GO_ENV }, stdio: 'inherit' });
  },
  teardown: () => {
    if (goBin) rmSync(join(goBin, '..'), { recursive: true, force: true });
  },
  variants: () =>
    readdirSync(join(SAMPLES, 'go'))
      .filter((f) => f.endsWith('_test.go') && f !== 'helpers_test.go')
      .sort()
      .map((f) => {
        const test =
          'Test' +
          f
            .replace(/_test\.go$/, '')
            .split('_')
            .map((w) => w[0]!.toUpperCase() + w.slice(1))
            .join('');
        return {
          name: `${test} (${f})`,
          file: f,
          command: () => (test === 'TestClean' ? ['go', 'test', '-count=1', '-run', `^${test}$`, '.'] : [goBin, '-test.run', `^${test}$`]),
        };
      }),
};

for (const sample of [js, python, go]) {
  describe(`acklab test: ${sample.language} sample`, function () {
    this.timeout(180_000);
    before(function () {
      requireBuild();
      sample.setup?.();
    });
    after(() => sample.teardown?.());

    for (const v of sample.variants()) {
      const expected = markers(join(sample.dir, v.file));
      it(`${v.name}: ${expected.length ? expected.map((m) => m.rule).join(', ') : 'no findings'}`, async () => {
        const { code, report, stderr } = await ackTest(sample.dir, OPTIONS, v.command(), sample.env);
        assert.equal(report.exitCode, 0, `the sample test itself passes:\n${stderr}`);
        assert.deepEqual(report.findings.map((f) => f.rule).sort(), expected.map((m) => m.rule).sort(), JSON.stringify(report.findings, null, 2));
        assert.equal(code, expected.length ? 1 : 0);
        for (const m of expected) {
          const f = report.findings.find((x) => x.rule === m.rule)!;
          assert.ok(f.queue, 'queue');
          assert.ok(f.history.length > 0, 'the message history');
          if (!LOCATED.has(m.rule)) continue;
          assert.ok(f.consumerTag, 'consumer tag');
          assert.ok(f.client.connectionName, 'connection_name from client properties');
          assert.match(f.client.library, sample.library);
          assert.match(f.client.version, sample.version ?? /^\d+\.\d+/);
          if (sample.located) assert.deepEqual(f.location && { file: f.location.file, line: f.location.line }, { file: v.file, line: m.line });
          else assert.equal(f.location, undefined);
        }
      });
    }
  });
}

describe('acklab test: without --trace', function () {
  this.timeout(60_000);
  before(requireBuild);
  it('finds the same bugs, without source lines', async () => {
    const { report } = await ackTest(python.dir, [], ['/usr/bin/python3', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'test_missing_ack.py'], python.env);
    assert.deepEqual(
      report.findings.map((f) => f.rule),
      ['missing-ack'],
    );
    assert.equal(report.findings[0]!.location, undefined);
    assert.equal(report.traced, false);
  });
});
