// Real brokers in the real VS Code (issue 6): a private RabbitMQ (Debian's rabbitmq-server with the management
// plugin, started here, inside the extension host, which is Node) is added through the Add Broker command
// (password into SecretStorage, the rest into settings); a message published over AMQP shows up in the
// Queues view as "ready 1" once the management stats catch up; and "Run Scenario on This Broker" opens the
// playground ↔ broker comparison in a diff editor.
import { strict as assert } from 'node:assert';
import * as amqp from 'amqplib';
import * as vscode from 'vscode';
import type { QueueTreeNode } from '../../../src/vscode/queuesTree';
import type { RemoteScenarioResult } from '../../../src/vscode/remote/scenario';
import { rabbitmqAvailable, startRabbitMQ, type RabbitMQNode } from '../../support/rabbitmq';
import { api, waitFor } from './helpers';

const BROKER = 'host-rabbit';

async function findItem(
  label: string,
  within: QueueTreeNode[] | undefined,
  depth: number,
): Promise<{ node: QueueTreeNode; item: vscode.TreeItem } | undefined> {
  const a = await api();
  const nodes = within ?? (((await a.queuesProvider.getChildren()) ?? []) as QueueTreeNode[]);
  for (const n of nodes) {
    const item = (await a.queuesProvider.getTreeItem(n)) as vscode.TreeItem;
    const l = typeof item.label === 'string' ? item.label : item.label?.label;
    if (l === label) return { node: n, item };
    if (depth > 0 && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) {
      const hit = await findItem(label, ((await a.queuesProvider.getChildren(n)) ?? []) as QueueTreeNode[], depth - 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

describe('Real brokers (RabbitMQ) in the Queues view', function () {
  let rmq: RabbitMQNode | undefined;

  before(async function () {
    if (!rabbitmqAvailable() || process.env.ACKLAB_SKIP_RABBITMQ === '1') this.skip();
    this.timeout(240_000);
    rmq = await startRabbitMQ({ management: true });
    const cfg = vscode.workspace.getConfiguration('acklab');
    await cfg.update('remote.refreshIntervalSeconds', 2, vscode.ConfigurationTarget.Global);
    const added = await vscode.commands.executeCommand('acklab.remote.addBroker', {
      name: BROKER,
      managementUrl: rmq.managementUrl,
      username: 'guest',
      password: 'guest',
      amqpUrl: `amqp://guest@127.0.0.1:${rmq.port}`,
    });
    assert.equal(added, BROKER);
    // The password went to SecretStorage, not to settings.
    const saved = vscode.workspace.getConfiguration('acklab').get<Record<string, unknown>[]>('brokers') ?? []; // a fresh snapshot
    assert.ok(
      saved.some((b) => b.name === BROKER && !('password' in b)),
      JSON.stringify(saved),
    );
  });

  after(async function () {
    this.timeout(60_000);
    if (!rmq) return;
    const cfg = vscode.workspace.getConfiguration('acklab');
    await cfg.update('brokers', undefined, vscode.ConfigurationTarget.Global);
    await cfg.update('remote.refreshIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await rmq.stop();
  });

  it('shows a queue of the real broker with "ready 1" after a publish over AMQP', async function () {
    this.timeout(90_000);
    const conn = await amqp.connect(rmq!.amqpUrl);
    try {
      const ch = await conn.createConfirmChannel();
      await ch.assertQueue('host-remote-orders', { durable: true });
      ch.sendToQueue('host-remote-orders', Buffer.from('order 1'), { persistent: true });
      await ch.waitForConfirms();
    } finally {
      await conn.close();
    }
    await vscode.commands.executeCommand('acklab.showQueues');
    const root = await waitFor('the broker root in the Queues view', () => findItem(BROKER, undefined, 0), 20_000);
    assert.equal(root.item.contextValue, 'acklab.remote.broker');
    // Management stats lag (~5 s): refresh on demand while polling, bounded.
    const hit = await waitFor(
      'host-remote-orders to show ready 1',
      async () => {
        await vscode.commands.executeCommand('acklab.remote.refresh');
        const q = await findItem('host-remote-orders', [root.node], 3);
        return q && /\bready 1\b/.test(String(q.item.description)) ? q : undefined;
      },
      60_000,
    );
    assert.equal(hit.item.contextValue, 'acklab.remote.queue');
    assert.match(String(hit.item.description), /ready 1\b.*unacked 0/);
  });

  it('Run Scenario on This Broker compares the playground and RabbitMQ in a diff editor', async function () {
    this.timeout(90_000);
    const r = await vscode.commands.executeCommand<RemoteScenarioResult | undefined>('acklab.remote.runScenario', BROKER, 'tutorial-1-hello-world');
    assert.ok(r, 'the command returned a comparison');
    assert.equal(r.differences, 0, r.changes.join('\n'));
    assert.ok(r.leftPassed && r.rightPassed);
    assert.match(r.server, /^RabbitMQ /);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `active tab is a diff editor (${tab?.label})`);
    assert.equal(tab.input.original.toString(), r.leftUri.toString());
    assert.equal(tab.input.modified.toString(), r.rightUri.toString());
    const right = await vscode.workspace.openTextDocument(r.rightUri);
    assert.match(right.getText(), /## Expected outcomes\n {2}✓ /);
    // Nothing the run declared is left on the broker.
    const conn = await amqp.connect(rmq!.amqpUrl);
    try {
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      await assert.rejects(ch.checkQueue(`${r.prefix}hello`), /404|NOT_FOUND/);
    } finally {
      await conn.close().catch(() => undefined);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
