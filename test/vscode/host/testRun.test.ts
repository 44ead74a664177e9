// "AckLab: Run Tests Against the Playground" in the real extension host: runs the JavaScript sample's
// missing-ack test (amqplib + mocha) against the playground, and the finding lands in Problems at the
// consume line with the lint's rule id, its docs link, and an "Open in the Stepper" action.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AckReport } from '../../../src/testkit/types';
import { api, waitFor } from './helpers';

describe('Run Tests Against the Playground', function () {
  this.timeout(240_000);

  it('reports the seeded missing ack in Problems, at the consume line, with a stepper action', async () => {
    await api();
    const root = vscode.extensions.all.find((e) => e.packageJSON?.name === 'acklab')!.extensionPath;
    const cwd = join(root, 'test/fixtures/acktest/js');
    const file = join(cwd, 'test/missing-ack.test.js');
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('acklab-expect: missing-ack'));
    const command = `"${process.execPath}" "${join(root, 'node_modules/mocha/bin/mocha.js')}" --no-config --no-package test/missing-ack.test.js`;
    const report = (await vscode.commands.executeCommand('acklab.test.run', { command, cwd })) as AckReport;
    assert.equal(report.exitCode, 0, 'the sample test passes');
    assert.deepEqual(
      report.findings.map((f) => f.rule),
      ['missing-ack'],
    );

    const diags = vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'acklab test');
    assert.equal(diags.length, 1, JSON.stringify(diags));
    const d = diags[0]!;
    assert.equal(d.range.start.line, line);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'missing-ack');
    assert.match(code.target.toString(), /missing-ack/);
    assert.match(d.message, /never acknowledged/);
    assert.ok(
      d.relatedInformation?.some((r) => /delivered/.test(r.message)),
      'the delivery history',
    );

    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file), { preview: false });
    // the diagnostics reach the workbench's markers asynchronously, and the first request in a JavaScript
    // file waits for the TypeScript server to start (30 s on a busy machine)
    const open = await waitFor(
      'the Open in the Stepper action',
      async () => {
        const actions =
          (await vscode.commands.executeCommand<vscode.CodeAction[]>(
            'vscode.executeCodeActionProvider',
            vscode.Uri.file(file),
            d.range,
            vscode.CodeActionKind.QuickFix.value,
          )) ?? [];
        return actions.find((a) => a.title.startsWith('Open in the Stepper'));
      },
      120_000,
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.equal(open.command?.command, 'acklab.stepper.live');
  });
});
