// A confidence per finding (#17 item 3): what the analysis proves is reported at the rule's level; weaker findings
// (a look-alike receiver, no library import) are information-level hints with a lower `precision`.
import { strict as assert } from 'node:assert';
import { createLinter, type Linter } from '../../../src/lint/index';

const only = (fs: { rule: string; precision: string; severity: string }[]) => fs.map((f) => `${f.rule} ${f.precision} ${f.severity}`);

describe('lint: precision and level of each finding', function () {
  this.timeout(60_000);
  let linter: Linter;
  before(async () => {
    linter = await createLinter({ languages: ['javascript', 'python'] });
  });
  after(() => linter.dispose());

  it('a handler that never acks, on a channel of an imported library: very high, at the rule level', () => {
    const code = `const amqp = require('amqplib');\nch.consume('q', (msg) => {\n  console.log(msg);\n});\n`;
    assert.deepEqual(only(linter.lint(code, 'a.js')), ['missing-ack very-high error']);
  });

  it('a path that leaks in a handler that acks elsewhere: high, at the rule level', () => {
    const code = `const amqp = require('amqplib');\nch.consume('q', (msg) => {\n  if (msg.fields.redelivered) return;\n  ch.ack(msg);\n});\n`;
    assert.deepEqual(only(linter.lint(code, 'a.js')), ['missing-ack high error']);
  });

  it('a consume on something that does not look like a channel: medium, an info hint only', () => {
    const code = `const amqp = require('amqplib');\nconst jobs = new Jobs();\njobs.consume('q', (job) => {\n  run(job);\n});\n`;
    assert.deepEqual(only(linter.lint(code, 'a.js')), ['missing-ack medium info']);
    // A severity setting raises proven findings, not hints.
    assert.deepEqual(only(linter.lint(code, 'a.js', { rules: { 'missing-ack': 'error' } })), ['missing-ack medium info']);
  });

  it('no library import, only AMQP words in the file: low, an info hint; no AMQP words at all: nothing', () => {
    const code = `# consumes from RabbitMQ (channel made in amqp_setup.py)\ndef on_message(ch, method, props, body):\n    print(body)\nchannel.basic_consume(queue='q', on_message_callback=on_message)\n`;
    assert.deepEqual(only(linter.lint(code, 'a.py')), ['missing-ack low info']);
    const own = `const { Jobs } = require('./jobs');\nch.consume('emails', (job) => {\n  send(job);\n});\n`;
    assert.deepEqual(only(linter.lint(own, 'own.js')), []);
  });
});
