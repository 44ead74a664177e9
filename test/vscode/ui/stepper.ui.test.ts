// Playwright in the real workbench: the delivery stepper as a VS Code webview panel, opened from
// the command palette, with a scenario played to the redelivery. Screenshots: test-results/ui/.
import { strict as assert } from 'node:assert';
import * as amqp from 'amqplib';
import type { Frame } from 'playwright-core';
import { openAckLab, runCommand, setTheme, shot, startSession, type Session } from './workbench';

describe('the delivery stepper in the workbench (Playwright)', function () {
  this.timeout(240_000);
  let s: Session;

  before(async () => {
    s = await startSession({ theme: 'light' });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && s) {
      await shot(s.page, `FAILED-stepper-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`).catch(() => undefined);
      console.log(
        s.wb.console
          .filter((l) => /acklab|stepper|error|csp|content security/i.test(l))
          .slice(-15)
          .join('\n'),
      );
    }
  });
  after(async () => {
    await s?.close();
  });

  /** The webview's inner frame: VS Code nests the page in two iframes; find the one with our controls. */
  async function stepperFrame(timeoutMs = 60_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const f of s.page.frames()) {
        if (await f.$('#position').catch(() => null)) return f;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('the stepper webview did not appear');
  }

  it('opens a scenario from the command palette, pauses on the redelivery, shows it in the state panel', async () => {
    // the extension's contributions are registered once its container is there
    await openAckLab(s.page);
    await s.page.locator('.pane-header', { hasText: 'Scenarios' }).first().waitFor({ timeout: 30_000 });
    await runCommand(s.page, 'AckLab: Open Scenario in the Stepper');
    const input = s.page.locator('.quick-input-widget input');
    await input.fill('Worker dies');
    await s.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Worker dies mid-task' }).first().waitFor();
    await s.page.keyboard.press('Enter');

    const f = await stepperFrame();
    await f.waitForFunction(() => /^Step 0 \/ \d+$/.test(document.querySelector('#position')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const total = Number((await f.textContent('#position'))!.split('/ ')[1]);
    assert.ok(total > 15, `${total} events`);
    assert.match((await f.textContent('body'))!, /Worker dies mid-task/);

    await f.selectOption('#speed', '200');
    await f.click('#play');
    await f.waitForFunction(() => (document.querySelector('#announce')?.textContent ?? '').startsWith('Paused on redelivery'), undefined, { timeout: 30_000 });
    assert.match((await f.textContent('#detail h3'))!, /deliver tag 2 m1 redelivered/);
    const unacked = await f.$$eval('section.queue[data-queue="task_queue"] table.unacked tr', (rows) =>
      rows.slice(1).map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
    );
    assert.deepEqual(unacked, [['2', 'worker-B/1', 'worker-B', 'm1', 'yes', '2']]);
    await shot(s.page, 'stepper-panel-light');

    // Step back in the panel: before the crash m1 was unacked on worker-A, not redelivered.
    await f.focus('#diagram');
    for (let i = 0; i < 20 && !/ack tag 1 m2/.test((await f.textContent('#detail h3')) ?? ''); i++) await s.page.keyboard.press('ArrowLeft');
    const before = await f.$$eval('section.queue[data-queue="task_queue"] table.unacked tr', (rows) =>
      rows.slice(1).map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
    );
    assert.deepEqual(before, [['1', 'worker-A/1', 'worker-A', 'm1', 'no', '1']]);

    await setTheme(s.page, 'dark');
    await new Promise((r) => setTimeout(r, 500));
    await shot(s.page, 'stepper-panel-dark');
  });

  it("live mode: holds a real amqplib worker's delivery, shows its body and headers as text, releases it on click", async () => {
    const f = await stepperFrame();
    await f.click('#live');
    await f.waitForFunction(() => document.querySelector('.title')?.textContent === 'Live broker', undefined, { timeout: 30_000 });
    await f.check('#hold');
    await f.waitForFunction(() => (document.querySelector('#hold') as HTMLInputElement | null)?.checked === true);

    const conn = await amqp.connect(`amqp://guest:guest@127.0.0.1:${s.amqpPort}`, { clientProperties: { connection_name: 'my-worker' } });
    try {
      const ch = await conn.createChannel();
      await ch.assertQueue('live_jobs', { durable: false });
      await ch.prefetch(1);
      const got: string[] = [];
      await ch.consume('live_jobs', (m) => {
        if (m) {
          got.push(m.content.toString());
          ch.ack(m);
        }
      });
      const body = '{"job":42,"note":"<img src=x onerror=alert(1)>"}';
      ch.sendToQueue('live_jobs', Buffer.from(body), { contentType: 'application/json', headers: { 'x-trace': '<b>t1</b>' } });

      // Held: the worker has nothing yet; the panel shows the held delivery's body, pretty-printed, as text.
      await f.waitForFunction(() => /1 held/.test(document.querySelector('#pending')?.textContent ?? ''), undefined, { timeout: 20_000 });
      await f.waitForFunction(() => /"job": 42/.test(document.querySelector('#message-body')?.textContent ?? ''), undefined, { timeout: 20_000 });
      assert.deepEqual(got, [], 'the delivery waits for Release');
      assert.match((await f.textContent('#message-body'))!, /"note": "<img src=x onerror=alert\(1\)>"/);
      assert.match((await f.textContent('#message-headers'))!, /"x-trace": "<b>t1<\/b>"/);
      assert.equal(await f.$$eval('#detail img, #detail b', (els) => els.length), 0, 'nothing from the message became markup');
      await shot(s.page, 'stepper-live-held-dark'); // the previous test left the dark theme on

      await f.click('#release');
      const deadline = Date.now() + 20_000;
      while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(got, [body], 'released to the worker unchanged');
    } finally {
      await conn.close().catch(() => undefined);
    }
  });
});
