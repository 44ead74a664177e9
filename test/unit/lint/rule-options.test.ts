// Rule options (#16 item 5): `ackFunctions` and `channels` change what the analyser reports, in the engine, in a real
// ESLint run (`['warn', { ackFunctions: ['safeAck'] }]`) and through acklab.lint.rules; bad options are refused
// with a message naming the setting, by ESLint's schema and by readLintSettings.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { createLinter, RULE_IDS, RULE_OPTION_NAMES, type Linter } from '../../../src/lint';
import plugin from '../../../src/lint/eslint-plugin';
import { readLintSettings } from '../../../src/lint/settings';

const JS_WRAPPER = `const amqp = require('amqplib');
const { safeAck } = require('./acks');
ch.consume('jobs', async (msg) => {
  await work(msg);
  safeAck(msg);
});
`;
const JS_METHOD = `const amqp = require('amqplib');
ch.consume('jobs', (msg) => {
  work(msg);
  msg.done();
});
`;
const PY_WRAPPER = `import pika
from acks import safe_ack

def on_message(ch, method, properties, body):
    work(body)
    safe_ack(ch, method.delivery_tag)

channel.basic_consume(queue='jobs', on_message_callback=on_message)
`;
const JS_TWO_CHANNELS = `const amqp = require('amqplib');
function wire(consumeCh, publishCh) {
  consumeCh.consume('jobs', (msg) => {
    publishCh.ack(msg);
  });
}
`;

const rulesOf = (l: Linter, text: string, file: string, options?: Parameters<Linter['lint']>[2]) => l.lint(text, file, options).map((f) => f.rule);

