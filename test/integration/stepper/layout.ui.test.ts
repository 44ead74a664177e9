// The stepper web page (`acklab serve --ui`) in headless Chromium, as a newcomer first sees it: an
// empty stepper explains itself and offers the scenarios; the toolbar rows never wrap at any width
// from 900 px (groups that do not fit go into a "More" menu, and still work from there); the icon
// buttons show a tooltip with their keyboard shortcut. Screenshots: test-results/stepper/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startStepperServer, type StepperServer } from '../../../src/stepper/server';

const DIST = join(__dirname, '../../../dist');
const SHOTS = join(__dirname, '../../../test-results/stepper');
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM) && existsSync(join(DIST, 'webview.js'));

/** For each toolbar row: its height, whether it overflows, and the tops of its visible children. */
async function rows(page: Page): Promise<Array<{ height: number; overflows: boolean; tops: number[]; menu: string[] }>> {
  return page.$$eval('.toolbar, .controls', (els) =>
    els.map((row) => {
      const kids = [...row.children].filter((c) => (c as HTMLElement).offsetWidth > 0);
      const menuId = row.classList.contains('toolbar') ? 0 : 1;
      const menu = document.querySelectorAll('.overflow-menu')[menuId]!;
      return {
        height: row.getBoundingClientRect().height,
        overflows: row.scrollWidth > row.clientWidth + 1,
        tops: [...new Set(kids.map((c) => Math.round(c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2)))],
        menu: [...menu.children].map((c) => c.getAttribute('aria-label') ?? '?'),
      };
    }),
  );
}

