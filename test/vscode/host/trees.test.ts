import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { api, childItems, deleteAllQueues, waitFor, waitForQueue } from './helpers';

describe('Queues and Connections trees', () => {
  afterEach(async () => deleteAllQueues(await api()));

  it('shows a queue with its ready count after a publish, through coalesced refreshes', async () => {
    const a = await api();
    assert.equal(await vscode.commands.executeCommand('acklab.showQueues'), true);
    const changes: unknown[] = [];
    const sub = a.queuesProvider.onDidChangeTreeData((e) => changes.push(e));
    try {
      await vscode.commands.executeCommand('acklab.declareQueue', { name: 'task_queue', durable: true });
      await waitForQueue(a, 'task_queue', 'ready 0 · unacked 0');
      const before = changes.length;
      for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('acklab.publish', { routingKey: 'task_queue', body: `task ${i}` });
      const item = await waitForQueue(a, 'task_queue', 'ready 3 · unacked 0');
      assert.equal(item.contextValue, 'acklab.playground.queue');
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'inbox');
      assert.match(String(item.tooltip), /task_queue \(classic, durable\)/);
      // refreshes after the declare name only the changed queue item, never the whole tree
      const later = changes.slice(before);
      assert.ok(later.length >= 1);
      const show = (e: unknown) =>
        Array.isArray(e) ? `[${e.map((n) => (n as { kind?: string; key?: string }).kind + ':' + (n as { key?: string }).key).join(', ')}]` : String(e);
      for (const e of later) {
        assert.ok(
          Array.isArray(e) && e.every((n) => (n as { key?: string }).key === 'task_queue'),
          `expected refreshes of task_queue only, got ${later.map(show).join(' ')}`,
        );
      }
    } finally {
      sub.dispose();
    }
  });

  it('a burst of 5,000 publishes costs a handful of refreshes, not one per message', async () => {
    const a = await api();
    assert.equal(await vscode.commands.executeCommand('acklab.showQueues'), true);
    await vscode.commands.executeCommand('acklab.declareQueue', { name: 'burst', durable: false });
    await waitForQueue(a, 'burst', 'ready 0 · unacked 0');
    let refreshes = 0;
    const sub = a.queuesProvider.onDidChangeTreeData(() => refreshes++);
    const ch = a.playground.channel();
    const body = new TextEncoder().encode('x');
    for (let i = 0; i < 5000; i++) ch.basicPublish({ exchange: '', routingKey: 'burst' }, {}, body);
    await waitForQueue(a, 'burst', 'ready 5000 · unacked 0');
    sub.dispose();
    assert.ok(refreshes >= 1 && refreshes <= 3, `refreshes: ${refreshes}`);
  });

  it('while the view is hidden nothing is sent to VS Code; showing it sends the changed items once', async () => {
    const a = await api();
    assert.equal(await vscode.commands.executeCommand('acklab.showQueues'), true);
    await vscode.commands.executeCommand('acklab.declareQueue', { name: 'hidden_q', durable: false });
    await waitForQueue(a, 'hidden_q', 'ready 0 · unacked 0');
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the Queues view to be hidden', () => !a.services.queuesView.visible);
    const events: unknown[] = [];
    const sub = a.queuesProvider.onDidChangeTreeData((e) => events.push(e));
    try {
      for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('acklab.publish', { routingKey: 'hidden_q', body: `m${i}` });
      // the counts are current (status bar, commands) even though the view was not refreshed
      await waitForQueue(a, 'hidden_q', 'ready 3 · unacked 0');
      await waitFor('the status bar total', () => /ready 3 · unacked 0/.test(a.statusBar.text));
      assert.deepEqual(events, []);
      assert.equal(await vscode.commands.executeCommand('acklab.showQueues'), true);
      await waitFor('one refresh on showing', () => events.length >= 1);
      assert.ok(Array.isArray(events[0]) && (events[0] as { key?: string }[]).some((n) => n.key === 'hidden_q'), 'the pending change is delivered');
    } finally {
      sub.dispose();
    }
  });

  it('shows quorum queues with their own icon and the welcome state when empty', async () => {
    const a = await api();
    await deleteAllQueues(a);
    await waitFor('empty tree', async () => ((await a.queuesProvider.getChildren()) ?? []).length === 0);
    await vscode.commands.executeCommand('acklab.declareQueue', { name: 'qq', type: 'quorum' });
    const item = await waitForQueue(a, 'qq', 'ready 0 · unacked 0');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'server-process');
    assert.match(String(item.tooltip), /quorum, durable/);
    const roots = (await a.queuesProvider.getChildren()) ?? [];
    const root = await a.queuesProvider.getTreeItem(roots[0]!);
    assert.equal(root.label, 'Playground');
    assert.match(String(root.description), new RegExp(`amqp://localhost:${a.playground.port} · rabbitmq`));
    assert.equal((await childItems(a, item.node)).length, 0);
  });
});
