// The in-extension-host half of `npm run bench:ui` (loaded as extensionTestsPath by bench/ui.ts, so
// it runs inside the real VS Code extension host next to the extension). It drives phases with the
// Queues view hidden and visible while bench/ui-load.ts pushes messages through the AMQP listener,
// and measures the extension host's event-loop delay and the tree's refresh rate.
import { spawn } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import * as vscode from 'vscode';
import type { AckLabApi } from '../src/vscode/main';

const QUEUES = Number(process.env.ACKLAB_BENCH_QUEUES ?? 1000);
const RATE = Number(process.env.ACKLAB_BENCH_RATE ?? 20_000);
const SECONDS = Number(process.env.ACKLAB_BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.ACKLAB_BENCH_ROUNDS ?? 2);

function emit(x: unknown): void {
  const f = process.env.ACKLAB_BENCH_RESULTS;
  if (f) appendFileSync(f, JSON.stringify(x) + '\n');
  else console.log(JSON.stringify(x));
}

export interface PhaseResult {
  phase: 'closed' | 'open';
  viewVisible: boolean;
  seconds: number;
  published: number;
  consumed: number;
  throughput: number;
  loopP50: number;
  loopP99: number;
  loopMax: number;
  refreshesPerSec: number;
  itemsChangedPerSec: number;
  treeItemsPerSec: number;
  /** Extension-host CPU (user+system) per second of wall time, in ms, and per 1,000 messages consumed. */
  cpuMsPerSec: number;
  cpuMsPerKMsg: number;
}

export async function run(): Promise<void> {
  try {
    await bench();
  } catch (err) {
    emit({ type: 'error', error: String(err instanceof Error ? err.stack : err) });
    throw err;
  }
}

async function bench(): Promise<void> {
  const ext = vscode.extensions.getExtension<AckLabApi>('acklab.acklab')!;
  const api = await ext.activate();
  await api.services.ensureBroker();
  if (!api.playground.port) throw new Error('AMQP listener not running');
  const child = spawn(process.execPath, [join(ext.extensionPath, 'dist', 'bench', 'ui-load.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ask = async (cmd: unknown): Promise<Record<string, number | boolean | string>> => {
    child.stdin!.write(JSON.stringify(cmd) + '\n');
    const { value, done } = await lines.next();
    if (done) throw new Error('load generator exited');
    const r = JSON.parse(value as string);
    if (!r.ok) throw new Error(`load generator: ${r.error}`);
    return r;
  };
  try {
    const t0 = Date.now();
    await ask({ cmd: 'setup', url: `amqp://guest:guest@127.0.0.1:${api.playground.port}`, queues: QUEUES });
    emit({ type: 'setup', queues: QUEUES, ms: Date.now() - t0, vscode: vscode.version });
    // warm up (JIT, buffers) with the view hidden
    await setView(api, false);
    await ask({ cmd: 'run', seconds: 3, rate: RATE });
    for (let round = 0; round < ROUNDS; round++) {
      for (const open of round % 2 ? [true, false] : [false, true]) {
        await setView(api, open);
        emit({ type: 'phase', ...(await phase(api, ask, open)) });
      }
    }
  } finally {
    child.stdin!.write(JSON.stringify({ cmd: 'quit' }) + '\n');
    setTimeout(() => child.kill(), 5000).unref();
  }
  emit({ type: 'end' });
}

async function setView(api: AckLabApi, open: boolean): Promise<void> {
  const view = api.services.queuesView;
  await vscode.commands.executeCommand(open ? 'acklab.queues.focus' : 'workbench.view.explorer');
  const deadline = Date.now() + 10_000;
  while (view.visible !== open && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (view.visible !== open) throw new Error(`could not make the Queues view ${open ? 'visible' : 'hidden'}`);
  await new Promise((r) => setTimeout(r, 1000)); // let the view settle (first render of 1,000 rows)
}

async function phase(api: AckLabApi, ask: (c: unknown) => Promise<Record<string, number | boolean | string>>, open: boolean): Promise<PhaseResult> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  const r0 = api.queuesProvider.refreshes;
  const c0 = api.queues.itemsChanged;
  const i0 = api.queuesProvider.itemsRendered;
  const profile = process.env.ACKLAB_BENCH_PROFILE ? await startProfile() : undefined;
  const cpu0 = process.cpuUsage();
  h.enable();
  const r = await ask({ cmd: 'run', seconds: SECONDS, rate: RATE });
  h.disable();
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (profile) await profile(`${process.env.ACKLAB_BENCH_PROFILE}-${open ? 'open' : 'closed'}.cpuprofile`);
  const secs = Number(r.seconds);
  const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
  return {
    phase: open ? 'open' : 'closed',
    viewVisible: api.services.queuesView.visible,
    seconds: Math.round(secs * 10) / 10,
    published: Number(r.published),
    consumed: Number(r.consumed),
    throughput: Math.round(Number(r.consumed) / secs),
    loopP50: ms(h.percentile(50)),
    loopP99: ms(h.percentile(99)),
    loopMax: ms(h.max),
    refreshesPerSec: Math.round(((api.queuesProvider.refreshes - r0) / secs) * 10) / 10,
    itemsChangedPerSec: Math.round((api.queues.itemsChanged - c0) / secs),
    treeItemsPerSec: Math.round((api.queuesProvider.itemsRendered - i0) / secs),
    cpuMsPerSec: Math.round(cpuMs / secs),
    cpuMsPerKMsg: Math.round((cpuMs / Math.max(1, Number(r.consumed))) * 1000 * 100) / 100,
  };
}

/** CPU profile of the extension host (ACKLAB_BENCH_PROFILE=/tmp/prefix): to see where the time goes. */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<any>((res, rej) => session.post(method, params ?? {}, (err, r) => (err ? rej(err) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return async (file) => {
    const { profile } = await post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
