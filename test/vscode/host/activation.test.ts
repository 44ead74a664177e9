import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import * as vscode from 'vscode';
import type { AckLabApi } from '../../../src/vscode/main';
import { api } from './helpers';

describe('activation', () => {
  it('is lazy: activating does not start the broker until a view, command or terminal needs it', async () => {
    const ext = vscode.extensions.getExtension<AckLabApi>('acklab.acklab')!;
    const a = await ext.activate();
    assert.equal(a.services.queuesView.visible, false, 'precondition: the AckLab views are not open');
    assert.equal(a.playground.state, 'stopped');
    assert.equal(a.playground.port, undefined);
    // any broker command starts it
    const url = await vscode.commands.executeCommand<string>('acklab.copyAmqpUrl');
    assert.equal(a.playground.state, 'running');
    assert.equal(url, `amqp://localhost:${a.playground.port}`);
  });

  it('activates in a real VS Code and starts the broker with its AMQP listener', async () => {
    assert.match(vscode.version, /^1\.100\./);
    const ext = vscode.extensions.getExtension('acklab.acklab');
    assert.ok(ext, 'extension acklab.acklab is loaded');
    const a = await api();
    assert.equal(ext.isActive, true);
    assert.equal(a.playground.state, 'running');
    assert.ok(a.activationMs > 0 && a.activationMs < 10_000, `activation took ${a.activationMs} ms`);
    const port = a.playground.port;
    assert.equal(port, Number(process.env.ACKLAB_TEST_AMQP_PORT), 'listens on the port from settings');
    // the port answers the AMQP protocol header with connection.start (frame type 1)
    const first = await new Promise<Buffer>((res, rej) => {
      const s = createConnection({ port: port!, host: '127.0.0.1' }, () => s.write(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1')));
      s.once('data', (d) => {
        s.destroy();
        res(d);
      });
      s.once('error', rej);
      setTimeout(() => {
        s.destroy();
        rej(new Error('no answer'));
      }, 5000);
    });
    assert.equal(first[0], 1);
  });

  it('shows the manifest texts from package.nls.json: "AckLab: Start Broker", the view names, no raw %key%', () => {
    const pkg = vscode.extensions.getExtension('acklab.acklab')!.packageJSON;
    assert.equal(pkg.displayName, 'AckLab');
    const start = (pkg.contributes.commands as { command: string; title: string; category: string }[]).find((c) => c.command === 'acklab.startBroker');
    assert.equal(`${start?.category}: ${start?.title}`, 'AckLab: Start Broker');
    assert.deepEqual(
      (pkg.contributes.views.acklab as { name: string }[]).map((v) => v.name),
      ['Queues', 'Connections', 'Scenarios'],
    );
    const raw: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string' && /^%[\w.-]+%$/.test(v)) raw.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(pkg);
    assert.deepEqual(raw, [], 'placeholders VS Code did not resolve');
  });

  it('registers every command the manifest declares, and nothing it does not', async () => {
    await api();
    const pkg = JSON.parse(readFileSync(join(vscode.extensions.getExtension('acklab.acklab')!.extensionPath, 'package.json'), 'utf8'));
    const declared = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).filter((c) => c.startsWith('acklab.'));
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of declared) assert.ok(all.has(c), `${c} is declared but not registered`);
    const mine = [...all].filter((c) => /^acklab\.[a-zA-Z]+$/.test(c));
    for (const c of mine) assert.ok(declared.includes(c), `${c} is registered but not in package.json`);
  });

  it('shows the broker in the status bar', async () => {
    const a = await api();
    assert.match(a.statusBar.text, new RegExp(`AckLab :${a.playground.port}\\s+ready \\d+ · unacked \\d+`));
    assert.equal(a.statusBar.command, 'acklab.showQueues');
    assert.equal(await vscode.commands.executeCommand('acklab.showQueues'), true, 'the Queues view becomes visible');
  });
});
