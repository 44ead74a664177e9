// A consumer that gets its channel from a module of its own: the library is known from that module (one level of
// relative imports, read from disk), so the findings are claims, not hints. Own-words files in a temp folder.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter, type Linter } from '../../../src/lint/index';

const CONSUMER = `const getChannel = require('./mq');
async function start() {
  const ch = await getChannel();
  ch.consume('invoices', onInvoice, { noAck: false });
}
async function onInvoice(msg) {
  if (msg.content.length) {
    await book(JSON.parse(msg.content));
    (await getChannel()).ack(msg);
  }
}
module.exports = start;
`;

describe('lint: the client library known through a relative import', function () {
  this.timeout(30_000);
  let linter: Linter;
  let dir: string;
  before(async () => {
    linter = await createLinter();
    dir = mkdtempSync(join(tmpdir(), 'acklab-imports-'));
  });
  after(() => {
    linter.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const claims = (file: string) => linter.lint(CONSUMER, file).map((f) => `${f.rule}:${f.range.start.line + 1}:${f.severity}`);

  it('reports a claim (at the rule level) when the imported module imports amqplib', () => {
    writeFileSync(join(dir, 'mq.js'), "const amqp = require('amqplib');\nmodule.exports = async () => (await amqp.connect()).createChannel();\n");
    assert.deepEqual(claims(join(dir, 'billing.js')), ['missing-ack:4:error']);
  });

  it('lints nothing when the module uses no client library, or the file has no path (no AMQP in sight)', () => {
    writeFileSync(join(dir, 'mq.js'), '// our own in-process queue\nmodule.exports = () => localQueue;\n');
    assert.deepEqual(claims(join(dir, 'billing.js')), []);
    assert.deepEqual(claims('billing.js'), []);
  });
});
