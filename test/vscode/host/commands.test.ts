import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { api, deleteAllQueues, queueItems, waitFor, waitForQueue } from './helpers';

const run = <T = unknown>(cmd: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(`acklab.${cmd}`, ...args);

describe('commands', () => {
  afterEach(async () => deleteAllQueues(await api()));

  it('declare a quorum queue with arguments, an exchange and a binding; publish through it', async () => {
    const a = await api();
    assert.equal(await run('declareQueue', { name: 'orders', type: 'quorum', arguments: 'x-delivery-limit=3, x-dead-letter-exchange=dlx' }), 'orders');
    const q = a.playground.broker!.snapshot().queues.find((x) => x.name === 'orders')!;
    assert.equal(q.type, 'quorum');
    assert.equal(q.durable, true);
    assert.equal(q.arguments['x-delivery-limit'], 3);
    assert.equal(q.arguments['x-dead-letter-exchange'], 'dlx');
    assert.equal(await run('declareExchange', { name: 'shop', type: 'topic' }), 'shop');
    assert.equal(await run('bindQueue', { queue: 'orders', exchange: 'shop', routingKey: 'order.*' }), true);
    await run('publish', { exchange: 'shop', routingKey: 'order.created', body: '{"id":1}', headers: 'source=test' });
    await run('publish', { exchange: 'shop', routingKey: 'invoice.created', body: 'unroutable' });
    await waitForQueue(a, 'orders', 'ready 1 · unacked 0');
  });

  it('get with ack, nack-requeue (peek) and reject; empty queue returns null', async () => {
    const a = await api();
    await run('declareQueue', { name: 'peek', durable: false });
    await run('publish', { routingKey: 'peek', body: 'one' });
    await run('publish', { routingKey: 'peek', body: 'two' });
    const p = await run<{ body: string; redelivered: boolean; messageCount: number }>('getMessage', { queue: 'peek', mode: 'requeue' });
    assert.deepEqual([p.body, p.redelivered, p.messageCount], ['one', false, 1]);
    const again = await run<{ body: string; redelivered: boolean }>('getMessage', { queue: 'peek', mode: 'ack' });
    assert.deepEqual([again.body, again.redelivered], ['one', true], 'a requeued message returns to its position, redelivered');
    await run('getMessage', { queue: 'peek', mode: 'reject' });
    assert.equal(await run('getMessage', { queue: 'peek', mode: 'ack' }), null);
    await waitForQueue(a, 'peek', 'ready 0 · unacked 0');
  });

  it('purge and delete', async () => {
    const a = await api();
    await run('declareQueue', { name: 'junk', durable: false });
    for (let i = 0; i < 4; i++) await run('publish', { routingKey: 'junk', body: `m${i}` });
    await waitForQueue(a, 'junk', 'ready 4 · unacked 0');
    assert.equal(await run('purgeQueue', { queue: 'junk', force: true }), 4);
    await waitForQueue(a, 'junk', 'ready 0 · unacked 0');
    assert.equal(await run('deleteQueue', { queue: 'junk', force: true }), 0);
    await waitFor('junk to leave the tree', async () => !(await queueItems(a)).has('junk'));
  });

  it('fast-forwarding the clock expires messages past their TTL', async () => {
    const a = await api();
    await run('declareQueue', { name: 'ttl', durable: false, arguments: { 'x-message-ttl': 60_000 } });
    await run('publish', { routingKey: 'ttl', body: 'short-lived' });
    await waitForQueue(a, 'ttl', 'ready 1 · unacked 0');
    assert.equal(await run('fastForward', '61s'), 61_000);
    await waitForQueue(a, 'ttl', 'ready 0 · unacked 0');
  });

  it("bad input is refused with the broker's own error text, shown once", async () => {
    const a = await api();
    a.services.lastError = undefined;
    assert.equal(await run('declareQueue', { name: 'amq.nope' }), undefined);
    assert.match(a.services.lastError ?? '', /reserved/);
    await run('declareQueue', { name: 'dup', durable: true });
    assert.equal(await run('declareQueue', { name: 'dup', durable: false }), undefined);
    assert.match(a.services.lastError ?? '', /PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'dup' in vhost '\/'.*\(AMQP 406\)/);
    // the admin channel recovers after the channel error
    assert.equal(await run('publish', { routingKey: 'dup', body: 'still works' }), true);
    await waitForQueue(a, 'dup', 'ready 1 · unacked 0');
    assert.equal(await run('declareQueue', { name: 'args', arguments: 'x-message-ttl=soon' }), undefined);
    assert.match(a.services.lastError ?? '', /x-message-ttl must be a whole number/);
  });

  it('copy AMQP URL puts the URL on the clipboard; the terminal gets AMQP_URL', async () => {
    const a = await api();
    const url = await run<string>('copyAmqpUrl');
    assert.equal(url, `amqp://localhost:${a.playground.port}`);
    assert.equal(await vscode.env.clipboard.readText(), url);
    const opened = new Promise<vscode.Terminal>((r) => {
      const d = vscode.window.onDidOpenTerminal((t) => {
        d.dispose();
        r(t);
      });
    });
    await run('openTerminal');
    const t = await opened;
    assert.equal(t.name, 'AckLab');
    assert.equal((t.creationOptions as vscode.TerminalOptions).env?.AMQP_URL, url);
    t.dispose();
  });

  it('stop, start and restart the broker', async () => {
    const a = await api();
    assert.equal(await run('stopBroker'), 'stopped');
    assert.match(a.statusBar.text, /stopped/);
    assert.equal(a.playground.port, undefined);
    assert.equal(await run('startBroker'), 'running');
    assert.equal(await run('restartBroker'), 'running');
    assert.ok(a.playground.port);
  });
});
