// Playwright in the real workbench: the missing-ack squiggle, its Problems entry (source, rule code
// link) and the quick fix menu, as a user sees them. Screenshots go to test-results/ui/lint-*.png.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/codeServer';
import { expectText, runCommand, shot, startSession, type Session } from './workbench';

describe('missing-ack lint in the workbench (Playwright)', function () {
  this.timeout(240_000);
  let s: Session;

  before(async () => {
    s = await startSession({ theme: 'light', settings: { 'files.autoSave': 'off' } });
    writeFileSync(join(s.server.workspace, 'worker.js'), readFileSync(join(repoRoot, 'test', 'fixtures', 'lint-vscode', 'worker.js'), 'utf8'));
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && s) {
      await shot(s.page, `FAILED-lint-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
      console.log(
        s.wb.console
          .filter((l) => /acklab|lint|error/i.test(l))
          .slice(-15)
          .join('\n'),
      );
    }
  });
  after(async () => {
    await s?.close();
  });

  it('a squiggle under ch.consume and a Problems entry with the rule code; the quick fix menu offers the fix', async () => {
    const page = s.page;
    await runCommand(page, 'Go to File');
    const input = page.locator('.quick-input-widget input');
    await input.fill('worker.js');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'worker.js' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });

    await runCommand(page, 'Problems: Focus on Problems View');
    const problems = page.locator('.markers-panel');
    await expectText(problems, /never acknowledges the delivery/, 30_000);
    await expectText(problems, /acklab\s*\(?missing-ack/, 10_000);
    await shot(page, 'lint-problems-light');

    // caret on the finding, then the quick fix menu (Ctrl+.)
    await runCommand(page, 'Go to Line/Column');
    await page.locator('.quick-input-widget input').fill(':9:12');
    await page.keyboard.press('Enter');
    const menu = page.locator('.action-widget');
    // The first request in a JavaScript file can come back empty while the built-in TypeScript server starts: ask
    // again (bounded) until the menu lists our fix.
    const deadline = Date.now() + 120_000;
    for (;;) {
      await page.keyboard.press('Control+.');
      try {
        await expectText(menu, /Insert `ch\.ack\(msg\);` at the end of the callback that finishes the work/, 8_000);
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await page.keyboard.press('Escape');
      }
    }
    await expectText(menu, /Show in playground/, 5_000);
    await shot(page, 'lint-quickfix-light');

    // choose the fix: the squiggle and the Problems entry go away
    await menu.locator('.monaco-list-row.focused', { hasText: 'Insert `ch.ack(msg);`' }).waitFor({ timeout: 5_000 }); // the preferred fix is first
    await page.keyboard.press('Enter');
    await expectText(page.locator('.monaco-editor .view-lines').first(), /ch\.ack\(msg\);/, 10_000);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
    await expectText(problems, /No problems have been detected/, 30_000);
    await shot(page, 'lint-fixed-light');
  });

  it('Lint Workspace shows its progress in a notification and stops when Cancel is clicked', async () => {
    const page = s.page;
    const many = join(s.server.workspace, 'many');
    mkdirSync(many, { recursive: true });
    const text = readFileSync(join(repoRoot, 'test', 'fixtures', 'lint-vscode', 'worker.js'), 'utf8');
    const total = 3000;
    for (let i = 0; i < total; i++) writeFileSync(join(many, `worker-${i}.js`), text);
    await runCommand(page, 'AckLab: Lint Workspace');
    const toast = page.locator('.notification-toast', { hasText: 'AckLab: linting the workspace' });
    await expectText(toast, /\d+\/\d+ files, \d+ finding/, 60_000);
    await shot(page, 'lint-workspace-progress-light');
    await toast.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
    const summary = await expectText(
      page.locator('.notification-toast', { hasText: '(cancelled)' }),
      /AckLab: \d+ finding\(s\) in \d+ of \d+ file\(s\) \(cancelled\)/,
      30_000,
    );
    const done = Number(/in \d+ of (\d+) file/.exec(summary)![1]);
    assert.ok(done > 0 && done < total, `cancelled part-way: ${summary}`);
  });
});
