// `acklab test` as a command line: options, exported URLs, exit codes, output files.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, requireBuild } from './harness';
import { parseTestArgs } from '../../../src/cli/commands/test';

function acklab(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'test', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('acklab test (CLI)', function () {
  this.timeout(60_000);
  before(requireBuild);

  it('exports AMQP_URL, RABBITMQ_URL and CLOUDAMQP_URL pointing at one loopback broker, and streams the output', () => {
    const r = acklab(['--', process.execPath, '-e', 'console.log([process.env.AMQP_URL, process.env.RABBITMQ_URL, process.env.CLOUDAMQP_URL].join(" "))']);
    assert.equal(r.code, 0, r.err);
    const [a, b, c] = r.out.split('\n')[0]!.split(' ');
    assert.match(a!, /^amqp:\/\/guest:guest@127\.0\.0\.1:\d+$/);
    assert.equal(a, b);
    assert.equal(a, c);
    assert.match(r.out, /No ack mistakes found/);
  });

  it("exits with the command's code when it fails, and says so when it cannot run", () => {
    assert.equal(acklab(['--', process.execPath, '-e', 'process.exit(3)']).code, 3);
    const r = acklab(['--', 'acklab-no-such-command-xyz']);
    assert.equal(r.code, 2);
    assert.match(r.err, /command not found: acklab-no-such-command-xyz/);
  });

  it('writes the chosen format to --output and keeps the text report on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acklab-test-'));
    try {
      const r = acklab(['--format', 'junit', '--output', join(dir, 'acks.xml'), '--', process.execPath, '-e', '']);
      assert.equal(r.code, 0, r.err);
      assert.match(readFileSync(join(dir, 'acks.xml'), 'utf8'), /<testsuites name="acklab" tests="1" failures="0"/);
      assert.match(r.out, /No ack mistakes found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad options with a clear message', () => {
    assert.throws(() => parseTestArgs(['--format', 'xml', '--', 'x']), /--format must be one of text, json, junit, sarif, got 'xml'/);
    assert.throws(() => parseTestArgs(['--fail-on', 'fatal', '--', 'x']), /--fail-on must be one of/);
    assert.throws(() => parseTestArgs(['--requeue-limit', '0', '--', 'x']), /--requeue-limit must be a whole number/);
    assert.throws(() => parseTestArgs(['--frobnicate', '--', 'x']), /unknown option '--frobnicate'/);
    assert.throws(() => parseTestArgs(['--trace']), /no command to run/);
    const a = parseTestArgs(['--trace', '--fail-on', 'error', '--', 'npm', 'test', '--', '-g', 'x']);
    assert.ok(a !== 'help');
    assert.deepEqual([a.trace, a.failOn, a.command], [true, 'error', ['npm', 'test', '--', '-g', 'x']]);
    assert.equal(acklab(['--format', 'xml', '--', 'true']).code, 2);
  });
});
