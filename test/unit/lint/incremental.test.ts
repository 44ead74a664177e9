// Editor re-lint (LintDocument.applyEdit + lint) must report exactly what a from-scratch lint of the same text
// reports, after every edit: random edits (fast-check) on labelled corpus files in several languages.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { channelVariables } from '../../../src/lint/analyze';
import { createLinter, type Linter } from '../../../src/lint/index';

const CORPUS = join(__dirname, '..', '..', 'lint-corpus');

function filesOf(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const p = join(dir, e);
      return statSync(p).isDirectory() ? filesOf(p) : [p];
    });
}

/** Pieces typed or pasted: single characters that break indentation, brackets and strings, whole lines, settles. */
const PIECES = [
  '',
  'x',
  ' ',
  '    ',
  '\t',
  '\n',
  '\n    ',
  ':',
  '(',
  ')',
  '{',
  '}',
  '"',
  "'",
  '"""',
  '#',
  '//',
  ';',
  ',',
  'else:',
  'return',
  'ack',
  'basic_ack',
  '.ack(msg)',
  '\n\ndef f(ch, method, props, body):\n    pass\n',
  'await ',
  '}\n',
  'func',
  '@',
];

/** Whole statements inserted as a line, indented like the line they go before: settles, early exits, loops. */
const STATEMENTS = [
  'ch.basic_ack(delivery_tag=method.delivery_tag)',
  'channel.basic_nack(delivery_tag=method.delivery_tag, requeue=True)',
  'await message.ack()',
  'message.ack()',
  'message.reject(requeue=True)',
  'return',
  'raise ValueError("bad")',
  'if body:',
  'channel.ack(msg);',
  'ch.nack(msg, false, true);',
  'return;',
  'throw new Error("bad");',
  'if (!msg) return;',
  'await ch.ack(msg);',
  'd.Ack(false)',
  'd.Nack(false, true)',
  'if err != nil {',
  '}',
  'channel.basicAck(tag, false);',
  'delivery_info.ack',
  'ch.ack(delivery_info.delivery_tag)',
  '$msg->ack();',
  'AMQP.Basic.ack(chan, tag)',
  'await channel.BasicAckAsync(ea.DeliveryTag, false);',
];

interface Step {
  at: number;
  del: number;
  text: string;
  line: boolean;
}
const step = fc.oneof(
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat({ max: 4 }), text: fc.constantFrom(...PIECES), line: fc.constant(false) }),
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.constant(0), text: fc.constantFrom(...STATEMENTS), line: fc.constant(true) }),
);

/** The edit a step makes on `text`: [start, end) replaced by the returned text. */
function editOf(text: string, s: Step): [number, number, string] {
  const at = Math.floor(s.at * text.length);
  if (!s.line) return [at, Math.min(text.length, at + s.del), s.text];
  const ls = text.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(ls))![0];
  return [ls, ls, `${indent}${s.text}\n`];
}

