// `npm run bench:activation`: from a click on the AckLab activity-bar icon (extension not yet active)
// to the broker "running", read from the DOM of the real workbench (code-server + headless Chromium):
// the status bar's "AckLab :PORT" item and the Queues view's "No queues yet" welcome. Two cases side by
// side, alternating: the AMQP port free, and 5672 held (as by a local RabbitMQ) so AckLab falls back.
// Also reports activate() itself, from the extension's log. Goal: click → running ≤ 500 ms.
//
//   ACKLAB_BENCH_ROUNDS=3
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { CodeServer, freePort, openWorkbench, repoRoot, stopAll } from '../test/support/codeServer';
import { openAckLab } from '../test/vscode/ui/workbench';

interface Sample {
  statusMs: number;
  welcomeMs: number;
  activateMs: number;
}

function findLogs(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) findLogs(p, out);
    else if (/AckLab.*\.log$/.test(e.name)) out.push(p);
  }
  return out;
}

async function once(fallback: boolean): Promise<Sample> {
  const settings: Record<string, unknown> = { 'acklab.persistState': false };
  if (!fallback) settings['acklab.amqp.port'] = await freePort();
  const server = await CodeServer.start({ settings });
  const wb = await openWorkbench(server.workbenchUrl({ extensionDevelopmentPath: repoRoot }));
  try {
    const page = wb.page;
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page
      .locator('.activitybar .action-item [aria-label^="AckLab"], .activitybar .action-item[aria-label^="AckLab"]')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000); // let the workbench settle before the click
    const t0 = Date.now();
    await openAckLab(page);
    const status = page.locator('.statusbar-item', { hasText: /AckLab :\d+/ }).first();
    const welcome = page.locator('.welcome-view-content', { hasText: 'No queues yet' }).first();
    const [statusAt, welcomeAt] = await Promise.all([
      status.waitFor({ timeout: 60_000 }).then(() => Date.now()),
      welcome.waitFor({ timeout: 60_000 }).then(() => Date.now()),
    ]);
    let activateMs = NaN;
    for (let i = 0; i < 40 && Number.isNaN(activateMs); i++) {
      for (const f of findLogs(join(server.userDataDir, 'logs'))) {
        const m = /AckLab activated in (\d+) ms/.exec(readFileSync(f, 'utf8'));
        if (m) activateMs = Number(m[1]);
      }
      if (Number.isNaN(activateMs)) await new Promise((r) => setTimeout(r, 250));
    }
    return { statusMs: statusAt - t0, welcomeMs: welcomeAt - t0, activateMs };
  } finally {
    await wb.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.env.ACKLAB_BENCH_ROUNDS ?? 3);
  let held: Server | undefined = createServer((s) => s.destroy());
  await new Promise<void>((res) => {
    held!.once('error', () => {
      held = undefined;
      res();
    });
    held!.listen(5672, '127.0.0.1', () => res());
  });
  console.log(
    `# activation → running, ${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(`5672 ${held ? 'held by this bench' : 'already held by another process'} for the fallback case; ${rounds} rounds, alternating\n`);
  const res: Record<'free' | 'fallback', Sample[]> = { free: [], fallback: [] };
  for (let r = 0; r < rounds; r++) {
    for (const c of ['free', 'fallback'] as const) {
      const s = await once(c === 'fallback');
      res[c].push(s);
      console.log(
        `round ${r + 1} ${c.padEnd(8)} click → status bar running ${s.statusMs} ms, → welcome "No queues yet" ${s.welcomeMs} ms, activate() ${s.activateMs} ms`,
      );
    }
  }
  held?.close();
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log('\n| case | click → status bar running (median) | click → welcome (median) | activate() (median) |\n|---|---|---|---|');
  for (const c of ['free', 'fallback'] as const) {
    console.log(
      `| ${c === 'free' ? 'port free' : '5672 held (fallback)'} | ${med(res[c].map((s) => s.statusMs))} ms | ${med(res[c].map((s) => s.welcomeMs))} ms | ${med(res[c].map((s) => s.activateMs))} ms |`,
    );
  }
  console.log(
    `\nratio fallback / free (status bar): ${(med(res.fallback.map((s) => s.statusMs)) / med(res.free.map((s) => s.statusMs))).toFixed(2)}; goal ≤ 500 ms`,
  );
  await stopAll();
}

main().catch(async (e) => {
  console.error(e);
  await stopAll();
  process.exit(1);
});
