// Files from an untrusted workspace: a file too big or too deep to lint safely is skipped with a clear reason
// (API and CLI), the other files are still linted, and nothing throws or runs away with time or memory.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter, type Linter } from '../../../src/lint/index';

const ROOT = join(__dirname, '..', '..', '..');
const NEVER_JS = `const amqp = require('amqplib');\nch.consume('q', (msg) => {\n  console.log(msg);\n});\n`;

/** 5,000 levels of nesting, written the way each language nests (Python: 1,000, as 5,000 indentation levels are
 *  12 MB of spaces, which the size limit already stops). */
const DEEP: Record<string, string> = {
  'deep.js': `const amqp = require('amqplib');\nch.consume('q', (m) => {${'{'.repeat(5000)} ch.ack(m); ${'}'.repeat(5000)}});\n`,
  'deep.py': `import pika\ndef cb(ch, method, props, body):\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}if x:\n`).join('')}${' '.repeat(1001)}pass\nch.basic_consume(queue='q', on_message_callback=cb)\n`,
  'deep.rb': `require 'bunny'\nq.subscribe(manual_ack: true) do |d, p, b|\n${'if x\n'.repeat(5000)}ch.ack(d.delivery_tag)\n${'end\n'.repeat(5000)}end\n`,
  'deep.erl': `-module(a).\nf(C) -> amqp_channel:call(C, #'basic.consume'{queue = <<"q">>}), ${'('.repeat(5000)}x${')'.repeat(5000)}.\n`,
  'deep.lfe': `(defun f (c) (kanin-chan:call c (make-basic.consume queue #"q") ${'('.repeat(5000)}x${')'.repeat(5000)}))\n`,
  'deep.ex': `defmodule W do\n  use AMQP\n  def handle_info({:basic_deliver, p, m}, s) do\n${'    if x do\n'.repeat(5000)}    Basic.ack(s, m.delivery_tag)\n${'    end\n'.repeat(5000)}  end\nend\n`,
};

describe('lint limits: hostile input is skipped with a reason, never crashes', function () {
  this.timeout(120_000);
  let linter: Linter;
  before(async () => {
    linter = await createLinter();
  });
  after(() => linter.dispose());

  it('skips a 50,000-line file, saying how many lines it has', () => {
    const text = `const amqp = require('amqplib');\n${"ch.consume('q', (m) => { work(m); });\n".repeat(50_000)}`;
    const r = linter.lintFile(text, 'big.js');
    assert.deepEqual(r.findings, []);
    assert.match(r.skipped ?? '', /^file has 50,002 lines, over the 20,000 limit$/);
  });

  it('skips a 10 MB single line (minified or generated code)', () => {
    const text = `const amqp = require('amqplib');ch.consume('q', (m) => { work(m); });var x = ${'1+'.repeat(5 * 1024 * 1024)}1;`;
    const r = linter.lintFile(text, 'min.js');
    assert.deepEqual(r.findings, []);
    assert.match(r.skipped ?? '', /^file is 10,485,8\d\d characters, over the 2,097,152 limit$/);
    // Under the size limit but on one line: the line length is the reason.
    const line = linter.lintFile(`const amqp = require('amqplib');ch.consume('q', (m) => {});${' x;'.repeat(100_000)}`, 'line.js');
    assert.match(line.skipped ?? '', /^line 1 is 300,\d{3} characters long, over the 20,000 limit \(minified or generated code\?\)$/);
  });

  for (const [file, text] of Object.entries(DEEP)) {
    it(`skips deep nesting in ${file} without throwing`, () => {
      const r = linter.lintFile(text, file);
      assert.deepEqual(r.findings, []);
      // tree-sitter-python gives up on 1,000 indentation levels itself (an error tree, no handler): nothing to skip.
      if (file !== 'deep.py') assert.match(r.skipped ?? '', /nest/, `skipped: ${r.skipped}`);
    });
  }

  it('lints ordinary files as before and reports no skip', () => {
    const r = linter.lintFile(NEVER_JS, 'never.js');
    assert.equal(r.skipped, undefined);
    assert.deepEqual(
      r.findings.map((f) => f.rule),
      ['missing-ack'],
    );
    // 300 levels of real nesting is within the bounds.
    const nested = `const amqp = require('amqplib');\nch.consume('q', (m) => {\n${'if (a) {\n'.repeat(150)}ch.ack(m);\n${'}\n'.repeat(150)}});\n`;
    const n = linter.lintFile(nested, 'nested.js');
    assert.equal(n.skipped, undefined);
    assert.deepEqual(
      n.findings.map((f) => f.rule),
      ['missing-ack'],
    );
  });

  it('the analysis deadline skips a file whose analysis runs too long', async () => {
    const strict = await createLinter({ languages: ['javascript'], limits: { maxMillis: 0 } });
    try {
      const text = `const amqp = require('amqplib');\n${"ch.consume('q', (m) => { work(m); ch.ack(m); });\n".repeat(2_000)}`;
      const r = strict.lintFile(text, 'many.js');
      assert.deepEqual(r.findings, []);
      assert.match(r.skipped ?? '', /^analysis took longer than 0 ms$/);
    } finally {
      strict.dispose();
    }
  });

  it('the CLI prints one skipped-file line per hostile file and still lints the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acklab-limits-'));
    try {
      writeFileSync(join(dir, 'never.js'), NEVER_JS);
      writeFileSync(join(dir, 'deep.rb'), DEEP['deep.rb']!);
      writeFileSync(join(dir, 'min.js'), `const amqp = require('amqplib');ch.consume('q', (m) => {});${' x;'.repeat(100_000)}`);
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/main.ts'), 'lint', '.'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /^never\.js:2:1 {2}error {4}missing-ack/m);
      assert.match(r.stderr, /^acklab lint: skipped deep\.rb: code nests more than 500 levels deep$/m);
      assert.match(r.stderr, /^acklab lint: skipped min\.js: line 1 is 300,\d{3} characters long/m);
      assert.equal(r.stderr.trim().split('\n').length, 2, r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
