// `npm run bench:ui`: the extension in a real VS Code (code-server + headless Chromium rendering the
// workbench) with 1,000 queues and a load of 20,000 msg/s through the AMQP listener, measured with
// the Queues view hidden and visible, alternating. Prints a table and the open/closed ratios.
//
//   ACKLAB_BENCH_RATE=20000 ACKLAB_BENCH_QUEUES=1000 ACKLAB_BENCH_SECONDS=10 ACKLAB_BENCH_ROUNDS=2
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { CodeServer, freePort, openWorkbench, repoRoot, stopAll, type Workbench } from '../test/support/codeServer';
import type { PhaseResult } from './ui-host';

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'acklab-bench-ui-'));
  const results = join(dir, 'results.jsonl');
  writeFileSync(results, '');
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  try {
    const amqpPort = await freePort();
    server = await CodeServer.start({
      settings: { 'acklab.amqp.port': amqpPort, 'acklab.persistState': false },
      env: { ACKLAB_BENCH_RESULTS: results },
    });
    wb = await openWorkbench(server.workbenchUrl({ extensionDevelopmentPath: repoRoot, extensionTestsPath: join(repoRoot, 'dist', 'bench', 'ui-host.js') }));
    const phases: PhaseResult[] = [];
    const deadline = Date.now() + 15 * 60_000;
    let seen = 0;
    for (;;) {
      const lines = readFileSync(results, 'utf8').split('\n').filter(Boolean);
      for (const l of lines.slice(seen)) {
        const x = JSON.parse(l);
        if (x.type === 'error') throw new Error(`bench failed in the extension host: ${x.error}`);
        if (x.type === 'setup') console.log(`VS Code ${x.vscode}: ${x.queues} queues with one consumer each, set up in ${x.ms} ms`);
        if (x.type === 'phase') {
          phases.push(x);
          console.log(
            `  view ${x.phase.padEnd(6)} ${String(x.throughput).padStart(6)} msg/s  loop p50 ${x.loopP50} ms  p99 ${x.loopP99} ms  max ${x.loopMax} ms  refreshes ${x.refreshesPerSec}/s  items changed ${x.itemsChangedPerSec}/s  getTreeItem ${x.treeItemsPerSec}/s  host CPU ${x.cpuMsPerSec} ms/s = ${x.cpuMsPerKMsg} ms per 1k msg`,
          );
        }
        if (x.type === 'end') return report(phases);
      }
      seen = lines.length;
      if (Date.now() > deadline) throw new Error(`bench timed out\n${server.tail()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await wb?.close();
    await server?.stop();
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(phases: PhaseResult[]): number {
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const closed = phases.filter((p) => p.phase === 'closed');
  const open = phases.filter((p) => p.phase === 'open');
  const tClosed = avg(closed.map((p) => p.throughput));
  const tOpen = avg(open.map((p) => p.throughput));
  const p99Open = Math.max(...open.map((p) => p.loopP99));
  const p99Closed = Math.max(...closed.map((p) => p.loopP99));
  const rate = Number(process.env.ACKLAB_BENCH_RATE ?? 20_000);
  console.log(
    `\nmachine: ${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; target ${rate} msg/s`,
  );
  console.log(
    `throughput: view closed ${Math.round(tClosed)} msg/s, open ${Math.round(tOpen)} msg/s → open/closed ${(tOpen / tClosed).toFixed(2)} (goal ≥ 0.80)`,
  );
  console.log(`event-loop delay p99: view open ${p99Open} ms (goal < 50), closed ${p99Closed} ms`);
  const cpuOpen = avg(open.map((p) => p.cpuMsPerKMsg));
  const cpuClosed = avg(closed.map((p) => p.cpuMsPerKMsg));
  console.log(
    `extension-host CPU per 1,000 messages: view open ${cpuOpen.toFixed(2)} ms, closed ${cpuClosed.toFixed(2)} ms → open/closed ${(cpuOpen / cpuClosed).toFixed(2)}`,
  );
  console.log(
    `load average during the run: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (other processes share these cores)`,
  );
  console.log(
    `tree refreshes with the view open: ${avg(open.map((p) => p.refreshesPerSec)).toFixed(1)}/s, ${Math.round(avg(open.map((p) => p.itemsChangedPerSec)))} items/s`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(String(err instanceof Error ? err.message : err));
    process.exit(1);
  },
);
