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
      console.log(s.wb.console.filter((l) => /acklab|error/i.test(l)).slice(-15).join('\n'));
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

  it('closing the worker\'s connection from the Connections view returns the message as ready, then redelivered', async () => {
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
    await openAckLab(s.page).catch(() => undefined); // the container may already be open after reload
    await expectText(queueRow(s.page, 'task_queue'), /ready 1 · unacked 0/, 60_000);
    assert.equal(await queueRow(s.page, 'scratch').count(), 0, 'the transient queue is gone');
    await shot(s.page, 'after-reload-light');
  });
});
