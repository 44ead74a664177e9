// The stepper web page (`acklab serve --ui`) in headless Debian Chromium: run "worker dies",
// pause on the redelivery, check diagram and state, step back; a hostile body shows as text and
// runs nothing; exports download. Screenshots (light and dark) go to test-results/stepper/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startStepperServer, type StepperServer } from '../../../src/stepper/server';
import type { Scenario } from '../../../src/scenarios/types';

const DIST = join(__dirname, '../../../dist');
const SHOTS = join(__dirname, '../../../test-results/stepper');
const CHROMIUM = '/usr/bin/chromium';
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

const hostile: Scenario = {
  name: 'test-hostile-body',
  title: 'Hostile body (test)',
  group: 'pitfall',
  summary: 'A message whose body and header are HTML.',
  docUrl: 'https://www.rabbitmq.com/docs/confirms',
  actors: ['p', 'c'],
  steps: [
    { do: 'declareQueue', actor: 'p', queue: 'evil', title: 'Queue', say: 'A queue.' },
    { do: 'consume', actor: 'c', queue: 'evil', behaviour: { kind: 'forget' }, title: 'Consumer', say: 'A consumer.' },
    {
      do: 'publish',
      actor: 'p',
      key: 'evil',
      bodies: [HOSTILE],
      props: { headers: { 'x-note': '<script>window.__pwned=2</script>' } },
      title: 'Publish HTML',
      say: 'Untrusted content.',
    },
  ],
  expect: [{ type: 'received', actor: 'c', bodies: [HOSTILE], why: 'delivered as is' }],
};

const available = existsSync(CHROMIUM) && existsSync(join(DIST, 'webview.js'));

