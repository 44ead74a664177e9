// The missing-ack linter in the real VS Code: diagnostics on open and as you type, the quick fix
// through the code action API, Show in playground, settings, Lint Workspace, and the edit →
// diagnostics latency on a 2,000-line file (recorded in test-results/lint-vscode/host-timing.json).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor } from './helpers';

const G = vscode.ConfigurationTarget.Global;
const cfg = () => vscode.workspace.getConfiguration('acklab.lint');

function repo(): string {
  const ext = vscode.extensions.getExtension('acklab.acklab');
  if (!ext) throw new Error('extension acklab.acklab is not loaded');
  return ext.extensionPath;
}

function workspaceDir(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the host tests need a workspace folder');
  return f.uri.fsPath;
}

function fixture(name: string): string {
  return readFileSync(join(repo(), 'test', 'fixtures', 'lint-vscode', name), 'utf8');
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'acklab');
}

function codeOf(d: vscode.Diagnostic): { value: string; target: vscode.Uri } {
  assert.equal(typeof d.code, 'object', 'the code carries a link');
  return d.code as { value: string; target: vscode.Uri };
}

/** Polls (1 ms) until the diagnostics satisfy `ok`; resolves with them. */
async function diagnostics(uri: vscode.Uri, what: string, ok: (ds: vscode.Diagnostic[]) => boolean, timeoutMs = 10_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ds = ours(uri);
    if (ok(ds)) return ds;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; diagnostics: ${JSON.stringify(ds.map((d) => [d.message, d.range.start.line]))}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Opens a file the way a user does (vscode.open, not workspace.openTextDocument, whose reference keeps the
 *  document alive for minutes after its editor closes), and returns its editor. */
async function open(path: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.file(path);
  await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
  return waitFor(`an editor for ${path}`, () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()));
}

/** The code actions VS Code offers at a range, once ours are there: the workbench passes the providers the
 *  markers it has, which reach it from the extension host a little after languages.getDiagnostics shows them,
 *  and it cancels a request when the model changes meanwhile. Both are retried for a bounded time. (The first
 *  request in a JavaScript file also waits for the built-in TypeScript server to start: 30 s on a busy machine.) */
