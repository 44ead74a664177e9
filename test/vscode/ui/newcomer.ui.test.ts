// The first ten minutes, end to end, as a newcomer does them: a fresh VS Code profile (new user-data and
// extensions folders), the packaged VSIX installed with --install-extension, a RabbitMQ-like listener already
// on 5672 (so the playground's port falls back and the URL to use is the one AckLab prints), AckLab opened,
// "AckLab: Open Terminal with AMQP_URL", and RabbitMQ tutorial 2's worker.js and new_task.js
// (test/fixtures/tutorial-2) run in that terminal. The Queues view's task_queue row is read from the DOM:
// ready → unacked → acked, each within 1 s of the client's step; the worker is killed while it holds a
// task, which comes back ready and is redelivered to a restarted worker. One VS Code session, one full
// round per theme (Dark, Light, High Contrast); screenshots of every step in test-results/ui/newcomer-*.png.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CodeServer, openWorkbench, repoRoot, type Workbench } from '../../support/codeServer';
import { extensionVersion, installVsix, packageVsix } from '../../support/vsix';
import { recordQueueRow, THEMES, typeLine, waitForCounts, waitForEvent, waitForTerminal, type Theme } from './newcomerSteps';
import { expectText, openAckLab, queueRow, runCommand, shot, widenSideBar } from './workbench';

const FIXTURE = join(repoRoot, 'test', 'fixtures', 'tutorial-2');
/** The goal: the tree shows each broker change within this long. */
const WITHIN_MS = 1000;

/** Holds 127.0.0.1:5672 as a RabbitMQ would, unless something already does. */
function hold5672(): Promise<Server | undefined> {
  return new Promise((res) => {
    const srv = createServer((sock) => sock.destroy());
    srv.once('error', () => res(undefined));
    srv.listen(5672, '127.0.0.1', () => res(srv));
  });
}

describe('a newcomer: VSIX in a fresh profile, tutorial 2 in the AckLab terminal (Playwright)', function () {
  this.timeout(300_000);
  const tmp = mkdtempSync(join(tmpdir(), 'acklab-newcomer-'));
  const events = join(tmp, 'tutorial-events.jsonl');
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  let page: Page;
  let rabbit: Server | undefined;
  let port = 0;
  const timings: string[] = [];

  before(async () => {
    rabbit = await hold5672();
    const { path: vsix, ms } = packageVsix();
    const extensionsDir = join(tmp, 'extensions');
    const userDataDir = join(tmp, 'user-data');
    assert.match(await installVsix(vsix, extensionsDir, userDataDir), /was successfully installed/);
    assert.ok(readdirSync(extensionsDir).includes(`acklab.acklab-${extensionVersion()}`), `installed: ${readdirSync(extensionsDir)}`);
    server = await CodeServer.start({
      extensionsDir,
      userDataDir,
      settings: {
        // the theme follows the (emulated) OS: colour scheme and forced colours (setTheme)
        'window.autoDetectColorScheme': true,
        'window.autoDetectHighContrast': true,
        'workbench.preferredDarkColorTheme': THEMES.dark.setting,
        'workbench.preferredLightColorTheme': THEMES.light.setting,
        'workbench.preferredHighContrastColorTheme': THEMES.hc.setting,
        // the DOM renderer, so the terminal's text can be read back
        'terminal.integrated.gpuAcceleration': 'off',
        'terminal.integrated.env.linux': { TUTORIAL_EVENTS: events },
      },
    });
    wb = await openWorkbench(server.workbenchUrl(), { colorScheme: 'dark' });
    page = wb.page;
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    console.log(`      VSIX packaged in ${ms} ms (once per run); 5672 ${rabbit ? 'held by the test' : 'already taken'}`);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await shot(page, `FAILED-newcomer-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).catch(() => undefined);
      console.log(
        wb?.console
          .filter((l) => /acklab|error/i.test(l))
          .slice(-15)
          .join('\n'),
      );
    }
  });
  after(async () => {
    if (timings.length) console.log(`      tree latency after each client step (ms): ${timings.join('; ')}`);
    await wb?.close();
    await server?.stop();
    await new Promise<void>((r) => (rabbit ? rabbit.close(() => r()) : r()));
    rmSync(tmp, { recursive: true, force: true });
  });

  it('opens AckLab from the installed VSIX; the one port notice names the URL to use', async () => {
    await openAckLab(page);
    await widenSideBar(page, 560);
    const status = await expectText(page.locator('.statusbar-item', { hasText: 'AckLab' }), /AckLab :(\d+)\s+ready 0 · unacked 0/, 60_000);
    port = Number(/AckLab :(\d+)/.exec(status)![1]);
    assert.ok(port > 5672, `5672 is taken, so the playground falls back (status bar: ${status})`);
    const notice = await expectText(page.locator('.notifications-toasts'), /Port 5672 is taken/, 20_000);
    assert.match(notice, new RegExp(`using ${port} instead\\. Connect with amqp://localhost:${port}\\.`));
    assert.match(notice, /Copy AMQP URL/);
    await shot(page, 'newcomer-dark-00-port-notice');
  });

  for (const theme of ['dark', 'light', 'hc'] as const) {
    it(`${theme}: tutorial 2 in the AckLab terminal, ready → unacked → acked, a killed worker's task redelivered`, async () => {
      assert.ok(port, 'the first test found the port');
      await setTheme(page, theme);
      await tutorialRound(page, theme, port, events, timings);
    });
  }
});

/**
 * Switches the theme as the OS would: VS Code follows the colour scheme (window.autoDetectColorScheme) and, with
 * forced colours on (Windows' high contrast), takes workbench.preferredHighContrastColorTheme.
 */
async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme === 'light' ? 'light' : 'dark', forcedColors: theme === 'hc' ? 'active' : 'none' });
  await page.waitForFunction((cls) => document.querySelector('.monaco-workbench')?.classList.contains(cls), THEMES[theme].workbenchClass, {
    timeout: 20_000,
  });
}

