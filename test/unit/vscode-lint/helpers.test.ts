import { strict as assert } from 'node:assert';
import { createLinter, LANGUAGE_IDS, LINTABLE_EXTENSIONS, RULE_IDS, type Linter } from '../../../src/lint';
import { findScenario } from '../../../src/scenarios/catalog';
import {
  combinedExclude,
  enabledExcludes,
  findingKey,
  globMatcher,
  globToRegExp,
  indentOf,
  lintableGlob,
  SCENARIO_FOR_RULE,
  suppressionLine,
} from '../../../src/vscode/lint/helpers';

const JS = `const amqp = require('amqplib');
async function main() {
  const ch = await (await amqp.connect('amqp://localhost')).createChannel();
  await ch.consume('task_queue', (msg) => {
    console.log(msg.content.toString());
  }, { noAck: false });
}
`;
const PY = `import pika
channel = pika.BlockingConnection(pika.ConnectionParameters('localhost')).channel()
def callback(ch, method, properties, body):
    print(body)
channel.basic_consume(queue='task_queue', on_message_callback=callback)
`;

describe('vscode-lint/helpers', () => {
  it('finding keys are stable for the same range, rule and message, and differ otherwise', () => {
    const r = { start: { line: 3, column: 11 }, end: { line: 3, column: 18 } };
    const k = findingKey(r, 'missing-ack', 'm');
    assert.equal(findingKey({ start: { ...r.start }, end: { ...r.end } }, 'missing-ack', 'm'), k);
    assert.notEqual(findingKey(r, 'double-ack', 'm'), k);
    assert.notEqual(findingKey(r, 'missing-ack', 'n'), k);
    assert.notEqual(findingKey({ ...r, end: { line: 3, column: 19 } }, 'missing-ack', 'm'), k);
  });

  it('every rule opens a scenario that exists in the catalog', () => {
    for (const id of RULE_IDS) {
      const s = SCENARIO_FOR_RULE[id];
      assert.ok(s, `no scenario for ${id}`);
      assert.ok(findScenario(s.scenario), `scenario ${s.scenario} (for ${id}) is not in src/scenarios/catalog.ts`);
    }
    assert.equal(SCENARIO_FOR_RULE['missing-ack'].scenario, 'pitfall-forgotten-ack');
  });

  describe('globs', () => {
    const cases: [string, string, boolean][] = [
      ['**/node_modules/**', 'node_modules/amqplib/lib/channel.js', true],
      ['**/node_modules/**', 'packages/a/node_modules/x/index.js', true],
      ['**/node_modules/**', 'src/node_modules_helper.js', false],
      ['**/*.min.js', 'public/app.min.js', true],
      ['**/*.min.js', 'public/app.js', false],
      ['*.min.js', 'deep/dir/app.min.js', true], // no slash: base name at any depth
      ['**/.git', '.git/hooks/pre-commit.py', true], // a folder excludes what is inside it
      ['gen/**', 'gen/a/b.go', true],
      ['gen/**', 'src/gen/b.go', false],
      ['src/*.ts', 'src/a.ts', true],
      ['src/*.ts', 'src/x/a.ts', false],
      ['**/{dist,out}/**', 'web/out/main.js', true],
      ['**/{dist,out}/**', 'web/outside/main.js', false],
      ['**/*.{pb.go,gen.{ts,js}}', 'api/x.gen.js', true], // nested braces
      ['**/test_?.py', 'tests/test_a.py', true],
      ['**/test_?.py', 'tests/test_ab.py', false],
      ['**/[!a]*.rb', 'lib/b.rb', true],
      ['**/[!a]*.rb', 'lib/a.rb', false],
      ['worker(1).js', 'worker(1).js', true], // regex characters are literal
      ['worker(1).js', 'worker1.js', false],
    ];
    for (const [glob, path, want] of cases) {
      it(`${glob} ${want ? 'matches' : 'does not match'} ${path}`, () => assert.equal(globToRegExp(glob).test(path), want));
    }

    it('files.exclude values: only `true` entries count; combinedExclude leaves brace patterns to the matcher', () => {
      assert.deepEqual(enabledExcludes({ '**/.git': true, '**/.DS_Store': true, '**/*.js': { when: '$(basename).ts' }, out: false }), [
        '**/.git',
        '**/.DS_Store',
      ]);
      assert.deepEqual(enabledExcludes(undefined), []);
      assert.equal(combinedExclude([]), undefined);
      assert.equal(combinedExclude(['**/a/**']), '**/a/**');
      assert.equal(combinedExclude(['**/a/**', '**/{b,c}/**', '**/a/**', '**/d']), '{**/a/**,**/d}');
      const m = globMatcher(['**/a/**', '**/{b,c}/**']);
      assert.equal(m('x/c/y.py'), true);
      assert.equal(m('x\\b\\y.py'), true);
      assert.equal(m('x/d/y.py'), false);
    });

    it('the include glob covers every lintable extension', () => {
      const g = globToRegExp(lintableGlob(LINTABLE_EXTENSIONS));
      for (const ext of LINTABLE_EXTENSIONS) assert.ok(g.test(`src/worker${ext}`), ext);
      assert.equal(g.test('README.md'), false);
    });
  });

  describe('suppression comments (with the real analyser)', () => {
    let linter: Linter;
    before(async function () {
      this.timeout(30_000);
      linter = await createLinter({ languages: ['javascript', 'python'] });
    });
    after(() => linter?.dispose());

    for (const [language, text] of [
      ['javascript', JS],
      ['python', PY],
    ] as const) {
      it(`${language}: the inserted line silences exactly that rule`, () => {
        const [f] = linter.lint(text, language);
        assert.ok(f, 'the fixture has a finding');
        const lines = text.split('\n');
        const line = lines[f.range.start.line]!;
        lines.splice(f.range.start.line, 0, suppressionLine(language, indentOf(line), f.rule));
        assert.deepEqual(linter.lint(lines.join('\n'), language), []);
        const other = RULE_IDS.find((r) => r !== f.rule)!;
        lines[f.range.start.line] = suppressionLine(language, indentOf(line), other);
        assert.equal(linter.lint(lines.join('\n'), language).length, 1, 'another rule name does not silence it');
      });
    }

    it('has a comment syntax for every language', () => {
      for (const l of LANGUAGE_IDS) assert.match(suppressionLine(l, '  ', 'missing-ack'), /^ {2}(\/\/|#|%|;) acklab-disable-next-line missing-ack$/);
    });
  });
});