describe('lint: incremental re-lint equals a fresh lint after every edit (fast-check)', function () {
  this.timeout(120_000);
  let linter: Linter;
  before(async () => {
    linter = await createLinter();
  });
  after(() => linter.dispose());

  const groups: [string, number][] = [
    ['python/pika', 60],
    ['python/aio-pika', 40],
    ['python/kombu', 40],
    ['javascript/amqplib', 25],
    ['typescript', 25],
    ['go', 25],
    ['java', 15],
    ['ruby', 15],
    ['php', 15],
    ['csharp', 15],
    ['elixir', 15],
  ];
  for (const [group, runs] of groups) {
    it(`${group}: ${runs} random edit sequences`, () => {
      const files = filesOf(join(CORPUS, group));
      assert.ok(files.length > 0, `no corpus files in ${group}`);
      fc.assert(
        fc.property(fc.nat({ max: files.length - 1 }), fc.array(step, { minLength: 1, maxLength: 12 }), (fi, steps: Step[]) => {
          const file = files[fi];
          const doc = linter.openDocument(readFileSync(file, 'utf8'), file);
          try {
            assert.deepEqual(doc.lint(), linter.lint(doc.text, file));
            for (const s of steps) {
              const [start, end, text] = editOf(doc.text, s);
              doc.applyEdit(start, end, text);
              // Lint after most edits, but also let several edits pile up between lints sometimes (fast typing).
              if (s.del !== 4)
                assert.deepEqual(doc.lint(), linter.lint(doc.text, file), `after replacing [${start}, ${end}) by ${JSON.stringify(text)} in ${file}`);
            }
            assert.deepEqual(doc.lint(), linter.lint(doc.text, file));
          } finally {
            doc.dispose();
          }
        }),
        { numRuns: runs, seed: Number(process.env.ACKLAB_FC_SEED ?? 20261122) },
      );
    });
  }

  // Keystrokes aimed at a class: into the indentation of a random line (breaking or fixing it: `x` at column 1,
  // a space, a tab, a deleted indentation character), and into the class header line.
  type ClassStep = Step | { kind: 'indent'; at: number; col: number; del: number; text: string } | { kind: 'head'; col: number; del: number; text: string };
  const classStep: fc.Arbitrary<ClassStep> = fc.oneof(
    step,
    fc.record({
      kind: fc.constant('indent' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      col: fc.nat({ max: 12 }),
      del: fc.nat({ max: 1 }),
      text: fc.constantFrom('x', ' ', '', '\t', 'x:', '    ', 'def g():'),
    }),
    fc.record({
      kind: fc.constant('head' as const),
      col: fc.nat({ max: 20 }),
      del: fc.nat({ max: 1 }),
      text: fc.constantFrom('x', ' ', '', ':', '(Base)', '\n'),
    }),
  );
  function classEditOf(text: string, s: ClassStep): [number, number, string] {
    if (!('kind' in s)) return editOf(text, s);
    const ls = s.kind === 'head' ? Math.max(0, text.search(/^class\b/m)) : text.lastIndexOf('\n', Math.floor(s.at * text.length) - 1) + 1;
    const line = text.slice(ls, (text.indexOf('\n', ls) + 1 || text.length + 1) - 1);
    const room = s.kind === 'head' ? line.length : /^[ \t]*/.exec(line)![0].length;
    const at = ls + Math.min(s.col, room);
    return [at, Math.min(at + s.del, ls + room), s.text];
  }

  it('python: a file that is mostly one big class (cut at its methods), with keystrokes into indentation and the class header', () => {
    let big = readFileSync(filesOf(join(CORPUS, 'python', 'pika'))[0], 'utf8');
    // The handler is not the class's first statement, so it is parsed with the class header in front.
    big +=
      '\n\nclass Worker:\n    """A class-based consumer."""\n\n    prefetch = 10\n\n    def on_message(self, ch, method, props, body):\n        if not body:\n            return\n        ch.basic_ack(delivery_tag=method.delivery_tag)\n';
    for (let i = 0; big.length < 12_000; i++)
      big += `\n    ${i % 5 ? '' : '@staticmethod\n    '}def helper_${i}(self, items, limit):\n        out = []\n        for item in items:\n            if item > limit:\n                out.append(item)\n        return out\n`;
    big += '\nchannel.basic_consume(queue="q", on_message_callback=Worker().on_message)\n';
    fc.assert(
      fc.property(fc.array(classStep, { minLength: 1, maxLength: 12 }), (steps: ClassStep[]) => {
        const doc = linter.openDocument(big, 'big.py');
        try {
          doc.lint();
          for (const s of steps) {
            const [start, end, text] = classEditOf(doc.text, s);
            doc.applyEdit(start, end, text);
            assert.deepEqual(doc.lint(), linter.lint(doc.text, 'big.py'), `after replacing [${start}, ${end}) by ${JSON.stringify(text)}`);
          }
        } finally {
          doc.dispose();
        }
      }),
      { numRuns: 60, seed: Number(process.env.ACKLAB_FC_SEED ?? 20261122) },
    );
  });

  it("a keystroke that breaks one method's indentation in a big class keeps the findings of the methods below it", () => {
    let text = 'import pika\n\n\nclass Worker:\n    """A class-based consumer."""\n\n    prefetch = 10\n';
    for (let i = 0; i < 40; i++)
      text += `\n    def helper_${i}(self, items, limit):\n        out = []\n        for item in items:\n            if item > limit:\n                out.append(item)\n        return out\n`;
    text +=
      '\n    def on_message(self, ch, method, props, body):\n        if not body:\n            return\n        ch.basic_ack(delivery_tag=method.delivery_tag)\n';
    text += '\n    def start(self, channel):\n        channel.basic_consume(queue="q", on_message_callback=self.on_message)\n';
    const consumeLine = text.split('\n').findIndex((l) => l.includes('channel.basic_consume'));
    const doc = linter.openDocument(text, 'worker.py');
    try {
      const before = doc.lint();
      assert.deepEqual(
        before.map((f) => [f.rule, f.range.start.line]),
        [['missing-ack', consumeLine]],
      );
      // Type `x` at column 1 inside the loop of the first method (a dedent to no known level), 250 lines above.
      const at = text.indexOf('            if item > limit:') + 1;
      doc.applyEdit(at, at, 'x');
      assert.deepEqual(
        doc.lint().map((f) => [f.rule, f.range.start.line]),
        [['missing-ack', consumeLine]],
      );
      assert.deepEqual(doc.lint(), linter.lint(doc.text, 'worker.py'));
      // `x` at column 0 of the next method's `def` line: still one class, still the same finding.
      const def = doc.text.indexOf('    def helper_1(');
      doc.applyEdit(def, def, 'x');
      assert.deepEqual(
        doc.lint().map((f) => [f.rule, f.range.start.line]),
        [['missing-ack', consumeLine]],
      );
      assert.deepEqual(doc.lint(), linter.lint(doc.text, 'worker.py'));
      doc.applyEdit(def, def + 1, '');
      doc.applyEdit(at, at + 1, '');
      assert.deepEqual(doc.lint(), before);
    } finally {
      doc.dispose();
    }
  });

  it("a keystroke that breaks one Python function's indentation keeps the findings of the functions below it", () => {
    const worker = (i: number) =>
      `\n\ndef on_message_${i}(ch, method, props, body):\n    for part in body.split(b","):\n        if part:\n            handle(part)\n        else:\n            continue\n    print("done")\n`;
    let text = 'import pika\n';
    for (let i = 0; i < 6; i++) text += worker(i);
    text += `\n\nchannel.basic_consume(queue="q", on_message_callback=on_message_5)\n`;
    const consumeLine = text.split('\n').findIndex((l) => l.startsWith('channel.basic_consume'));
    const doc = linter.openDocument(text, 'worker.py');
    try {
      const before = doc.lint();
      assert.deepEqual(
        before.map((f) => [f.rule, f.range.start.line]),
        [['missing-ack', consumeLine]],
      );
      // Type `x` at column 1 inside the loop of the first function (a dedent to no known level).
      const at = text.indexOf('        if part:') + 1;
      doc.applyEdit(at, at, 'x');
      assert.deepEqual(
        doc.lint().map((f) => [f.rule, f.range.start.line]),
        [['missing-ack', consumeLine]],
      );
      assert.deepEqual(doc.lint(), linter.lint(doc.text, 'worker.py'));
      doc.applyEdit(at, at + 1, '');
      assert.deepEqual(doc.lint(), before);
    } finally {
      doc.dispose();
    }
  });
});

describe('lint: the channel-variable scan equals the whole-text regex (fast-check)', () => {
  // The regex the analyser ran over the whole text before it learnt to match only the stretches that can hold a match.
  const WHOLE =
    /([\w$@.>-]+)\s*(?::\s*[\w.<>]+\s*)?(?:,\s*\w+\s*)?:?=\s*(?:await\s+)?[\w$@.()>-]*?(?:\.|->|::)(?:createChannel|createConfirmChannel|channel|create_channel|Channel|CreateModel|CreateChannelAsync|CreateChannel|openChannel|create_channel|createChannelAsync)(?:\s*\(|[ \t]*$)/gm;
  const files = filesOf(CORPUS).filter((f) => !f.endsWith('.json') && !f.endsWith('.md'));
  const bits = fc.constantFrom(
    '',
    ' ',
    '\n',
    '\r\n',
    '\t',
    ';',
    '{',
    '"',
    '=',
    ' = ',
    ':=',
    ', err',
    ':',
    '(',
    ')',
    'ch',
    'await ',
    '.channel()',
    '.Channel',
    '->channel()',
    'CreateModel()',
    '\u00a0',
    'é',
    'ch = conn.channel;',
    'm = c.CreateModel"',
    'x := y.Channel\n',
  );
  it('on corpus files with random insertions and deletions', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: files.length - 1 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 3 }), bits), { maxLength: 20 }),
        (fi, edits) => {
          let text = readFileSync(files[fi], 'utf8');
          for (const [at, del, ins] of edits) {
            const i = Math.floor(at * text.length);
            text = text.slice(0, i) + ins + text.slice(i + del);
          }
          assert.deepEqual(
            channelVariables(text),
            [...text.matchAll(WHOLE)].map((m) => m[1]),
          );
        },
      ),
      { numRuns: 300, seed: Number(process.env.ACKLAB_FC_SEED ?? 20261122) },
    );
  });
});