(available ? describe : describe.skip)('stepper web page: first view, toolbar fit and tooltips (Chromium)', function () {
  this.timeout(120_000);
  let server: StepperServer;
  let browser: Browser;
  const problems: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startStepperServer({ distDir: DIST });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(width: number, theme: 'light' | 'dark'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 760 }, acceptDownloads: true });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${server.url}?theme=${theme}`);
    await page.waitForSelector('.scenario-link', { timeout: 30_000 });
    return page;
  }

  it('opens with an explanation and the scenario list, no empty grid; a click on a scenario replays it', async () => {
    const page = await open(1200, 'dark');
    const lead = (await page.textContent('#empty-state .lead'))!;
    assert.match(lead, /No client is connected to the playground broker yet: replay a scenario step by step, or press Live/);
    const links = await page.$$eval('.scenario-link', (as) => as.map((a) => a.textContent));
    assert.ok(links.includes('Worker dies mid-task') && links.includes('2. Work queues: round-robin and acks'), links.join(', '));
    // Nothing drawn in the diagram area: no lane header (its border was the stray line), no lifelines, no state panel.
    assert.deepEqual(await page.$$eval('.lanes, .spacer, .side', (els) => els.map((e) => (e as HTMLElement).offsetHeight)), [0, 0, 0]);
    assert.equal(
      await page.$$eval('#back, #forward, #play', (bs) => bs.every((b) => b.hasAttribute('disabled'))),
      true,
      'step buttons are disabled with nothing to step',
    );
    await page.screenshot({ path: join(SHOTS, 'first-view-empty-dark.png') });

    await page.click('.scenario-link[data-scenario="pitfall-worker-dies"]');
    await page.waitForFunction(() => /^Step 0 \/ \d+$/.test(document.querySelector('#position')?.textContent ?? ''), undefined, { timeout: 30_000 });
    assert.equal(await page.$eval('#empty-state', (e) => (e as HTMLElement).offsetHeight), 0, 'the explanation goes once there are events');
    assert.equal(await page.inputValue('#scenario'), 'pitfall-worker-dies');
    assert.equal(await page.$eval('#forward', (b) => b.hasAttribute('disabled')), false);
    await page.close();
  });

  for (const [width, theme] of [
    [900, 'dark'],
    [1200, 'light'],
    [1500, 'light'],
  ] as const) {
    it(`at ${width} px both toolbar rows stay on one line; what does not fit is in the More menu`, async () => {
      const page = await open(width, theme);
      await page.click('.scenario-link[data-scenario="pitfall-worker-dies"]');
      await page.waitForFunction(() => /^Step 0 \/ \d+$/.test(document.querySelector('#position')?.textContent ?? ''), undefined, { timeout: 30_000 });
      await page.keyboard.press('End');
      const r = await rows(page);
      for (const row of r) {
        assert.equal(row.overflows, false, JSON.stringify(r));
        assert.equal(row.tops.length, 1, `children on more than one line: ${JSON.stringify(r)}`);
        assert.ok(row.height < 48, `row height ${row.height}`);
      }
      // The scenario picker, Run and the step buttons never leave the rows.
      for (const id of ['#scenario', '#run', '#first', '#back', '#play', '#forward', '#last']) {
        assert.equal(await page.$eval(id, (e) => e.closest('.overflow-menu') === null && (e as HTMLElement).offsetWidth > 0), true, `${id} is in its row`);
      }
      if (width >= 1500)
        assert.deepEqual(
          r.map((x) => x.menu),
          [[], []],
          'everything fits at 1500 px',
        );
      if (width <= 900) assert.ok(r[0]!.menu.length > 0, 'some run actions moved to the menu');
      await page.screenshot({ path: join(SHOTS, `toolbar-${width}-${theme}.png`) });

      if (r[0]!.menu.includes('Virtual clock')) {
        // A control in the menu works as it does in the row: advance the virtual clock by 30 minutes.
        await page.click('#more-run');
        await page.waitForSelector('.overflow-menu #advance', { state: 'visible' });
        await page.screenshot({ path: join(SHOTS, `toolbar-${width}-${theme}-menu.png`) });
        const before = await page.evaluate(() => Number((document.querySelector('#position')?.textContent ?? '').split('/ ')[1]));
        await page.click('.overflow-menu #advance');
        await page.waitForFunction((n) => Number((document.querySelector('#position')?.textContent ?? '').split('/ ')[1]) > n, before, { timeout: 10_000 });
        await page.keyboard.press('Escape');
      }
      await page.close();
    });
  }

  it('icon buttons show a visible tooltip naming the action and its key, on hover and on keyboard focus', async () => {
    const page = await open(1200, 'light');
    await page.click('.scenario-link[data-scenario="tutorial-1-hello-world"]');
    await page.waitForFunction(() => /^Step 0 \/ \d+$/.test(document.querySelector('#position')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await page.hover('#back');
    await page.waitForSelector('#tooltip', { state: 'visible' });
    assert.equal(await page.textContent('#tooltip'), 'Step back ←');
    assert.equal(await page.textContent('#tooltip kbd'), '←');
    const [tip, button] = await Promise.all([
      page.$eval('#tooltip', (e) => e.getBoundingClientRect().toJSON()),
      page.$eval('#back', (e) => e.getBoundingClientRect().toJSON()),
    ]);
    assert.ok(tip.top >= button.bottom && tip.top - button.bottom < 20, 'the tooltip sits just under its button');
    await page.screenshot({ path: join(SHOTS, 'tooltip-step-back-light.png'), clip: { x: 0, y: 0, width: 600, height: 140 } });
    const expected: Record<string, string> = {
      '#first': 'Jump to start Home',
      '#forward': 'Step forward →',
      '#last': 'Jump to end End',
      '#play': 'Play / pause Space',
    };
    for (const [id, text] of Object.entries(expected)) {
      await page.hover(id);
      await page.waitForFunction((t) => document.querySelector('#tooltip')?.textContent === t, text, { timeout: 5_000 });
      assert.equal(await page.getAttribute(id, 'aria-keyshortcuts'), text.split(' ').pop()!.replace('→', 'ArrowRight'));
    }
    // Keyboard: tabbing onto a step button shows its tooltip at once.
    await page.mouse.move(600, 600);
    await page.focus('#first');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.querySelector('#tooltip')?.textContent === 'Step back ←', undefined, { timeout: 5_000 });
    await page.close();
  });

  it('no script errors or CSP violations on the page', () => {
    assert.deepEqual(problems, []);
  });
});
