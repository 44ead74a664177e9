// Restricted Mode (an untrusted folder), run by the host runner in a window of its own: the folder's
// .vscode/settings.json sets acklab.amqp.bindAddress to 0.0.0.0 and lists a real broker of its own (and sets
// acklab.lint.delay, which is not restricted and must apply). VS Code must
// ignore both (package.json declares untrustedWorkspaces "limited" with them restricted), so the playground
// listens on loopback only and no workspace-supplied management URL is shown or sent a stored password.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { api } from './helpers';

describe('workspace trust: an untrusted folder cannot widen the listener or add brokers', () => {
  it('the window is in Restricted Mode and the extension is active in it', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const a = await api();
    assert.equal(a.playground.state, 'running');
  });

  it('acklab.amqp.bindAddress from the folder is ignored: the listener is on 127.0.0.1', async () => {
    const cfg = vscode.workspace.getConfiguration('acklab');
    // The folder's settings are read (an unrestricted one applies), only the restricted ones are held back.
    assert.equal(cfg.get('lint.delay'), 321, 'the folder settings file is read');
    assert.equal(cfg.get('amqp.bindAddress'), '127.0.0.1');
    const a = await api();
    assert.match(a.playground.url ?? '', /^amqp:\/\/(127\.0\.0\.1|localhost):\d+/);
  });

  it('acklab.brokers from the folder is ignored: no workspace broker reaches the Queues view', async () => {
    const cfg = vscode.workspace.getConfiguration('acklab');
    assert.deepEqual(cfg.get('brokers'), []);
    const a = await api();
    const roots = ((await a.queuesProvider.getChildren()) ?? []) as unknown[];
    const labels = await Promise.all(
      roots.map(async (r) => {
        const item = (await a.queuesProvider.getTreeItem(r as never)) as vscode.TreeItem;
        return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      }),
    );
    assert.ok(!labels.some((l) => l.includes('from-the-folder')), `roots: ${labels.join(', ')}`);
  });
});
