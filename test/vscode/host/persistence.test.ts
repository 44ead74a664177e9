import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, deleteAllQueues, waitForQueue } from './helpers';

describe('durable state (broker restart = window reload)', () => {
  afterEach(async () => deleteAllQueues(await api()));

  it('durable queues and persistent messages survive a restart; transient ones are gone', async () => {
    const a = await api();
    const run = (cmd: string, arg: unknown) => vscode.commands.executeCommand(`acklab.${cmd}`, arg);
    await run('declareQueue', { name: 'durable_q', durable: true });
    await run('declareQueue', { name: 'transient_q', durable: false });
    await run('publish', { routingKey: 'durable_q', body: 'persistent', persistent: true });
    await run('publish', { routingKey: 'durable_q', body: 'transient', persistent: false });
    await run('publish', { routingKey: 'transient_q', body: 'persistent but in a transient queue', persistent: true });
    await waitForQueue(a, 'durable_q', 'ready 2 · unacked 0');
    await vscode.commands.executeCommand('acklab.restartBroker');
    const names = a.playground.broker!.snapshot().queues.map((q) => q.name);
    assert.ok(names.includes('durable_q'));
    assert.ok(!names.includes('transient_q'), 'the transient queue is gone');
    await waitForQueue(a, 'durable_q', 'ready 1 · unacked 0');
    const m = (await vscode.commands.executeCommand('acklab.getMessage', { queue: 'durable_q', mode: 'ack' })) as { body: string };
    assert.equal(m.body, 'persistent');
  });

  it('the state is recorded in the workspace storage as it changes (the state log)', async () => {
    const a = await api();
    await vscode.commands.executeCommand('acklab.declareQueue', { name: 'saved_q', durable: true });
    const path = a.playground.stateLocation!;
    assert.match(path, /(workspaceStorage|globalStorage).*acklab-state\.log$/);
    // the last topology record of the log lists the queue, without a stop or a save command
    const topology = () => {
      if (!existsSync(path)) return undefined;
      const recs = readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l)
        .map((l) => JSON.parse(l.slice(9)) as { t: string; queues?: { name: string }[] });
      return recs.filter((r) => r.t === 'topology').at(-1);
    };
    const deadline = Date.now() + 5000;
    while (!topology()?.queues?.some((q) => q.name === 'saved_q')) {
      if (Date.now() > deadline) assert.fail(`saved_q not in ${path}: ${JSON.stringify(topology())}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});
