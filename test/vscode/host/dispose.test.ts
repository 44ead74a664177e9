import { strict as assert } from 'node:assert';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api } from './helpers';

// Runs last: it deactivates the extension's broker the way VS Code does on reload/shutdown.
describe('deactivate', () => {
  it('saves state, closes the AMQP port and stops the broker', async () => {
    const a = await api();
    const port = a.playground.port!;
    await vscode.commands.executeCommand('acklab.declareQueue', { name: 'on_shutdown', durable: true });
    const ext = vscode.extensions.getExtension('acklab.acklab')!;
    // the same module instance VS Code loaded (Node's require cache is shared in the extension host)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(ext.extensionPath, 'dist', 'extension.js')) as { deactivate(): Promise<void> };
    await mod.deactivate();
    assert.equal(a.playground.state, 'stopped');
    const refused = await new Promise<boolean>((res) => {
      const s = createConnection({ port, host: '127.0.0.1' });
      s.once('connect', () => {
        s.destroy();
        res(false);
      });
      s.once('error', () => res(true));
    });
    assert.equal(refused, true, `port ${port} still accepts connections`);
    // what a reload would restore
    await a.playground.start();
    assert.ok(a.playground.broker!.snapshot().queues.some((q) => q.name === 'on_shutdown'));
    await vscode.commands.executeCommand('acklab.deleteQueue', { queue: 'on_shutdown', force: true });
  });
});
