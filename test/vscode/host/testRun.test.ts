// "AckLab: Run Tests Against the Playground" in the real extension host: runs the JavaScript sample's
// missing-ack test (amqplib + mocha) against the playground, and the finding lands in Problems at the
// consume line with the lint's rule id, its docs link, and a "Show in the Stepper" action that opens the
// stepper on that delivery; the Go sample (no trace hook) lands in Problems too, at its queue's mention.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AckReport } from '../../../src/testkit/types';
import { api, waitFor } from './helpers';

/** The "Show in the Stepper" code action on a diagnostic (the first request in a JavaScript file waits for the
 * TypeScript server to start: 30 s on a busy machine). */
async function showAction(file: string, range: vscode.Range): Promise<vscode.CodeAction> {
  return waitFor(
    'the Show in the Stepper action',
    async () => {
      const actions =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          vscode.Uri.file(file),
          range,
          vscode.CodeActionKind.QuickFix.value,
        )) ?? [];
      return actions.find((a) => a.title.startsWith('Show in the Stepper'));
    },
    120_000,
  );
}

const stepperOpen = () =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('acklab.stepper'));

/** Runs the action's command: the live stepper opens with the finding's delivery selected (the seq it returns). */
async function showInStepper(action: vscode.CodeAction, finding: AckReport['findings'][number]): Promise<void> {
  assert.equal(action.command?.command, 'acklab.test.showInStepper');
  const seq = await vscode.commands.executeCommand<number | undefined>(action.command!.command, ...(action.command!.arguments ?? []));
  await waitFor('the stepper panel', stepperOpen);
  assert.equal(typeof seq, 'number', 'a delivery was selected');
  const ev = (await api()).playground.broker!.events.entries().find((e) => e.seq === seq);
  assert.ok(ev && ev.kind === 'delivered', JSON.stringify(ev));
  assert.equal(ev.messageId, finding.messageId);
  assert.equal(ev.deliveryTag, finding.deliveryTag);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

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
    await showInStepper(await showAction(file, d.range), report.findings[0]!);
  });

  it('a Go finding (no trace hook, no source line) shows in Problems at its queue, and opens its delivery in the stepper', async () => {
    await api();
    const root = vscode.extensions.all.find((e) => e.packageJSON?.name === 'acklab')!.extensionPath;
    const cwd = join(root, 'test/fixtures/acktest/go');
    const file = join(cwd, 'missing_ack_test.go');
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('"go.missing"'));
    const command = `GO111MODULE=off GOPATH=/usr/share/gocode go test -count=1 -run '^TestMissingAck$' .`;
    const report = (await vscode.commands.executeCommand('acklab.test.run', { command, cwd })) as AckReport;
    assert.equal(report.exitCode, 0, 'the sample test passes');
    assert.deepEqual(
      report.findings.map((f) => [f.rule, f.location]),
      [['missing-ack', undefined]],
    );
    const diags = vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'acklab test');
    assert.equal(diags.length, 1, JSON.stringify(vscode.languages.getDiagnostics().filter(([, ds]) => ds.length)));
    const d = diags[0]!;
    assert.equal(d.range.start.line, line);
    assert.equal((d.code as { value: string }).value, 'missing-ack');
    assert.match(
      d.message,
      /never acknowledged.*no source line: no trace hook reported call sites; shown at the first mention of queue "go\.missing" in missing_ack_test\.go/s,
    );
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file), { preview: false });
    await showInStepper(await showAction(file, d.range), report.findings[0]!);
  });
});
