// npm run bench:test — how fast the test broker is, side by side in one run:
//  1. startBroker() in-process (goal ≤ 50 ms), and in a fresh Node process including require('acklab');
//  2. the JavaScript sample suite (test/fixtures/acktest/js/test/clean.test.js, amqplib + mocha) run end to
//     end under `acklab test` and against a private RabbitMQ node started for it (Debian's rabbitmq-server),
//     wall time including the broker's start (goal ≥ 10x faster).
//     The acklab side is broken down with a probe the test command preloads (NODE_OPTIONS=--require): time until
//     the command's process starts, the command's own run, and the time from its exit to acklab's (drain, report).
// Env: ACKLAB_BENCH_RUNS (suite runs per side, default 3); ACKLAB_BENCH_BEFORE=<another build's dist/cli.js> adds
// that CLI as a "before" arm in the same run, interleaved.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
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

const BEFORE = process.env.ACKLAB_BENCH_BEFORE;

/** One `acklab test -- <suite>` run, timed in three parts by a probe preloaded into every Node process it starts
 *  (acklab's own and the command's): each records its start (performance.timeOrigin) and its exit. */
interface Phases {
  total: number;
  toChild: number;
  child: number;
  after: number;
}
function runAcklab(cli: string, dir: string): Phases {
  const probe = join(dir, 'probe.js');
  const log = join(dir, 'probe.log');
  writeFileSync(
    probe,
    `const fs=require('fs');fs.appendFileSync(${JSON.stringify(log)},'start '+performance.timeOrigin+'\\n');` +
      `process.on('exit',()=>fs.appendFileSync(${JSON.stringify(log)},'exit '+(performance.timeOrigin+performance.now())+'\\n'));`,
  );
  rmSync(log, { force: true });
  const t0 = performance.timeOrigin + performance.now();
  runSuite([process.execPath, cli, 'test', '--', process.execPath, ...MOCHA], { NODE_OPTIONS: `--require ${probe}` });
  const t1 = performance.timeOrigin + performance.now();
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  const times = (kind: string) => lines.filter((l) => l.startsWith(kind)).map((l) => Number(l.split(' ')[1]));
  // acklab starts first and exits last: the command's process is the later start and the earlier exit
  const childStart = Math.max(...times('start'));
  const childExit = Math.min(...times('exit'));
  return { total: t1 - t0, toChild: childStart - t0, child: childExit - childStart, after: t1 - childExit };
}

function runSuite(command: string[], env: NodeJS.ProcessEnv): number {
  const t = performance.now();
  const r = spawnSync(command[0]!, command.slice(1), { cwd: SAMPLE, env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`suite failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return ms;
}

function printPhases(label: string, runs: Phases[]): void {
  console.log(`  ${label.padEnd(30)} ${stats(runs.map((r) => r.total))}`);
  console.log(`    until the command starts     ${stats(runs.map((r) => r.toChild))}`);
  console.log(`    the command (mocha)          ${stats(runs.map((r) => r.child))}`);
  console.log(`    after it exits (drain+report) ${stats(runs.map((r) => r.after))}`);
}

async function suites(): Promise<void> {
  const ack: number[] = [];
  const phases: Phases[] = [];
  const before: Phases[] = [];
  const rmqTotal: number[] = [];
  const rmqStart: number[] = [];
  const rmqRun: number[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'acklab-bench-test-'));
  for (let i = 0; i < RUNS; i++) {
    const p = runAcklab(join(ROOT, 'dist/cli.js'), dir);
    phases.push(p);
    ack.push(p.total);
    if (BEFORE) before.push(runAcklab(BEFORE, dir));
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
  rmSync(dir, { recursive: true, force: true });
  console.log(`\nJS sample suite (clean.test.js, 5 tests, amqplib + mocha), wall time incl. broker start:`);
  printPhases('acklab test -- mocha …', phases);
  if (before.length) printPhases(`before (${BEFORE})`, before);
  if (!rmqTotal.length) {
    console.log('  RabbitMQ: rabbitmq-server is not installed (scripts/ensure-system-deps.sh)');
    return;
  }
  console.log(`  RabbitMQ node start + mocha   ${stats(rmqTotal)}`);
  console.log(`    of which node start          ${stats(rmqStart)}`);
  console.log(`    of which mocha               ${stats(rmqRun)}`);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`  ratio (median): acklab test is ${(med(rmqTotal) / med(ack)).toFixed(1)}x faster end to end`);
  if (before.length) console.log(`  ratio (median), before: ${(med(rmqTotal) / med(before.map((b) => b.total))).toFixed(1)}x`);
  console.log(`  ceiling with zero acklab overhead: (node start + mocha) / mocha = ${(med(rmqTotal) / med(rmqRun)).toFixed(1)}x`);
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
