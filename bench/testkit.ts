// npm run bench:test — how fast the test broker is, side by side in one run:
//  1. startBroker() in-process (goal ≤ 50 ms), and in a fresh Node process including require('acklab');
//  2. the JavaScript sample suite (test/fixtures/acktest/js/test/clean.test.js, amqplib + mocha) run end to
//     end under `acklab test` and against a private RabbitMQ node started for it (Debian's rabbitmq-server),
//     wall time including the broker's start (goal ≥ 10x faster).
// Env: ACKLAB_BENCH_RUNS (suite runs per side, default 3).
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { startBroker } from '../src/testkit/api';
import { rabbitmqAvailable, startRabbitMQ } from '../test/support/rabbitmq';

const ROOT = resolve(__dirname, '../..');
const RUNS = Number(process.env.ACKLAB_BENCH_RUNS ?? 3);
const SAMPLE = join(ROOT, 'test/fixtures/acktest/js');
const MOCHA = [join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--no-config', '--no-package', '--timeout', '20000', 'test/clean.test.js'];

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${s[s.length - 1]!.toFixed(1)} ms (n=${s.length})`;
}

async function inProcess(): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    const h = await startBroker();
    times.push(performance.now() - t);
    await h.close();
  }
  console.log(`startBroker() in-process, first call: ${times[0]!.toFixed(1)} ms; all: ${stats(times)}`);
  const cold: number[] = [];
  const script = `const t=performance.now();const {startBroker}=require(${JSON.stringify(join(ROOT, 'dist/api.js'))});startBroker().then(async(h)=>{process.stdout.write(String(performance.now()-t));await h.close();});`;
  for (let i = 0; i < 5; i++) cold.push(Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout));
  console.log(`fresh Node process, require('acklab') + startBroker(): ${stats(cold)}`);
}

function runSuite(command: string[], env: NodeJS.ProcessEnv): number {
  const t = performance.now();
  const r = spawnSync(command[0]!, command.slice(1), { cwd: SAMPLE, env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`suite failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return ms;
}

async function suites(): Promise<void> {
  const ack: number[] = [];
  const rmqTotal: number[] = [];
  const rmqStart: number[] = [];
  const rmqRun: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ack.push(runSuite([process.execPath, join(ROOT, 'dist/cli.js'), 'test', '--', process.execPath, ...MOCHA], {}));
    if (!rabbitmqAvailable()) continue;
    const t = performance.now();
    const node = await startRabbitMQ();
    const started = performance.now() - t;
    try {
      const run = runSuite([process.execPath, ...MOCHA], { AMQP_URL: node.url });
      rmqStart.push(started);
      rmqRun.push(run);
      rmqTotal.push(started + run);
    } finally {
      await node.stop();
    }
  }
  console.log(`\nJS sample suite (clean.test.js, 5 tests, amqplib + mocha), wall time incl. broker start:`);
  console.log(`  acklab test -- mocha …         ${stats(ack)}`);
  if (!rmqTotal.length) {
    console.log('  RabbitMQ: rabbitmq-server is not installed (scripts/ensure-system-deps.sh)');
    return;
  }
  console.log(`  RabbitMQ node start + mocha   ${stats(rmqTotal)}`);
  console.log(`    of which node start          ${stats(rmqStart)}`);
  console.log(`    of which mocha               ${stats(rmqRun)}`);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`  ratio (median): acklab test is ${(med(rmqTotal) / med(ack)).toFixed(1)}x faster end to end`);
}

async function main(): Promise<void> {
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  await inProcess();
  await suites();
  console.log(
    `\nload average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