async function tutorialRound(page: Page, theme: Theme, port: number, events: string, timings: string[]): Promise<void> {
  const step = async (name: string, want: { ready: number; unacked: number; consumers?: number }, since: number) => {
    const { ms, text } = await waitForCounts(page, want, since);
    timings.push(`${theme} ${name} ${ms}`);
    assert.ok(ms <= WITHIN_MS, `${theme} ${name}: the tree showed "${text}" ${ms} ms after the client's step (limit ${WITHIN_MS} ms)`);
    await shot(page, `newcomer-${theme}-${name}`);
  };
  const task = (t: string) => `${t} (${theme})`;

  await runCommand(page, 'AckLab: Open Terminal with AMQP_URL');
  await waitForTerminal(page, /\S/);
  await typeLine(page, `cd '${FIXTURE}' && echo "worker URL: $AMQP_URL"`);
  await waitForTerminal(page, new RegExp(`worker URL: amqp://localhost:${port}\\b`));
  await recordQueueRow(page, 'task_queue');

  // new_task.js: a task waits, ready
  const first = task('First task...');
  let t = await typeLine(page, `node new_task.js "${first}"`);
  await step('01-ready', { ready: 1, unacked: 0, consumers: 0 }, (await waitForEvent(events, 'sent', first, t)).t);

  // worker.js takes it (unacked for its 3 s of work), then acks it
  t = await typeLine(page, 'node worker.js &');
  await step('02-unacked', { ready: 0, unacked: 1, consumers: 1 }, (await waitForEvent(events, 'received', first, t)).t);
  await step('03-acked', { ready: 0, unacked: 0, consumers: 1 }, (await waitForEvent(events, 'acked', first, t)).t);

  // a long task; the worker is killed while it holds it
  const crash = task('Crash task......');
  t = await typeLine(page, `node new_task.js "${crash}"`);
  await step('04-held', { ready: 0, unacked: 1, consumers: 1 }, (await waitForEvent(events, 'received', crash, t)).t);
  t = await typeLine(page, 'kill $!');
  await step('05-requeued', { ready: 1, unacked: 0, consumers: 0 }, t);

  // a new worker gets it again, flagged redelivered, and acks it
  t = await typeLine(page, 'node worker.js &');
  const again = await waitForEvent(events, 'received', crash, t);
  assert.equal(again.redelivered, true, 'the restarted worker sees redelivered=true');
  await waitForTerminal(page, new RegExp(`Received '${crash.replace(/[.()]/g, '\\$&')}' \\(redelivered\\)`));
  await step('06-redelivered', { ready: 0, unacked: 1, consumers: 1 }, again.t);
  // the delivery, a child of the queue, says so too
  const row = queueRow(page, 'task_queue');
  if ((await row.getAttribute('aria-expanded')) !== 'true') {
    await row.click();
    await page.keyboard.press('ArrowRight');
  }
  await expectText(page.locator('.monaco-list-row', { hasText: 'Crash task' }), /redelivered/);
  await shot(page, `newcomer-${theme}-06-redelivered-expanded`);
  await step('07-acked', { ready: 0, unacked: 0, consumers: 1 }, (await waitForEvent(events, 'acked', crash, again.t, 30_000)).t);

  // the worker stops: no consumer left for the next round
  t = await typeLine(page, 'kill $!');
  await waitForCounts(page, { ready: 0, unacked: 0, consumers: 0 }, t);
}
