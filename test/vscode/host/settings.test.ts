import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import { api, waitFor } from './helpers';

const cfg = () => vscode.workspace.getConfiguration('acklab');
const G = vscode.ConfigurationTarget.Global;

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

describe('settings', () => {
  const original = Number(process.env.ACKLAB_TEST_AMQP_PORT);
  after(async () => {
    await cfg().update('amqp.port', original, G);
    await cfg().update('profile', undefined, G);
    const a = await api();
    await waitFor('listener back on the test port', () => a.playground.port === original && a.playground.state === 'running');
  });

  it('moving acklab.amqp.port moves the listener; the broker keeps its queues', async () => {
    const a = await api();
    await vscode.commands.executeCommand('acklab.declareQueue', { name: 'keep-me', durable: false });
    const port = await freePort();
    await cfg().update('amqp.port', port, G);
    await waitFor('the listener to move', () => a.playground.port === port && a.playground.state === 'running');
    assert.ok(
      a.playground.broker!.snapshot().queues.some((q) => q.name === 'keep-me'),
      'a listener move is not a broker restart',
    );
    assert.match(a.statusBar.text, new RegExp(`:${port}`));
    await vscode.commands.executeCommand('acklab.deleteQueue', { queue: 'keep-me', force: true });
  });

  it('an explicitly chosen port that is taken fails with a clear error', async () => {
    const a = await api();
    const blocker = createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)));
    try {
      await cfg().update('amqp.port', port, G);
      await waitFor('the broker to report the busy port', () => a.playground.state === 'failed' || (a.playground.lastError ?? '').includes(String(port)));
      assert.match(a.playground.lastError ?? '', new RegExp(`AMQP port ${port} \\(setting acklab.amqp.port\\) is in use`));
      assert.match(a.statusBar.text, /failed/);
    } finally {
      blocker.close();
      await cfg().update('amqp.port', original, G);
    }
    await vscode.commands.executeCommand('acklab.startBroker');
    await waitFor('running again', () => a.playground.state === 'running' && a.playground.port === original);
  });

  it('invalid values are reported naming the setting, and the default is used', async () => {
    const a = await api();
    await cfg().update('logSize', -5, G);
    await waitFor('the settings error', () => a.settingsErrors.some((e) => e.includes('acklab.logSize must be a whole number from 0 to 5000000 (got -5)')));
    await cfg().update('logSize', undefined, G);
    await waitFor('the error to clear', () => a.settingsErrors.length === 0);
  });

  it('switch profile restarts the broker with the lavinmq profile', async () => {
    const a = await api();
    const before = a.playground.broker;
    assert.equal(await vscode.commands.executeCommand('acklab.switchProfile', 'lavinmq'), 'lavinmq');
    await waitFor(
      'a new broker with the lavinmq profile',
      () => a.playground.broker !== before && a.playground.broker?.profile === 'lavinmq' && a.playground.state === 'running',
    );
    assert.equal(await vscode.commands.executeCommand('acklab.switchProfile', 'rabbitmq'), 'rabbitmq');
    await waitFor('back to rabbitmq', () => a.playground.broker?.profile === 'rabbitmq' && a.playground.state === 'running');
  });
});
