// Playwright in the real workbench: "AckLab: Run Tests Against the Playground" on a copy of the Go sample
// (amqp091-go, no trace hook), from the command palette. The finding shows in the Problems panel on the test
// file that declares its queue, and "AckLab: Show Test Finding in the Stepper" opens the stepper with that
// delivery selected. Screenshots: test-results/ui/.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { repoRoot } from '../../support/codeServer';
import { expectText, openAckLab, runCommand, shot, startSession, type Session } from './workbench';

describe('test findings in the workbench (Playwright)', function () {
  this.timeout(300_000);
  let s: Session;
  const folder = mkdtempSync(join(tmpdir(), 'acklab-go-sample-'));

  before(async () => {
    cpSync(join(repoRoot, 'test', 'fixtures', 'acktest', 'go'), folder, { recursive: true });
    s = await startSession({
      workspace: folder,
      settings: { 'acklab.test.command': `GO111MODULE=off GOPATH=/usr/share/gocode go test -count=1 -run '^TestMissingAck$' .` },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && s) await shot(s.page, 'FAILED-test-findings').catch(() => undefined);
  });
  after(async () => {
    await s?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function stepperFrame(timeoutMs = 60_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const f of s.page.frames()) if (await f.$('#position').catch(() => null)) return f;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('the stepper webview did not appear');
  }

  it('a Go missing ack without a source line is in Problems, and opens in the stepper on its delivery', async () => {
    await openAckLab(s.page);
    await runCommand(s.page, 'AckLab: Run Tests Against the Playground');
    await s.page.locator('.notifications-toasts', { hasText: 'AckLab: 1 ack finding in the test run' }).waitFor({ timeout: 180_000 });

    await runCommand(s.page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const problems = s.page.locator('.markers-panel');
    await expectText(problems, /missing_ack_test\.go.*never acknowledged.*no source line: no trace hook reported call sites/);
    await shot(s.page, 'test-findings-go-problems');

    await runCommand(s.page, 'AckLab: Show Test Finding in the Stepper');
    await s.page.locator('.quick-input-list .monaco-list-row', { hasText: 'missing-ack' }).first().waitFor();
    await s.page.keyboard.press('Enter');
    const f = await stepperFrame();
    await f.waitForFunction(() => document.querySelector('.title')?.textContent === 'Live broker', undefined, { timeout: 30_000 });
    // the unacked "gift" is the second delivery on its channel: the stepper stands on it, not at the end
    await f.waitForFunction(() => /^Step \d+ of \d+: deliver tag 2 m\d+/.test(document.querySelector('#announce')?.textContent ?? ''), undefined, {
      timeout: 30_000,
    });
    const [, n, total] = /^Step (\d+) of (\d+)/.exec((await f.textContent('#announce'))!)!.map(Number);
    assert.ok(n! < total!, `step ${n} of ${total}: the events after the delivery (its channel closing) follow`);
    await shot(s.page, 'test-findings-go-stepper');
  });
});