(available ? describe : describe.skip)('stepper web page (--ui) in Chromium', function () {
  this.timeout(120_000);
  let server: StepperServer;
  let browser: Browser;
  const problems: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startStepperServer({ distDir: DIST, extraScenarios: [hostile] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(theme: 'light' | 'dark'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, acceptDownloads: true });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${server.url}?theme=${theme}`);
    await page.waitForSelector('#scenario option[value="pitfall-worker-dies"]', { state: 'attached' });
    return page;
  }

  it("another site cannot frame the page (frame-ancestors 'none')", async () => {
    const evil = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe id="f" src="${server.url}"></iframe>`));
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      await page.waitForTimeout(1500);
      const framed = page.frames().find((f) => f !== page.mainFrame());
      const loaded = framed
        ? await framed
            .$('#scenario')
            .then((e) => e !== null)
            .catch(() => false)
        : false;
      assert.equal(loaded, false, 'the stepper did not load inside the other site');
      await page.close();
    } finally {
      evil.close();
    }
  });

  async function run(page: Page, name: string): Promise<number> {
    await page.selectOption('#scenario', name);
    await page.click('#run');
    await page.waitForFunction(() => /^Step 0 \/ \d+$/.test(document.querySelector('#position')?.textContent ?? ''));
    return Number((await page.textContent('#position'))!.split('/ ')[1]);
  }

  const detail = (page: Page) => page.textContent('#detail h3');
  const unackedRows = (page: Page) =>
    page.$$eval('section.queue[data-queue="task_queue"] table.unacked tr', (rows) =>
      rows.slice(1).map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
    );

  async function pauseOnRedelivery(page: Page): Promise<void> {
    await page.selectOption('#speed', '200');
    await page.click('#play');
    await page.waitForFunction(() => (document.querySelector('#announce')?.textContent ?? '').startsWith('Paused on redelivery'), undefined, {
      timeout: 20_000,
    });
  }

  it('worker dies: pause on the redelivery, see it in the diagram and the state, then step back', async () => {
    const page = await open('light');
    const total = await run(page, 'pitfall-worker-dies');
    assert.ok(total > 15, `${total} events`);
    await pauseOnRedelivery(page);
    assert.match((await detail(page))!, /deliver tag 2 m1 redelivered/);
    assert.match((await page.textContent('.rows .row.selected'))!, /deliver tag 2 m1 redelivered \(delivery 2\)/);
    // The state panel: m1 unacked on worker-B, redelivered, delivered twice.
    assert.deepEqual(await unackedRows(page), [['2', 'worker-B/1', 'worker-B', 'm1', 'yes', '2']]);
    assert.match((await page.textContent('#narration'))!, /Worker A dies/);
    assert.match((await page.getAttribute('#narration a', 'href'))!, /^https:\/\/www\.rabbitmq\.com\/docs\/confirms#automatic-requeueing$/);
    await page.screenshot({ path: join(SHOTS, 'worker-dies-redelivery-light.png') });

    // Step back with the keyboard to just before the crash: m1 is unacked on worker-A, not redelivered.
    await page.focus('#diagram');
    for (let i = 0; i < 20; i++) {
      if (/^Step \d+: ack tag 1 m2/.test((await detail(page)) ?? '')) break;
      await page.keyboard.press('ArrowLeft');
    }
    assert.match((await detail(page))!, /ack tag 1 m2/);
    assert.deepEqual(await unackedRows(page), [['1', 'worker-A/1', 'worker-A', 'm1', 'no', '1']]);
    await page.screenshot({ path: join(SHOTS, 'worker-dies-before-crash-light.png') });
    // And forward again: exactly the same redelivery state.
    // The crash reads as cause, then effects: connection closed, its channel closed, m1 requeued, the consumer
    // cancelled, m1 redelivered to worker-B.
    const seen: string[] = [];
    for (const _ of [1, 2, 3, 4, 5]) {
      await page.keyboard.press('ArrowRight');
      seen.push(((await detail(page)) ?? '').replace(/^Step \d+: /, ''));
    }
    assert.deepEqual(
      seen.map((x) => x.split(' ').slice(0, 2).join(' ')),
      ['connection worker-A', 'channel worker-A/1', 'requeue m1', 'basic.cancel worker-A', 'deliver tag'],
    );
    assert.match((await detail(page))!, /deliver tag 2 m1 redelivered/);
    assert.deepEqual(await unackedRows(page), [['2', 'worker-B/1', 'worker-B', 'm1', 'yes', '2']]);
    await page.close();
  });

  it('a hostile body and header are shown as text and run nothing', async () => {
    const page = await open('light');
    await run(page, 'test-hostile-body');
    await page.focus('#diagram');
    await page.keyboard.press('End');
    for (let i = 0; i < 10 && !/deliver/.test((await detail(page)) ?? ''); i++) await page.keyboard.press('ArrowLeft');
    assert.match((await detail(page))!, /deliver tag 1/);
    assert.equal(await page.textContent('#message-body'), HOSTILE);
    assert.match((await page.textContent('#message-headers'))!, /<script>window.__pwned=2<\/script>/);
    assert.equal(await page.$$eval('img, #detail script', (els) => els.length), 0, 'no element was created from the data');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await page.screenshot({ path: join(SHOTS, 'hostile-body-light.png') });
    await page.close();
  });

  it('exports the diagram as SVG and Mermaid files', async () => {
    const page = await open('light');
    await run(page, 'tutorial-1-hello-world');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
    const svgText = readFileSync((await svg.path())!, 'utf8');
    assert.ok(svgText.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.match(svgText, /deliver tag 1 m1 auto-ack/);
    const [mmd] = await Promise.all([page.waitForEvent('download'), page.click('#export-mermaid')]);
    const mmdText = readFileSync((await mmd.path())!, 'utf8');
    assert.match(mmdText, /^sequenceDiagram\n/);
    assert.match(mmdText, /participant L\d+ as hello/);
    await page.close();
  });

  it('dark theme renders the same state (screenshot)', async () => {
    const page = await open('dark');
    await run(page, 'pitfall-worker-dies');
    await pauseOnRedelivery(page);
    assert.deepEqual(await unackedRows(page), [['2', 'worker-B/1', 'worker-B', 'm1', 'yes', '2']]);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(31, 31, 31)');
    await page.screenshot({ path: join(SHOTS, 'worker-dies-redelivery-dark.png') });
    await page.close();
  });

  it('no script errors or CSP violations on the page', () => {
    assert.deepEqual(problems, []);
  });
});
