import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { choice, commandHelp, flag, option, parseCommandArgs, port, repeated } from '../../../src/cli/args';
import { UsageError } from '../../../src/cli/command';
import { SCENARIOS } from '../../../src/scenarios/catalog';

const spec = {
  name: 'try',
  summary: 'a command for the tests',
  usage: ['[options] [PATH]'],
  options: {
    port: option('N', 'port to use', port),
    format: option('F', 'output format', choice(['text', 'json', 'sarif'])),
    user: repeated('NAME', 'add a user'),
    quiet: flag('say less', 'q'),
  },
  positionals: { max: 1 },
} as const;

const usageError = (re: RegExp) => (e: unknown) => e instanceof UsageError && re.test(e.message);

describe('acklab argument parser (src/cli/args.ts)', () => {
  it('returns typed values, defaults for absent options and positionals', () => {
    const a = parseCommandArgs(spec, ['--port=5673', '-q', '--user', 'ann', '--user=bob', 'src', '--format', 'json']);
    assert.deepEqual(a, { help: false, values: { port: 5673, format: 'json', user: ['ann', 'bob'], quiet: true }, positionals: ['src'] });
    assert.deepEqual(parseCommandArgs(spec, []).values, { port: undefined, format: undefined, user: [], quiet: false });
  });
  it('gives one clear error per kind of mistake, naming the option', () => {
    assert.throws(() => parseCommandArgs(spec, ['--prot', '1']), usageError(/^unknown option '--prot'; see 'acklab try --help'$/));
    assert.throws(() => parseCommandArgs(spec, ['--port']), usageError(/^--port needs a value \(N\)$/));
    assert.throws(() => parseCommandArgs(spec, ['--port', '--quiet']), usageError(/^--port needs a value/));
    assert.throws(() => parseCommandArgs(spec, ['--port', '70000']), usageError(/^--port must be a port number 0-65535, got '70000'$/));
    assert.throws(() => parseCommandArgs(spec, ['--format', 'xml']), usageError(/^--format must be one of text, json, sarif, got 'xml'$/));
    assert.throws(() => parseCommandArgs(spec, ['--quiet=yes']), usageError(/^--quiet takes no value, got 'yes'$/));
    assert.throws(() => parseCommandArgs(spec, ['a', 'b']), usageError(/^unexpected argument 'b'/));
  });
  it('treats -h/--help as a request for help, even beside other mistakes in positionals', () => {
    assert.equal(parseCommandArgs(spec, ['-h']).help, true);
    assert.equal(parseCommandArgs(spec, ['a', 'b', '--help']).help, true);
  });
  it('generates help with one line per option, placeholders and the repeatable mark', () => {
    const h = commandHelp(spec);
    assert.match(h, /^Usage: acklab try \[options\] \[PATH\]\n\nA command for the tests\.\n/);
    assert.match(h, /\n {6}--port N {5}port to use\n/);
    assert.match(h, /\n {6}--user NAME {2}add a user \(repeatable\)\n/);
    assert.match(h, /\n {2}-q, --quiet {6}say less\n/);
    assert.match(h, /\n {2}-h, --help {7}show this help\n$/);
  });
});

describe('acklab CLI help and error lists', () => {
  const cli = (...args: string[]) => spawnSync('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  it('acklab --help lists one line per command with a description', () => {
    const r = cli('--help');
    assert.equal(r.status, 0);
    const block = r.stdout.split('Commands:\n')[1]!.split('\n\n')[0]!.split('\n');
    assert.ok(block.length >= 4, r.stdout);
    for (const name of ['serve', 'lint', 'scenario', 'demo']) {
      assert.ok(
        block.some((l) => new RegExp(`^  ${name} +\\S.{15,}`).test(l)),
        `no described line for ${name} in:\n${r.stdout}`,
      );
    }
  });
  it('acklab scenario run nope lists the known scenarios one per line and exits 2', () => {
    const r = cli('scenario', 'run', 'nope');
    assert.equal(r.status, 2);
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[0]!, /unknown scenario 'nope'; known scenarios:$/);
    assert.deepEqual(
      lines.slice(1),
      SCENARIOS.map((s) => `  ${s.name}`),
    );
  });
  it('acklab demo --help is generated from the option table', () => {
    const r = cli('demo', '--help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--profile P +broker semantics/);
  });
});
