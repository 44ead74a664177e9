// `acklab lint`: exit codes, text/JSON/SARIF output (SARIF validated against the official 2.1.0 schema).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/main.ts'), 'lint'];

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [...CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('acklab lint (CLI)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'acklab-cli-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(dir, 'src', 'worker.js'), `const amqp = require('amqplib');\nch.consume('q', (msg) => {\n  console.log(msg);\n});\n`);
    writeFileSync(
      join(dir, 'src', 'ok.py'),
      `import pika\ndef cb(ch, method, props, body):\n    ch.basic_ack(delivery_tag=method.delivery_tag)\nchannel.basic_consume(queue='q', on_message_callback=cb)\n`,
    );
    writeFileSync(
      join(dir, 'src', 'double.go'),
      `package main\nimport amqp "github.com/rabbitmq/amqp091-go"\nfunc r(ch *amqp.Channel) {\n\tmsgs, _ := ch.Consume("q", "", false, false, false, false, nil)\n\tfor d := range msgs {\n\t\td.Ack(false)\n\t\td.Ack(false)\n\t}\n}\n`,
    );
    writeFileSync(join(dir, 'src', 'notes.md'), `ch.consume('q', (m) => {})`);
    writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), `const amqp = require('amqplib');\nch.consume('q', (m) => {});\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 with findings in text format, recursing into directories but not node_modules', () => {
    const r = run(['.'], dir);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^src\/double\.go:7:3 {2}error {4}double-ack/m);
    assert.match(r.out, /^src\/worker\.js:2:1 {2}error {4}missing-ack/m);
    assert.doesNotMatch(r.out, /node_modules/);
    assert.match(r.out, /2 findings in 2 of 3 files/);
  });

  it('exits 0 when there are no findings', () => {
    const r = run(['src/ok.py'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /No findings in 1 file\./);
  });

  it('--rule filters findings (repeatable and comma-separated)', () => {
    const r = run(['src', '--rule', 'double-ack'], dir);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.out, /missing-ack/);
    assert.equal(run(['src', '--rule=requeue-loop,unawaited-ack'], dir).code, 0);
  });

  it('exits 2 on usage errors', () => {
    for (const [args, msg] of [
      [['--format', 'xml'], /--format must be one of text, json, sarif, got 'xml'/],
      [['--rule', 'nope'], /unknown rule 'nope'/],
      [['--bogus'], /unknown option '--bogus'/],
      [['missing-dir'], /no such file or directory: missing-dir/],
      [['--format'], /--format needs a value/],
    ] as const) {
      const r = run([...args], dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, msg);
    }
    const h = run(['--help'], dir);
    assert.equal(h.code, 0);
    assert.match(h.out, /--format text\|json\|sarif/);
  });

  it('--format json follows docs/lint-json.md', () => {
    const r = run(['src', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.equal(j.version, 1);
    assert.equal(j.tool, 'acklab');
    assert.deepEqual(j.summary, { files: 3, findings: 2, byRule: { 'double-ack': 1, 'missing-ack': 1 } });
    const f = j.findings.find((x: any) => x.rule === 'missing-ack');
    assert.deepEqual(
      {
        file: f.file,
        severity: f.severity,
        startLine: f.startLine,
        startColumn: f.startColumn,
        endLine: f.endLine,
        endColumn: f.endColumn,
        library: f.library,
        language: f.language,
      },
      { file: 'src/worker.js', severity: 'error', startLine: 2, startColumn: 1, endLine: 2, endColumn: 11, library: 'amqplib', language: 'javascript' },
    );
    assert.match(f.docs, /docs\/rules\/missing-ack\.md$/);
    assert.deepEqual(f.fixes[0].edits, [{ startLine: 3, startColumn: 20, endLine: 3, endColumn: 20, newText: '\n  ch.ack(msg);' }]);
    const doc = readFileSync(join(ROOT, 'docs/lint-json.md'), 'utf8');
    for (const key of Object.keys(f)) assert.ok(doc.includes(`\`${key}\``) || doc.includes(`"${key}"`), `docs/lint-json.md does not document ${key}`);
  });

  it('--format sarif is valid SARIF 2.1.0', () => {
    const r = run(['src', '--format', 'sarif'], dir);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.out) as any;
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The official schema is draft-04 (`id`); Ajv 8 reads it once the top-level id is spelled `$id`.
    delete schema.$schema;
    schema.$id = schema.id;
    delete schema.id;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, logger: false }); // the schema's language pattern is not valid with /u
    const validate = ajv.compile(schema);
    const checked: unknown = log; // validate() is a type guard: keep `log` itself typed as any
    const valid = validate(checked);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    const results = log.runs[0].results;
    assert.equal(results.length, 2);
    const dbl = results.find((x: any) => x.ruleId === 'double-ack');
    assert.equal(log.runs[0].tool.driver.rules[dbl.ruleIndex].id, 'double-ack');
    assert.deepEqual(dbl.locations[0].physicalLocation.artifactLocation, { uri: 'src/double.go', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(dbl.locations[0].physicalLocation.region, { startLine: 7, startColumn: 3, endLine: 7, endColumn: 15 });
  });
});
