// The linter API used by the VS Code layer: options, suppression, languages, incremental documents, bad input.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter, type Linter } from '../../../src/lint/index';

const NEVER = `const amqp = require('amqplib');
ch.consume('q', (msg) => {
  console.log(msg);
});
ch.consume('q2', (msg) => { ch.ack(msg); ch.ack(msg); });
`;

describe('lint API', function () {
  this.timeout(30_000);
  let linter: Linter;
  before(async () => {
    linter = await createLinter();
  });
  after(() => linter.dispose());

  it('accepts VS Code language ids and file names, and ignores unsupported languages', () => {
    assert.equal(linter.lint(NEVER, 'javascript').length, 2);
    assert.equal(linter.lint(NEVER, 'javascriptreact').length, 2);
    assert.equal(linter.lint(NEVER, 'src/worker.mjs').length, 2);
    assert.deepEqual(linter.lint(NEVER, 'markdown'), []);
    assert.deepEqual(linter.lint(NEVER, 'notes.txt'), []);
  });

  it('per-rule settings: off, severity override, only', () => {
    assert.deepEqual(
      linter.lint(NEVER, 'a.js', { rules: { 'double-ack': 'off' } }).map((f) => f.rule),
      ['missing-ack'],
    );
    assert.equal(linter.lint(NEVER, 'a.js', { rules: { 'missing-ack': 'warning' } })[0].severity, 'warning');
    assert.deepEqual(
      linter.lint(NEVER, 'a.js', { only: ['double-ack'] }).map((f) => f.rule),
      ['double-ack'],
    );
  });

  it('acklab-disable-next-line silences only the named rule on the next line', () => {
    const named = NEVER.replace("ch.consume('q2'", "// acklab-disable-next-line double-ack\nch.consume('q2'");
    assert.deepEqual(
      linter.lint(named, 'a.js').map((f) => f.rule),
      ['missing-ack'],
    );
    const other = NEVER.replace("ch.consume('q2'", "// acklab-disable-next-line missing-ack\nch.consume('q2'");
    assert.deepEqual(
      linter.lint(other, 'a.js').map((f) => f.rule),
      ['missing-ack', 'double-ack'],
    );
    const py = `import pika\ndef cb(ch, method, props, body):\n    pass\n# acklab-disable-next-line missing-ack\nchannel.basic_consume(queue='q', on_message_callback=cb)\n`;
    assert.deepEqual(linter.lint(py, 'w.py'), []);
  });

  it('findings carry library, language, handler range and docs link', () => {
    const [f] = linter.lint(NEVER, 'a.js');
    assert.equal(f.library, 'amqplib');
    assert.equal(f.language, 'javascript');
    assert.deepEqual(f.handlerRange, { start: { line: 1, column: 16 }, end: { line: 3, column: 1 } });
    assert.match(f.docs, /docs\/rules\/missing-ack\.md$/);
  });

  it('incremental document: edits give the same findings as a fresh parse', () => {
    const doc = linter.openDocument(NEVER, 'a.js');
    assert.equal(doc.lint().length, 2);
    // Insert the missing ack: the missing-ack finding disappears.
    const at = NEVER.indexOf('  console.log(msg);\n') + '  console.log(msg);\n'.length;
    doc.applyEdit(at, at, '  ch.ack(msg);\n');
    assert.deepEqual(
      doc.lint().map((f) => f.rule),
      ['double-ack'],
    );
    assert.deepEqual(doc.lint(), linter.lint(doc.text, 'a.js'));
    // Whole-text update (diffed): remove the second ack on the last consume.
    doc.update(doc.text.replace('ch.ack(msg); ch.ack(msg);', 'ch.ack(msg);'));
    assert.deepEqual(doc.lint(), []);
    // One-character edits anywhere keep matching a fresh parse.
    for (let i = 0; i < 20; i++) {
      const pos = (i * 37) % doc.text.length;
      doc.applyEdit(pos, pos, i % 2 ? ' ' : '\n');
      assert.deepEqual(doc.lint(), linter.lint(doc.text, 'a.js'));
    }
    doc.dispose();
  });

  it('rejects an edit outside the text', () => {
    const doc = linter.openDocument('x', 'a.js');
    assert.throws(() => doc.applyEdit(5, 6, 'y'), RangeError);
    doc.dispose();
  });

  it('loads the wasm files from one flat directory (the VSIX layout) without node_modules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acklab-wasm-'));
    try {
      copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(dir, 'web-tree-sitter.wasm'));
      copyFileSync(join(__dirname, '../../../node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm'), join(dir, 'tree-sitter-python.wasm'));
      const l = await createLinter({ wasmDir: dir, searchDefaults: false, languages: ['python'] });
      assert.deepEqual(l.languages, ['python']);
      assert.equal(l.lint('import pika\ndef cb(ch, m, p, b):\n    pass\nch.basic_consume(queue="q", on_message_callback=cb)\n', 'w.py')[0].rule, 'missing-ack');
      assert.throws(() => l.lint('x', 'a.go'), /go grammar is not loaded/);
      l.dispose();
      await assert.rejects(createLinter({ wasmDir: dir, searchDefaults: false, languages: ['go'] }), /grammar tree-sitter-go\.wasm for go not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails clearly when the runtime wasm is missing', async () => {
    await assert.rejects(createLinter({ wasmDir: tmpdir(), searchDefaults: false }), /web-tree-sitter\.wasm not found.*pass wasmDir/);
  });
});
