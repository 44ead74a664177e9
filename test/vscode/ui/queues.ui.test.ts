// Playwright in the real workbench: what a user sees in the AckLab views while real amqplib
// clients publish and consume. Screenshots go to test-results/ui/ (light and dark).
import { strict as assert } from 'node:assert';
import * as amqp from 'amqplib';
import { expectText, openAckLab, queueRow, rowByLabel, setTheme, shot, startSession, widenSideBar, type Session } from './workbench';

describe('AckLab in the workbench (Playwright)', function () {
  this.timeout(240_000);
  let s: Session;
  const clients: amqp.ChannelModel[] = [];

  before(async () => {
    s = await startSession({ theme: 'light' });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && s) {
      await shot(s.page, `FAILED-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
      console.log(
        s.wb.console
          .filter((l) => /acklab|error/i.test(l))
          .slice(-15)
          .join('\n'),
      );
    }
  });
  after(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await s?.close();
  });

  const connect = async (name: string) => {
    const c = await amqp.connect(`amqp://guest:guest@127.0.0.1:${s.amqpPort}`, { clientProperties: { connection_name: name } });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };

  it('opens the AckLab container; the status bar shows the broker and its port', async () => {
    await openAckLab(s.page);
    await widenSideBar(s.page);
    await expectText(s.page.locator('.statusbar-item', { hasText: 'AckLab' }), new RegExp(`AckLab :${s.amqpPort}\\s+ready 0 · unacked 0`), 60_000);
    // empty playground: the welcome content explains how to connect
    await expectText(s.page.locator('.welcome-view-content').first(), /No queues yet/);
    await shot(s.page, 'empty-light');
  });

  it('a queue appears with ready 1 after a publish', async () => {
    const c = await connect('publisher.js');
    const ch = await c.createChannel();
    await ch.assertQueue('task_queue', { durable: true });
    ch.sendToQueue('task_queue', Buffer.from('Hello World!'), { persistent: true });
    await expectText(queueRow(s.page, 'task_queue'), /task_queue\s*ready 1 · unacked 0/);
    await expectText(s.page.locator('.statusbar-item', { hasText: 'AckLab' }), /ready 1 · unacked 0/);
    await shot(s.page, 'ready-1-light');
  });

  it('shows unacked 1 while an amqplib consumer holds the message, with the consumer and delivery as children', async () => {
    const c = await connect('worker.js');
    const ch = await c.createChannel();
    ch.on('error', () => undefined);
    await ch.prefetch(1);
    let received = 0;
    await ch.consume('task_queue', () => void received++, { noAck: false, consumerTag: 'worker-1' });
    await expectText(queueRow(s.page, 'task_queue'), /ready 0 · unacked 1 · 1 consumer/);
    assert.equal(received, 1);
    await queueRow(s.page, 'task_queue').click();
    await s.page.keyboard.press('ArrowRight'); // expand
    await expectText(rowByLabel(s.page, 'worker-1'), /worker-1\s*worker\.js ch 1 · manual ack · prefetch 1 · unacked 1/);
    await expectText(rowByLabel(s.page, 'tag 1'), /tag 1\s*.*worker-1/);
    // the Connections view lists the worker with its channel
    await expectText(rowByLabel(s.page, 'worker.js'), /worker\.js\s*127\.0\.0\.1:\d+ · guest · 1 channel/);
    await shot(s.page, 'unacked-1-light');
  });

  it("closing the worker's connection from the Connections view returns the message as ready, then redelivered", async () => {
    const row = rowByLabel(s.page, 'worker.js').first();
    await row.hover();
    await row.locator('.action-label[aria-label="Close Connection"]').click();
    await expectText(queueRow(s.page, 'task_queue'), /ready 1 · unacked 0/);
    assert.equal(await rowByLabel(s.page, 'worker.js').count(), 0, 'the connection is gone from the view');
    await shot(s.page, 'requeued-light');
    // a second worker gets it, flagged redelivered
    const c2 = await connect('worker2.js');
    const ch2 = await c2.createChannel();
    await ch2.prefetch(1);
    const redelivered: boolean[] = [];
    await ch2.consume('task_queue', (m) => m && redelivered.push(m.fields.redelivered), { noAck: false, consumerTag: 'worker-2' });
    await expectText(queueRow(s.page, 'task_queue'), /ready 0 · unacked 1 · 1 consumer/);
    assert.deepEqual(redelivered, [true]);
    await expectText(rowByLabel(s.page, 'tag 1'), /redelivered.*worker-2/);
    await shot(s.page, 'redelivered-light');
  });

  it('looks right in the dark theme too', async () => {
    await setTheme(s.page, 'dark');
    await expectText(queueRow(s.page, 'task_queue'), /ready 0 · unacked 1 · 1 consumer/);
    await shot(s.page, 'redelivered-dark');
  });

  it('declare a quorum queue, publish and peek through the prompts (view title and inline actions)', async () => {
    const page = s.page;
    const input = page.locator('.quick-input-widget input');
    const title = (t: string) => page.locator('.quick-input-widget .quick-input-title', { hasText: t }).waitFor();
    // each step waits for its own prompt title: the widget (and its input) is reused between steps
    const answer = async (step: string, text: string) => {
      await title(step);
      await input.fill(text);
      await page.keyboard.press('Enter');
    };
    const pick = async (step: string, label: string) => {
      await title(step);
      await input.fill(label);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
      await page.keyboard.press('Enter');
    };
    // (a click that lands while the workbench is busy can be lost: retry until the prompt shows)
    for (let i = 0; i < 3 && !(await input.isVisible()); i++) {
      await page.locator('.pane-header', { hasText: 'Queues' }).hover();
      await page.locator('.pane-header .action-label[aria-label="Declare Queue…"]').click();
      await input.waitFor({ timeout: 5000 }).catch(() => undefined);
    }
    await answer('Declare Queue (1/4)', 'orders');
    await pick('Declare Queue (2/4)', 'quorum');
    await answer('Declare Queue (4/4)', 'x-delivery-limit=3, x-dead-letter-exchange=dlx');
    await expectText(queueRow(page, 'orders'), /orders\s*ready 0 · unacked 0/);
    const row = queueRow(page, 'orders');
    await row.hover();
    await row.locator('.action-label[aria-label="Publish Message…"]').click();
    await title('Publish Message (1/3)');
    assert.equal(await input.inputValue(), 'orders', 'the routing key is prefilled with the queue name');
    await page.keyboard.press('Enter');
    await answer('Publish Message (2/3)', 'order #1');
    await pick('Publish Message (3/3)', 'Persistent');
    await expectText(queueRow(page, 'orders'), /ready 1 · unacked 0/);
    await row.hover();
    await row.locator('.action-label[aria-label="Get Message…"]').click();
    await pick('Get Message from orders', 'Nack, requeue');
    // the result is a notification (a toast, or only in the notification centre while the view has focus)
    await page.locator('.statusbar-item .codicon-bell-dot, .statusbar-item .codicon-bell').first().click();
    await expectText(page.locator('.notifications-center'), /orders: “order #1” — requeued; 1 ready now\./);
    await page.keyboard.press('Escape');
    await expectText(queueRow(page, 'orders'), /ready 1 · unacked 0/);
    await shot(page, 'prompts-dark');
  });

  it('a window reload is a broker restart: the durable queue and its persistent message come back', async () => {
    for (const c of clients.splice(0)) await c.close().catch(() => undefined); // message back to ready
    await expectText(queueRow(s.page, 'task_queue'), /ready 1 · unacked 0/);
    const c = await connect('publisher2.js');
    const ch = await c.createChannel();
    await ch.assertQueue('scratch', { durable: false });
    ch.sendToQueue('scratch', Buffer.from('gone after restart'));
    await expectText(queueRow(s.page, 'scratch'), /ready 1/);
    // (code-server starts a reloaded dark page in another dark theme (Abyss): reload in light)
    await setTheme(s.page, 'light');
    await s.page.reload({ waitUntil: 'domcontentloaded' });
    await s.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await openAckLab(s.page); // (it may already be open after the reload: openAckLab only clicks when it is not)
    await expectText(queueRow(s.page, 'task_queue'), /ready 1 · unacked 0/, 60_000);
    assert.equal(await queueRow(s.page, 'scratch').count(), 0, 'the transient queue is gone');
    await expectText(queueRow(s.page, 'orders'), /ready 1 · unacked 0/); // quorum queues are durable
    await shot(s.page, 'after-reload-light');
  });
});