describe('rule options', function () {
  this.timeout(60_000);
  let linter: Linter;
  before(async () => {
    linter = await createLinter({ languages: ['javascript', 'python'] });
    await plugin.ready;
  });
  after(() => linter.dispose());

  describe('in the analyser', () => {
    it('JavaScript: a wrapper named in ackFunctions settles the delivery (missing-ack goes away)', () => {
      assert.deepEqual(rulesOf(linter, JS_WRAPPER, 'w.js'), ['missing-ack']);
      assert.deepEqual(rulesOf(linter, JS_WRAPPER, 'w.js', { options: { 'missing-ack': { ackFunctions: ['safeAck'] } } }), []);
      // Another name does not count, and the option of another rule does not change missing-ack.
      assert.deepEqual(rulesOf(linter, JS_WRAPPER, 'w.js', { options: { 'missing-ack': { ackFunctions: ['safeNack'] } } }), ['missing-ack']);
      assert.deepEqual(rulesOf(linter, JS_WRAPPER, 'w.js', { options: { 'double-ack': { ackFunctions: ['safeAck'] } } }), ['missing-ack']);
    });

    it('JavaScript: a method called on the delivery (`msg.done()`) counts when named', () => {
      assert.deepEqual(rulesOf(linter, JS_METHOD, 'w.js'), ['missing-ack']);
      assert.deepEqual(rulesOf(linter, JS_METHOD, 'w.js', { options: { 'missing-ack': { ackFunctions: ['done'] } } }), []);
    });

    it('a wrapper that does not get the delivery does not count', () => {
      const text = JS_WRAPPER.replace('safeAck(msg)', 'safeAck(other)');
      assert.deepEqual(rulesOf(linter, text, 'w.js', { options: { 'missing-ack': { ackFunctions: ['safeAck'] } } }), ['missing-ack']);
    });

    it('double-ack with ackFunctions: the wrapper and a channel ack on one path are two settles', () => {
      const text = JS_WRAPPER.replace('safeAck(msg);', 'safeAck(msg);\n  ch.ack(msg);');
      assert.deepEqual(rulesOf(linter, text, 'w.js'), []);
      assert.deepEqual(rulesOf(linter, text, 'w.js', { options: { 'double-ack': { ackFunctions: ['safeAck'] } } }), ['double-ack']);
    });

    it('a same-file helper that calls the wrapper is followed', () => {
      const text = `const amqp = require('amqplib');\nfunction finish(m) {\n  metrics.inc();\n  safeAck(m);\n}\nch.consume('q', (msg) => {\n  finish(msg);\n});\n`;
      assert.deepEqual(rulesOf(linter, text, 'w.js'), ['missing-ack']);
      assert.deepEqual(rulesOf(linter, text, 'w.js', { options: { 'missing-ack': { ackFunctions: ['safeAck'] } } }), []);
    });

    it('ack-in-auto-ack with ackFunctions: the wrapper in an auto-ack handler is a second settle', () => {
      const text = `const amqp = require('amqplib');\nch.consume('q', (msg) => {\n  safeAck(msg);\n}, { noAck: true });\n`;
      assert.deepEqual(rulesOf(linter, text, 'w.js'), []);
      assert.deepEqual(rulesOf(linter, text, 'w.js', { options: { 'ack-in-auto-ack': { ackFunctions: ['safeAck'] } } }), ['ack-in-auto-ack']);
    });

    it('Python: safe_ack(ch, method.delivery_tag) counts when named', () => {
      assert.deepEqual(rulesOf(linter, PY_WRAPPER, 'w.py'), ['missing-ack']);
      assert.deepEqual(rulesOf(linter, PY_WRAPPER, 'w.py', { options: { 'missing-ack': { ackFunctions: ['safe_ack'] } } }), []);
    });

    it('wrong-channel: channels names variables the analyser cannot see created', () => {
      assert.deepEqual(rulesOf(linter, JS_TWO_CHANNELS, 'w.js'), []);
      const f = linter.lint(JS_TWO_CHANNELS, 'w.js', { options: { 'wrong-channel': { channels: ['consumeCh', 'publishCh'] } } });
      assert.deepEqual(
        f.map((x) => [x.rule, x.range.start.line + 1, x.fixes.map((fx) => fx.title)]),
        [['wrong-channel', 4, ['Settle on consumeCh']]],
      );
    });

    it('an option-set rule turned off or left out by `only` reports nothing', () => {
      const options = { 'missing-ack': { ackFunctions: ['other'] } };
      assert.deepEqual(rulesOf(linter, JS_WRAPPER, 'w.js', { options, rules: { 'missing-ack': 'off' } }), []);
      assert.deepEqual(rulesOf(linter, JS_WRAPPER, 'w.js', { options, only: ['double-ack'] }), []);
    });
  });

  describe('in a real ESLint run', () => {
    const eslint = (rules: Record<string, unknown>) =>
      new ESLint({ cwd: process.cwd(), overrideConfigFile: true, overrideConfig: [plugin.configs.recommended as any, { rules: rules as any }] });
    const lintJs = async (rules: Record<string, unknown>, text = JS_WRAPPER) => {
      const [r] = await eslint(rules).lintText(text, { filePath: 'worker.js' });
      return r!.messages.map((m) => [m.ruleId, m.line, m.severity]);
    };

    it("['warn', { ackFunctions: ['safeAck'] }] silences missing-ack; without it missing-ack reports", async () => {
      assert.deepEqual(await lintJs({}), [['acklab/missing-ack', 3, 2]]);
      assert.deepEqual(await lintJs({ 'acklab/missing-ack': ['warn'] }), [['acklab/missing-ack', 3, 1]]);
      assert.deepEqual(await lintJs({ 'acklab/missing-ack': ['warn', { ackFunctions: ['safeAck'] }] }), []);
    });

    it('each rule uses its own options (double-ack with ackFunctions, missing-ack without)', async () => {
      const text = JS_WRAPPER.replace('safeAck(msg);', 'safeAck(msg);\n  ch.ack(msg);');
      assert.deepEqual(await lintJs({ 'acklab/double-ack': ['error', { ackFunctions: ['safeAck'] }] }, text), [['acklab/double-ack', 6, 2]]);
      assert.deepEqual(await lintJs({ 'acklab/wrong-channel': ['error', { channels: ['consumeCh', 'publishCh'] }] }, JS_TWO_CHANNELS), [
        ['acklab/wrong-channel', 4, 2],
      ]);
    });

    it("bad options are refused by the rule's schema with ESLint's message", async () => {
      const refused = async (rules: Record<string, unknown>) => {
        try {
          await lintJs(rules);
        } catch (e) {
          return (e as Error).message;
        }
        return assert.fail('ESLint accepted the options');
      };
      assert.equal(
        await refused({ 'acklab/missing-ack': ['warn', { ackFunction: ['safeAck'] }] }),
        'Key "rules": Key "acklab/missing-ack":\n\tValue {"ackFunction":["safeAck"]} should NOT have additional properties.\n\t\tUnexpected property "ackFunction". Expected properties: "ackFunctions".\n',
      );
      assert.equal(
        await refused({ 'acklab/missing-ack': ['warn', { ackFunctions: 'safeAck' }] }),
        'Key "rules": Key "acklab/missing-ack":\n\tValue "safeAck" should be array.\n',
      );
      assert.match(await refused({ 'acklab/missing-ack': ['warn', { ackFunctions: ['safe ack'] }] }), /Value "safe ack" should match pattern/);
      assert.match(
        await refused({ 'acklab/requeue-loop': ['warn', { ackFunctions: ['safeAck'] }] }),
        /acklab\/requeue-loop":\n\tValue \[\{"ackFunctions":\["safeAck"\]\}\] should NOT have more than 0 items/,
      );
    });
  });

  it("every rule's options are documented in its page and the README (and a rule without options documents none)", () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const id of RULE_IDS) {
      const page = readFileSync(`docs/rules/${id}.md`, 'utf8');
      const names = RULE_OPTION_NAMES[id];
      assert.equal(page.includes('## Options'), names.length > 0, `docs/rules/${id}.md: an Options section iff the rule takes options`);
      for (const n of names) {
        assert.match(page, new RegExp(`\\| \`${n}\` \\|`), `docs/rules/${id}.md documents ${n}`);
        assert.ok(page.includes(`'acklab/${id}': ['error', { ${n}: [`), `docs/rules/${id}.md: the ESLint form for ${n}`);
        assert.ok(readme.includes(`\`${n}\``), `README names ${n}`);
      }
    }
  });

  describe('in acklab.lint.rules (editor and CLI)', () => {
    it('[severity, options] gives the severity and the options', () => {
      const rules = {
        'missing-ack': ['warning', { ackFunctions: ['safeAck'] }],
        'wrong-channel': ['error', { channels: ['consumeCh'] }],
        'double-ack': ['info'],
      };
      const { settings, errors } = readLintSettings((k) => (k === 'rules' ? rules : undefined));
      assert.deepEqual(errors, []);
      assert.deepEqual(settings.rules, { 'missing-ack': 'warning', 'wrong-channel': 'error', 'double-ack': 'info' });
      assert.deepEqual(settings.options, { 'missing-ack': { ackFunctions: ['safeAck'] }, 'wrong-channel': { channels: ['consumeCh'] } });
      // What the editor and the CLI then pass to the linter.
      assert.deepEqual(rulesOf(linter, JS_WRAPPER, 'w.js', { rules: settings.rules, options: settings.options }), []);
    });

    it('bad options are named with the setting and dropped; the severity stays', () => {
      const rules = {
        'missing-ack': ['warning', { ackFunction: ['safeAck'] }],
        'double-ack': ['error', { ackFunctions: ['safe ack', 3] }],
        'requeue-loop': ['off', { ackFunctions: ['safeAck'] }],
        'wrong-channel': ['loud', { channels: ['ch'] }],
        'unawaited-ack': { severity: 'error' },
      };
      const { settings, errors } = readLintSettings((k) => (k === 'rules' ? rules : undefined));
      assert.deepEqual(settings.rules, { 'missing-ack': 'warning', 'double-ack': 'error', 'requeue-loop': 'off' });
      assert.deepEqual(settings.options, {});
      assert.deepEqual(errors, [
        'acklab.lint.rules["missing-ack"][1]: unknown option "ackFunction" (options: ackFunctions) (options ignored)',
        'acklab.lint.rules["double-ack"][1]: ackFunctions[0] must be a plain function or variable name such as "safeAck" (got "safe ack"); ackFunctions[1] must be string (got 3) (options ignored)',
        'acklab.lint.rules["requeue-loop"]: requeue-loop takes no options (got {"ackFunctions":["safeAck"]}; options ignored)',
        'acklab.lint.rules["wrong-channel"] must be "off", "info", "warning" or "error", or [severity, { "channels": […] }] (got ["loud",{"channels":["ch"]}])',
        'acklab.lint.rules["unawaited-ack"] must be "off", "info", "warning" or "error" (got {"severity":"error"})',
      ]);
    });
  });
});
