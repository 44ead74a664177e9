import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { api, childItems, connect, deleteAllQueues, killSocket, waitFor, waitForQueue } from './helpers';

describe('consuming with amqplib', () => {
  afterEach(async () => deleteAllQueues(await api()));

  it('unacked while a worker holds the message; ready and redelivered again when the worker dies', async () => {
    const a = await api();
    const conn = await connect(a, 'worker.js');
    conn.on('error', () => undefined); // the kill below makes amqplib report a socket error
    const ch = await conn.createChannel();
    ch.on('error', () => undefined);
    await ch.assertQueue('task_queue', { durable: true });
    await ch.prefetch(1);
    const got: { body: string; redelivered: boolean }[] = [];
    await ch.consume('task_queue', (m) => m && got.push({ body: m.content.toString(), redelivered: m.fields.redelivered }), {
      noAck: false,
      consumerTag: 'worker-1',
    });
    await vscode.commands.executeCommand('acklab.publish', { routingKey: 'task_queue', body: 'resize image 42', persistent: true });
    await waitFor('the worker to receive it', () => got.length === 1);
    const item = await waitForQueue(a, 'task_queue', 'ready 0 · unacked 1 · 1 consumer');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

    // children: the consumer (tag, channel, prefetch, unacked, manual ack) and the unacked delivery
    const kids = await childItems(a, item.node);
    const consumer = kids.find((k) => k.contextValue === 'acklab.playground.consumer');
    const delivery = kids.find((k) => k.contextValue === 'acklab.playground.delivery');
    assert.ok(consumer && delivery, `children: ${kids.map((k) => k.label).join(', ')}`);
    assert.equal(consumer.label, 'worker-1');
    assert.equal(consumer.description, 'worker.js ch 1 · manual ack · prefetch 1 · unacked 1');
    assert.equal(delivery.label, 'tag 1');
    assert.match(String(delivery.description), /^(“resize image 42”|message #\d+) · \d+s · worker-1$/);

    // the Connections view: connection → channel → consumer
    a.connections.flushNow();
    const conns = a.connections.getChildren();
    const c = conns.find((n) => n.kind === 'connection' && n.snap.name === 'worker.js');
    assert.ok(c, 'worker.js connection listed');
    const connItem = a.connections.getTreeItem(c);
    assert.match(String(connItem.description), /^127\.0\.0\.1:\d+ · guest · 1 channel$/);
    const [chNode] = a.connections.getChildren(c);
    assert.equal(a.connections.getTreeItem(chNode!).description, 'unacked 1 · prefetch 1 · 1 consumer');
    const [cNode] = a.connections.getChildren(chNode);
    assert.equal(a.connections.getTreeItem(cNode!).label, 'worker-1');

    // the worker crashes (socket gone, no close): the message is ready again, and redelivered next time
    killSocket(conn);
    await waitForQueue(a, 'task_queue', 'ready 1 · unacked 0');
    await waitFor(
      'the connection to leave the Connections view',
      () => !a.connections.getChildren().some((n) => n.kind === 'connection' && n.snap.name === 'worker.js'),
    );
    const res = (await vscode.commands.executeCommand('acklab.getMessage', { queue: 'task_queue', mode: 'ack' })) as { body: string; redelivered: boolean };
    assert.equal(res.body, 'resize image 42');
    assert.equal(res.redelivered, true);
  });

  it("closing the consumer's channel from the tree requeues its unacked message (simulated crash)", async () => {
    const a = await api();
    const conn = await connect(a, 'crashy');
    conn.on('error', () => undefined);
    const closed = new Promise<unknown>((r) => conn.once('close', r));
    const ch = await conn.createChannel();
    const chClosed = new Promise<unknown>((r) => ch.once('error', r));
    await ch.assertQueue('jobs', { durable: false });
    await ch.consume('jobs', () => undefined, { noAck: false });
    await vscode.commands.executeCommand('acklab.publish', { routingKey: 'jobs', body: 'job' });
    const item = await waitForQueue(a, 'jobs', 'ready 0 · unacked 1 · 1 consumer');
    const consumerNode = ((await a.queuesProvider.getChildren(item.node)) ?? []).find((n) => (n as { kind?: string }).kind === 'consumer');
    assert.ok(consumerNode);
    assert.equal(await vscode.commands.executeCommand('acklab.closeChannel', consumerNode), true);
    const err = (await chClosed) as Error;
    assert.match(String(err.message), /320|CONNECTION_FORCED/);
    await waitForQueue(a, 'jobs', 'ready 1 · unacked 0');
    // and close the whole connection from the Connections view
    a.connections.flushNow();
    const cNode = a.connections.getChildren().find((n) => n.kind === 'connection' && n.snap.name === 'crashy');
    assert.ok(cNode);
    assert.equal(await vscode.commands.executeCommand('acklab.closeConnection', cNode), true);
    await closed;
  });
});
