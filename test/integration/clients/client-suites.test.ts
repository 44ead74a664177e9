// The client libraries' own test suites, unchanged, against `acklab serve` and against Debian's RabbitMQ
// 3.10.8: amqplib 0.10.9's test/ folder and amqp091-go's integration suite (Debian's package, product gate
// lifted: see test/support/clientSuites.ts). Each run happens in a private network namespace (unshare -n)
// where the broker owns port 5672, as these suites expect (test/client-suites/run.ts).
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { amqp091GoAvailable, amqp091GoTests, prepareAmqp091Go, prepareAmqplib, type SuiteResult } from '../../support/clientSuites';
import { rabbitmqAvailable } from '../../support/rabbitmq';

const RUNNER = join(__dirname, '..', '..', 'client-suites', 'run.ts');
/** The one amqplib test that cannot pass on another broker: it asserts serverProperties.product === 'RabbitMQ'. */
const PRODUCT_NAME_TEST = 'Connect API serverProperties';
/** 80,000 channel open/close round trips: ~2 min on RabbitMQ 3.10 (~8 s on acklab), so CI runs it on acklab only. */
const SLOW_ON_RABBITMQ = 'TestChannelCounterShouldNotPanicIssue136';
const WITH_RABBITMQ = rabbitmqAvailable() && process.env.ACKLAB_SKIP_RABBITMQ !== '1';
const NETNS = spawnSync('unshare', ['-n', '--', 'ip', 'link', 'set', 'lo', 'up']).status === 0;

interface Plan {
  amqplib?: string;
  goBin?: string;
  goRuns: number;
  goOnly?: string[];
  profile?: string;
}

/** Runs test/client-suites/run.ts against one broker (in its own network namespace when we may make one). */
async function runSuites(target: 'acklab' | 'rabbitmq', plan: Plan): Promise<SuiteResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'acklab-suites-'));
  const out = join(dir, 'results.json');
  const node = [process.execPath, '--import', 'tsx', RUNNER, target, out, JSON.stringify(plan)];
  const [cmd, ...args] = NETNS ? ['unshare', '-n', '--', ...node, '--netns'] : node;
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        text += d.toString();
      });
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`client-suite runner (${target}) exited ${code}:\n${text.slice(-4000)}`))));
    });
    return (JSON.parse(readFileSync(out, 'utf8')) as { results: SuiteResult[] }).results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const summary = (r: SuiteResult): string =>
  `${r.suite}: ${r.passed.length} passed, ${r.failed.length} failed (${(r.ms / 1000).toFixed(1)} s), exit ${r.exitCode}\nfailed: ${r.failed.join(', ')}\n${r.tail}`;

describe("client libraries' own test suites against acklab serve, as on RabbitMQ 3.10.8", function () {
  this.timeout(420_000);
  let amqplib: string;
  let goBin: string | undefined;
  let goTests: string[] = [];
  let onRabbit: { amqplib?: SuiteResult; go?: SuiteResult } = {};

  before(async function () {
    this.timeout(600_000);
    if (!NETNS) console.warn("    (no private network namespace here: amqplib's tests that dial localhost:5672 fail on both brokers)");
    amqplib = prepareAmqplib();
    if (amqp091GoAvailable()) {
      goBin = prepareAmqp091Go();
      goTests = amqp091GoTests(goBin);
    }
    if (WITH_RABBITMQ) {
      const goOnly = goTests.filter((t) => t !== SLOW_ON_RABBITMQ);
      const [a, g] = await runSuites('rabbitmq', { amqplib, goBin, goRuns: goBin ? 1 : 0, goOnly });
      onRabbit = { amqplib: a, go: g };
    }
  });

  it('amqplib 0.10.9 test/: everything that passes on RabbitMQ passes on acklab; only the product-name assertion fails', async function () {
    const [got] = await runSuites('acklab', { amqplib, goRuns: 0 });
    console.log(
      `    amqplib: acklab ${got?.passed.length} passed / ${got?.failed.length} failed; RabbitMQ ${onRabbit.amqplib ? `${onRabbit.amqplib.passed.length} / ${onRabbit.amqplib.failed.length}` : 'not run'}`,
    );
    assert.ok(got && got.passed.length > 60, `amqplib's suite ran (${got && summary(got)})`);
    assert.deepEqual(got.failed, [PRODUCT_NAME_TEST], summary(got));
    if (onRabbit.amqplib) {
      const want = onRabbit.amqplib;
      assert.deepEqual(
        got.passed.filter((t) => !want.passed.includes(t)),
        [],
        'passes on acklab only',
      );
      assert.deepEqual(
        want.passed.filter((t) => !got.passed.includes(t) && t !== PRODUCT_NAME_TEST),
        [],
        `passes on RabbitMQ only\n${summary(got)}`,
      );
    }
  });

  it('amqp091-go integration suite (Debian package, product gate lifted): every test passes, whole suite in one process, 3 runs of 3', async function () {
    if (!goBin) this.skip();
    const runs = await runSuites('acklab', { goBin, goRuns: 3 });
    const counts = runs.map((r) => `${r.passed.length}/${r.failed.length}`).join(', ');
    console.log(
      `    amqp091-go: acklab runs ${counts} (passed/failed); RabbitMQ ${onRabbit.go ? `${onRabbit.go.passed.length}/${onRabbit.go.failed.length}` : 'not run'}`,
    );
    assert.equal(runs.length, 3);
    for (const [i, r] of runs.entries()) {
      assert.deepEqual({ failed: r.failed, exitCode: r.exitCode }, { failed: [], exitCode: 0 }, `run ${i + 1}: ${summary(r)}`);
      for (const t of goTests) assert.ok(r.passed.includes(t), `run ${i + 1}: ${t} did not pass\n${summary(r)}`);
      if (onRabbit.go)
        assert.deepEqual(
          onRabbit.go.passed.filter((t) => !r.passed.includes(t)),
          [],
          `run ${i + 1}: passes on RabbitMQ only`,
        );
    }
    // (RabbitMQ's own run is not required to be clean: on a loaded machine its timing-sensitive tests flake too)
  });
});