async function actionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    let actions: vscode.CodeAction[] = [];
    try {
      actions =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    } catch (err) {
      if (!/Canceled/.test(String(err))) throw err;
    }
    if (actions.some((a) => a.command?.command === 'acklab.lint.showInPlayground') || Date.now() > deadline) return actions;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function closeEditorOf(uri: vscode.Uri): Promise<void> {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  if (editor) await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await waitFor(`${uri.fsPath} to close`, () => vscode.workspace.textDocuments.every((t) => t.uri.toString() !== uri.toString()), 20_000);
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

describe('lint: missing-ack diagnostics and quick fixes', function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    await api();
    dir = join(workspaceDir(), 'lint-host');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // written up front, so no file watcher reload lands in the middle of a test
    for (const name of ['worker.js', 'suppress.js', 'playground.js', 'settings.js', 'docs-link.js']) writeFileSync(join(dir, name), fixture('worker.js'));
    writeFileSync(
      join(dir, 'wrapped.js'),
      "const amqp = require('amqplib');\nconst { safeAck } = require('./acks');\nch.consume('q', (msg) => {\n  safeAck(msg);\n});\n",
    );
    writeFileSync(join(dir, 'worker.py'), fixture('worker.py'));
  });

  afterEach(async () => {
    await cfg().update('rules', undefined, G);
    await cfg().update('enable', undefined, G);
    await cfg().update('delay', undefined, G);
    await cfg().update('exclude', undefined, G);
    await closeAll();
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("the rule code's link is the page shipped in the extension (docs/rules/missing-ack.md), and it opens in VS Code", async () => {
    const editor = await open(join(dir, 'docs-link.js'));
    const [d] = await diagnostics(editor.document.uri, 'the missing-ack diagnostic', (ds) => ds.length === 1);
    const { value, target } = codeOf(d!);
    assert.equal(value, 'missing-ack');
    assert.ok(['file', 'vscode-resource'].includes(target.scheme), `a local page, not ${target.toString()}`);
    const page = join(repo(), 'docs', 'rules', 'missing-ack.md');
    assert.equal(target.fsPath, page, 'the page inside the extension folder');
    assert.ok(existsSync(target.fsPath), `${target.fsPath} exists`);
    assert.match(readFileSync(target.fsPath, 'utf8'), /^# missing-ack\n/);
    // what the Problems view does with the link: open the target
    await vscode.commands.executeCommand('vscode.open', target);
    const shown = await waitFor('the rule page in an editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === page));
    assert.match(shown.document.getText(), /^# missing-ack\n/);
  });

  it('JavaScript: a missing ack is flagged on open with its range, rule code and docs link; the quick fix removes it', async function () {
    this.timeout(150_000);
    const file = join(dir, 'worker.js');
    const editor = await open(file);
    const uri = editor.document.uri;
    const [d] = await diagnostics(uri, 'the missing-ack diagnostic', (ds) => ds.length === 1);
    assert.ok(d);
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [8, 8, 8, 18], 'points at ch.consume');
    assert.equal(editor.document.getText(d.range), 'ch.consume');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    const code = codeOf(d);
    assert.equal(code.value, 'missing-ack');
    assert.match(code.target.toString(), /docs\/rules\/missing-ack\.md$/);
    assert.match(d.message, /never acknowledges/);
    assert.equal(d.relatedInformation?.[0]?.location.range.start.line, 8, 'related information points at the handler');

    const actions = await actionsAt(uri, d.range);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.title.startsWith('Insert `ch.ack(msg);`'));
    assert.ok(fix, `quick fix offered; got ${titles.join(' | ')}`);
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.kind?.value, 'quickfix');
    assert.ok(
      titles.some((t) => t.startsWith('Show in playground')),
      titles.join(' | '),
    );
    assert.ok(titles.includes('Disable missing-ack for this line'), titles.join(' | '));

    assert.equal(await vscode.workspace.applyEdit(fix.edit!), true);
    // the work ends inside setTimeout's callback, so that is where the ack goes (not after the setTimeout call)
    assert.match(editor.document.getText(), /console\.log\(' \[x\] Done'\);\n {6}ch\.ack\(msg\);\n {4}\}, secs \* 1000\);\n {2}\}, \{ noAck: false \}\);/);
    await diagnostics(uri, 'the diagnostic to disappear after the fix', (ds) => ds.length === 0);

    // as you type: deleting the ack brings the finding back
    const ackLine = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('ch.ack(msg);'));
    await editor.edit((b) => b.delete(editor.document.lineAt(ackLine).rangeIncludingLineBreak));
    await diagnostics(uri, 'the diagnostic to come back after deleting the ack', (ds) => ds.length === 1 && ds[0]!.range.start.line === 8);
  });

  it('Python (pika): flagged on open, fixed through the code action, gone after the fix; cleared when the file closes', async () => {
    const file = join(dir, 'worker.py');
    const editor = await open(file);
    const uri = editor.document.uri;
    const [d] = await diagnostics(uri, 'the pika missing-ack diagnostic', (ds) => ds.length === 1);
    assert.equal(editor.document.getText(d!.range), 'channel.basic_consume');
    assert.equal(codeOf(d!).value, 'missing-ack');
    const fix = (await actionsAt(uri, d!.range)).find((a) => a.isPreferred);
    assert.ok(fix, 'a preferred quick fix');
    assert.match(fix.title, /ch\.basic_ack\(delivery_tag=method\.delivery_tag\)/);
    assert.equal(await vscode.workspace.applyEdit(fix.edit!), true);
    assert.match(editor.document.getText(), / {4}print\(" \[x\] Done"\)\n {4}ch\.basic_ack\(delivery_tag=method\.delivery_tag\)\n/);
    await diagnostics(uri, 'no diagnostics after the fix', (ds) => ds.length === 0);

    // undo the fix, then close without saving: the file's diagnostics go away with it
    await vscode.commands.executeCommand('undo');
    await diagnostics(uri, 'the finding back after undo', (ds) => ds.length === 1);
    await closeEditorOf(uri);
    await diagnostics(uri, 'diagnostics cleared on close', (ds) => ds.length === 0);
  });

  it('multi-cursor edits and untitled documents go through the incremental path without a resync', async () => {
    const lastRun = () => vscode.commands.executeCommand<{ uri: string; version: number; resyncs: number }>('acklab.lint.lastRun');
    const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: fixture('worker.js') });
    const editor = await vscode.window.showTextDocument(doc);
    await diagnostics(doc.uri, 'the finding in an untitled document', (ds) => ds.length === 1 && ds[0]!.range.start.line === 8);
    const before = (await lastRun())!.resyncs;
    // one change event with three changes (multi-cursor): above the consumer, inside the handler, at the end
    await editor.edit((b) => {
      b.insert(new vscode.Position(0, 0), '// a\n// b\n');
      b.insert(new vscode.Position(10, 0), '    // inside\n');
      b.insert(new vscode.Position(doc.lineCount - 1, 0), '// end\n');
    });
    await diagnostics(doc.uri, 'the finding moved by two lines', (ds) => ds.length === 1 && ds[0]!.range.start.line === 10);
    // replace + delete across lines in one event, then fix by typing the ack
    await editor.edit((b) => {
      b.delete(new vscode.Range(0, 0, 2, 0));
      b.replace(new vscode.Range(12, 4, 12, 13), 'ch.ack(msg);'); // the '// inside' comment
    });
    await diagnostics(doc.uri, 'the typed ack settles it', (ds) => ds.length === 0);
    const run = (await lastRun())!;
    assert.equal(run.uri, doc.uri.toString());
    assert.equal(run.version, doc.version);
    assert.equal(run.resyncs, before, 'no resync: the change events were applied incrementally and matched the buffer');
    assert.ok(doc.getText().startsWith('// RabbitMQ tutorial 2 worker'));
    assert.match(doc.getText(), /\(msg\) => \{\n.*\n {4}ch\.ack\(msg\);\n {4}console\.log/);
  });

  it('the suppression quick fix inserts a comment that silences the finding', async () => {
    const file = join(dir, 'suppress.js');
    const editor = await open(file);
    const uri = editor.document.uri;
    const [d] = await diagnostics(uri, 'the diagnostic', (ds) => ds.length === 1);
    const disable = (await actionsAt(uri, d!.range)).find((a) => a.title === 'Disable missing-ack for this line');
    assert.ok(disable?.edit);
    await vscode.workspace.applyEdit(disable.edit);
    assert.equal(editor.document.lineAt(8).text, '  // acklab-disable-next-line missing-ack');
    await diagnostics(uri, 'the finding silenced', (ds) => ds.length === 0);
  });

  it('Show in playground opens the forgotten-ack scenario in the stepper', async () => {
    const file = join(dir, 'playground.js');
    const editor = await open(file);
    const [d] = await diagnostics(editor.document.uri, 'the diagnostic', (ds) => ds.length === 1);
    const show = (await actionsAt(editor.document.uri, d!.range)).find((a) => a.title.startsWith('Show in playground'));
    assert.ok(show?.command);
    assert.equal(show.command.command, 'acklab.lint.showInPlayground');
    assert.deepEqual(show.command.arguments, ['pitfall-forgotten-ack']);
    const run = () => vscode.commands.executeCommand(show.command!.command, ...show.command!.arguments!);
    // the real stepper: its webview panel opens
    assert.equal(await run(), true);
    await waitFor('the stepper panel', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('acklab.stepper')),
    );
  });

  it('acklab.lint.rules changes severity or turns a rule off; acklab.lint.enable=false clears everything', async () => {
    const file = join(dir, 'settings.js');
    const editor = await open(file);
    const uri = editor.document.uri;
    await diagnostics(uri, 'the error', (ds) => ds.length === 1 && ds[0]!.severity === vscode.DiagnosticSeverity.Error);
    await cfg().update('rules', { 'missing-ack': 'warning' }, G);
    await diagnostics(uri, 'a warning', (ds) => ds.length === 1 && ds[0]!.severity === vscode.DiagnosticSeverity.Warning);
    await cfg().update('rules', { 'missing-ack': 'off' }, G);
    await diagnostics(uri, 'the rule off', (ds) => ds.length === 0);
    await cfg().update('rules', undefined, G);
    await diagnostics(uri, 'the rule back', (ds) => ds.length === 1);
    await cfg().update('enable', false, G);
    await diagnostics(uri, 'linting off', (ds) => ds.length === 0);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '\n'));
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(ours(uri).length, 0, 'no lint while disabled, even after an edit');
    await cfg().update('enable', true, G);
    await diagnostics(uri, 'linting back on, on the edited text', (ds) => ds.length === 1 && ds[0]!.range.start.line === 9);
  });

  it('acklab.lint.rules takes [severity, options]: a wrapper named in ackFunctions settles; bad options are ignored', async () => {
    const editor = await open(join(dir, 'wrapped.js'));
    const uri = editor.document.uri;
    await diagnostics(uri, 'missing-ack on the wrapper', (ds) => ds.length === 1 && codeOf(ds[0]!).value === 'missing-ack');
    await cfg().update('rules', { 'missing-ack': ['warning', { ackFunctions: ['safeAck'] }] }, G);
    await diagnostics(uri, 'no finding with the option', (ds) => ds.length === 0);
    // A misspelt option: reported (naming the setting) and ignored, the severity kept.
    await cfg().update('rules', { 'missing-ack': ['warning', { ackFunction: ['safeAck'] }] }, G);
    await diagnostics(uri, 'the finding back, as a warning', (ds) => ds.length === 1 && ds[0]!.severity === vscode.DiagnosticSeverity.Warning);
  });

  it('hostile files (50,000 lines, 5,000 levels of nesting, a 10 MB line) are skipped with one diagnostic saying why; the lint stays responsive', async function () {
    this.timeout(120_000);
    const worker = fixture('worker.js');
    const hostile: Record<string, [string, RegExp]> = {
      'long.js': [worker + '// filler\n'.repeat(50_000), /^AckLab did not lint this file: file has 50,0\d\d lines, over the 20,000 limit\.$/],
      'deep.js': [
        worker + 'x = ' + '['.repeat(5_000) + ']'.repeat(5_000) + ';\n',
        /^AckLab did not lint this file: brackets nest 5,000 levels deep, over the 500 limit\.$/,
      ],
      'wide.js': [
        worker + 'x = "' + 'a'.repeat(10 * 1024 * 1024) + '";\n',
        /^AckLab did not lint this file: file is 10,48\d,\d{3} characters, over the 2,000,000 limit\.$/,
      ],
    };
    for (const [name, [text]] of Object.entries(hostile)) writeFileSync(join(dir, name), text);
    // VS Code for the web asks before opening a file over 10 MB (workbench.editorLargeFileConfirmation); a user
    // who says yes gets the document in the extension host, which is the case under test.
    const wb = vscode.workspace.getConfiguration('workbench');
    await wb.update('editorLargeFileConfirmation', 100, G);
    try {
      for (const [name, [, message]] of Object.entries(hostile)) {
        const editor = await open(join(dir, name));
        const [d] = await diagnostics(editor.document.uri, `the skipped-file diagnostic of ${name}`, (ds) => ds.length === 1, 30_000);
        assert.match(d!.message, message, name);
        assert.equal(d!.severity, vscode.DiagnosticSeverity.Information, `${name}: a hint, not a finding`);
        assert.equal(d!.code, 'skipped', `${name}: no rule code (nothing to configure or suppress)`);
        assert.equal(d!.range.start.line, 0);
        await closeAll();
      }
    } finally {
      await wb.update('editorLargeFileConfirmation', undefined, G);
    }
    // still responsive: a normal file right after is linted as usual
    const editor = await open(join(dir, 'worker.js'));
    const [d] = await diagnostics(editor.document.uri, 'the missing-ack diagnostic after the hostile files', (ds) => ds.length === 1);
    assert.equal(codeOf(d!).value, 'missing-ack');
    for (const name of Object.keys(hostile)) rmSync(join(dir, name), { force: true });
  });

  it('Lint Workspace lints closed files and skips files.exclude and acklab.lint.exclude', async () => {
    const ws = join(dir, 'ws');
    const files: Record<string, string> = {
      'src/a.js': fixture('worker.js'),
      'src/b.py': fixture('worker.py'),
      'src/clean.js': '// no consumers here\nmodule.exports = 1;\n',
      'node_modules/lib/c.js': fixture('worker.js'),
      'generated/d.js': fixture('worker.js'),
      'hidden/e.py': fixture('worker.py'),
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(ws, rel, '..'), { recursive: true });
      writeFileSync(join(ws, rel), text);
    }
    const filesCfg = vscode.workspace.getConfiguration('files');
    const before = filesCfg.inspect<Record<string, boolean>>('exclude')?.globalValue;
    const autoSave = filesCfg.inspect<string>('autoSave')?.globalValue;
    await filesCfg.update('exclude', { ...(before ?? {}), '**/hidden': true }, G);
    await filesCfg.update('autoSave', 'off', G); // VS Code for the web saves after a delay by default
    await cfg().update('exclude', ['**/node_modules/**', '**/generated/**'], G);
    try {
      const result = await vscode.commands.executeCommand<{ files: number; findings: number; filesWithFindings: number; cancelled: boolean }>(
        'acklab.lint.workspace',
      );
      assert.ok(result, 'the command returns its result');
      assert.equal(result.cancelled, false);
      const uri = (rel: string) => vscode.Uri.file(join(ws, rel));
      assert.equal(ours(uri('src/a.js')).length, 1, 'closed JS file linted');
      assert.equal(codeOf(ours(uri('src/b.py'))[0]!).value, 'missing-ack', 'closed Python file linted');
      assert.equal(ours(uri('src/clean.js')).length, 0);
      assert.equal(ours(uri('node_modules/lib/c.js')).length, 0, 'acklab.lint.exclude (node_modules)');
      assert.equal(ours(uri('generated/d.js')).length, 0, 'acklab.lint.exclude (generated)');
      assert.equal(ours(uri('hidden/e.py')).length, 0, 'files.exclude');
      assert.ok(result.findings >= 2 && result.filesWithFindings >= 2, JSON.stringify(result));

      // per-rule settings apply to closed files too
      await cfg().update('rules', { 'missing-ack': 'warning' }, G);
      await diagnostics(
        uri('src/b.py'),
        'the closed file re-linted as a warning',
        (ds) => ds.length === 1 && ds[0]!.severity === vscode.DiagnosticSeverity.Warning,
      );
      await cfg().update('rules', undefined, G);
      await diagnostics(uri('src/b.py'), 'back to an error', (ds) => ds.length === 1 && ds[0]!.severity === vscode.DiagnosticSeverity.Error);

      // opening a workspace-linted file hands it to the live linter; closing it without saving shows the on-disk result
      const editor = await open(join(ws, 'src/a.js'));
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '\n\n'));
      await diagnostics(editor.document.uri, 'the live result (shifted by the edit)', (ds) => ds.length === 1 && ds[0]!.range.start.line === 10);
      await closeEditorOf(editor.document.uri);
      assert.equal(readFileSync(join(ws, 'src/a.js'), 'utf8'), files['src/a.js'], 'the edit was reverted, not saved');
      await diagnostics(editor.document.uri, 'the on-disk result again', (ds) => ds.length === 1 && ds[0]!.range.start.line === 8);
    } finally {
      await filesCfg.update('exclude', before, G);
      await filesCfg.update('autoSave', autoSave, G);
    }
  });

  // One missing-ack file per language, read from the labelled corpus (its labels.json gives the line), plus one
  // TypeScript fixture of our own (kept as .ts.txt so the project's tsc does not check it).
  const CORPUS_FILES = [
    'python/aio-pika/ack_only_in_try.py',
    'go/amqp091-go/tutorial_worker_forgot_ack.go',
    'java/rabbitmq-java-client/DefaultAckModeNoAck.java',
    'csharp/rabbitmq-client-v6/InvoiceConsumerCatchLogs.cs',
    'ruby/bunny/invoice_consumer_rescue_logs.rb',
    'php/php-amqplib/MailConsumerCatchLogs.php',
    'elixir/amqp/worker_forgot_ack.exs',
    'erlang/amqp_client/invoice_consumer_error_no_ack.erl', // no Erlang extension installed: a plaintext document, found by its name
    'lfe/kanin/invoice-consumer-if-branch.lfe',
  ];
  /** [file name, its text, the labelled line (1-based)] */
  const languageFiles = (): [string, string, number][] => {
    const corpus = join(repo(), 'test', 'lint-corpus');
    const labels = JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8')) as { files: Record<string, { rule: string; line: number }[]> };
    const fromCorpus = CORPUS_FILES.map((rel): [string, string, number] => {
      const found = labels.files[rel] ?? [];
      assert.equal(found.length, 1, `${rel}: one labelled finding`);
      assert.equal(found[0]!.rule, 'missing-ack', rel);
      return [rel.slice(rel.lastIndexOf('/') + 1), readFileSync(join(corpus, rel), 'utf8'), found[0]!.line];
    });
    const ts = readFileSync(join(repo(), 'test', 'fixtures', 'lint-vscode', 'batch-import-return-in-loop.ts.txt'), 'utf8');
    return [['batch-import-return-in-loop.ts', ts, 16], ...fromCorpus];
  };
  it('every language the analyser reads gets its diagnostic in the editor (TS, Python, Go, Java, C#, Ruby, PHP, Elixir, Erlang, LFE)', async function () {
    this.timeout(180_000);
    const langDir = join(dir, 'languages');
    mkdirSync(langDir, { recursive: true });
    const seen: string[] = [];
    const files = languageFiles();
    for (const [name, text, line] of files) {
      writeFileSync(join(langDir, name), text);
      const editor = await open(join(langDir, name));
      const ds = await diagnostics(editor.document.uri, `the missing-ack finding in ${name} (${editor.document.languageId})`, (x) => x.length === 1, 30_000);
      assert.equal(codeOf(ds[0]!).value, 'missing-ack', name);
      assert.equal(ds[0]!.range.start.line, line - 1, `${name}: line`);
      seen.push(`${name}:${editor.document.languageId}`);
      await closeEditorOf(editor.document.uri);
    }
    assert.equal(seen.length, files.length, seen.join(' '));
  });

  it('edit → updated diagnostics on a 2,000-line file (measured, written to test-results/lint-vscode/host-timing.json)', async () => {
    const body: string[] = ["const amqp = require('amqplib');", ''];
    for (let i = 0; body.length < 1980; i++) {
      body.push(
        `function step${i}(input, options = {}) {`,
        `  const out = [];`,
        `  for (const item of input) {`,
        `    if (item.kind === 'k${i}' && options.strict) out.push({ ...item, seen: ${i} });`,
        `    else if (item.value > ${i}) out.push(item.value * 2);`,
        `  }`,
        `  return out.length ? out : null;`,
        `}`,
        '',
      );
    }
    body.push(
      'async function main() {',
      "  const ch = await (await amqp.connect('amqp://localhost')).createChannel();",
      "  await ch.consume('task_queue', (msg) => {",
      '    step0([JSON.parse(msg.content.toString())]);',
      '  }, { noAck: false });',
      '}',
      'main();',
    );
    while (body.length < 2000) body.push('// end');
    const text = body.join('\n') + '\n';
    const consumeLine = body.findIndex((l) => l.includes('ch.consume('));
    const file = join(dir, 'big.js');
    writeFileSync(file, text);

    const t0 = performance.now();
    const editor = await open(file);
    await diagnostics(editor.document.uri, 'the finding in the big file', (ds) => ds.length === 1 && ds[0]!.range.start.line === consumeLine);
    const openMs = performance.now() - t0;
    assert.equal(editor.document.lineCount, 2001);

    const measure = async (n: number) => {
      const total: number[] = [];
      const engine: number[] = [];
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        await editor.edit((b) => b.insert(new vscode.Position(1, 0), '\n')); // one character, above the consumer
        const want = consumeLine + (editor.document.lineCount - 2001);
        await diagnostics(editor.document.uri, `the finding on line ${want}`, (ds) => ds.length === 1 && ds[0]!.range.start.line === want);
        total.push(performance.now() - start);
        const last = await vscode.commands.executeCommand<{ uri: string; version: number; ms: number }>('acklab.lint.lastRun');
        assert.equal(last?.uri, editor.document.uri.toString());
        assert.equal(last?.version, editor.document.version);
        engine.push(last!.ms);
      }
      return { total, engine };
    };
    await cfg().update('delay', 0, G);
    const immediate = await measure(30);
    await cfg().update('delay', undefined, G);
    const debounced = await measure(5);
    const round = (x: number) => Math.round(x * 10) / 10;
    const stats = (xs: number[]) => ({ n: xs.length, median: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), max: round(Math.max(...xs)) });
    const report = {
      date: new Date().toISOString(),
      vscode: vscode.version,
      lines: 2000,
      chars: text.length,
      openToDiagnosticsMs: round(openMs),
      delay0: { editToDiagnosticsMs: stats(immediate.total), engineMs: stats(immediate.engine) },
      delay200: { editToDiagnosticsMs: stats(debounced.total), engineMs: stats(debounced.engine) },
      note: 'edit = one newline inserted through TextEditor.edit; measured in the extension host until languages.getDiagnostics shows the moved finding; engine = incremental parse + analysis inside the linter',
    };
    const out = join(repo(), 'test-results', 'lint-vscode');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'host-timing.json'), JSON.stringify(report, null, 2) + '\n');
    // every edit must have gone through the incremental document, each one linted at its own version (asserted above)
    assert.equal(immediate.total.length, 30);
  });
});
