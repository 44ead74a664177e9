// `acklab lint` follows ESLint's command-line conventions (#16 item 4): globs, `-` with --stdin-filename,
// --output, --max-warnings, --quiet, --ignore-pattern, .gitignore, the editor's acklab.lint.* settings from
// .vscode/settings.json, SARIF paths relative to the repository root from any working directory, exit 2 on an
// internal error. Each case runs the real CLI in a scratch repository.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/main.ts'), 'lint'];

function run(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [...CLI, ...args], { cwd, encoding: 'utf8', timeout: 90_000, input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const LEAK = `const amqp = require('amqplib');\nch.consume('q', (msg) => {\n  console.log(msg);\n});\n`;
const REQUEUE = `const amqp = require('amqplib');\nch.consume('q', async (msg) => {\n  try { await work(msg); ch.ack(msg); } catch (e) { ch.nack(msg); }\n});\n`;

describe('acklab lint: ESLint-style conventions', function () {
  this.timeout(240_000);
  let repo: string;
  const put = (rel: string, text: string) => {
    mkdirSync(dirname(join(repo, rel)), { recursive: true });
    writeFileSync(join(repo, rel), text);
  };
  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'acklab-lint-conv-'));
    mkdirSync(join(repo, '.git'));
    put('.gitignore', 'generated/\n');
    put('app/.gitignore', 'local-*.js\n');
    put(
      '.vscode/settings.json',
      '{\n  // the editor\'s settings, with a comment as VS Code allows\n  "acklab.lint.rules": { "wrong-channel": "off" },\n  "acklab.lint.exclude": ["**/fixtures/**"],\n}\n',
    );
    put('app/worker.js', LEAK);
    put('app/retry.js', REQUEUE);
    put('app/local-scratch.js', LEAK);
    put('generated/out.js', LEAK);
    put('bin/cli.js', LEAK);
    put('.github/scripts/hook.js', LEAK);
    put('test/fixtures/bad.js', LEAK);
    put('vendorish/skip.js', LEAK);
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('walks dot-folders and bin/, skips .gitignore (root and nested), settings excludes and --ignore-pattern', () => {
    const r = run(['.', '--format', 'json', '--ignore-pattern', 'vendorish/'], repo);
    assert.equal(r.code, 1, r.err);
    const files = [...new Set((JSON.parse(r.out) as { findings: { file: string }[] }).findings.map((f) => f.file))].sort();
    assert.deepEqual(files, ['.github/scripts/hook.js', 'app/retry.js', 'app/worker.js', 'bin/cli.js']);
  });

  it('SARIF from a subfolder: paths relative to the repository root, declared in originalUriBaseIds; --srcroot moves the root', () => {
    const r = run(['.', '--format', 'sarif'], join(repo, 'app'));
    assert.equal(r.code, 1, r.err);
    const log = JSON.parse(r.out) as {
      runs: {
        originalUriBaseIds: Record<string, { uri: string }>;
        results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[];
      }[];
    };
    const run0 = log.runs[0]!;
    assert.equal(run0.originalUriBaseIds['%SRCROOT%']!.uri, pathToFileURL(repo + '/').href);
    const uris = run0.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation);
    assert.deepEqual(uris.map((u) => u.uri).sort(), ['app/retry.js', 'app/worker.js']);
    assert.ok(uris.every((u) => u.uriBaseId === '%SRCROOT%'));
    const moved = JSON.parse(run(['worker.js', '--format', 'sarif', '--srcroot', '.'], join(repo, 'app')).out) as typeof log;
    assert.equal(moved.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'worker.js');
  });

  it('globs; a file named explicitly is linted even when ignored', () => {
    const r = run(['app/*.js', 'generated/out.js', '--format', 'json'], repo);
    const files = [...new Set((JSON.parse(r.out) as { findings: { file: string }[] }).findings.map((f) => f.file))].sort();
    assert.deepEqual(files, ['app/retry.js', 'app/worker.js', 'generated/out.js']);
    const none = run(['nothing/**/*.py'], repo);
    assert.equal(none.code, 2);
    assert.match(none.err, /no files match the pattern 'nothing\/\*\*\/\*\.py'/);
  });

  it('`-` lints standard input under --stdin-filename; without an extension it is a usage error', () => {
    const r = run(['-', '--stdin-filename', 'app/piped.js'], repo, LEAK);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^app\/piped\.js:2:1 {2}error {4}missing-ack/m);
    const bad = run(['-'], repo, LEAK);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--stdin-filename/);
  });

  it('--max-warnings, --quiet and --output', () => {
    // retry.js has one requeue-loop warning and no error
    assert.equal(run(['app/retry.js'], repo).code, 0, 'warnings alone exit 0');
    const over = run(['app/retry.js', '--max-warnings', '0'], repo);
    assert.equal(over.code, 1);
    assert.match(over.err, /1 warning, more than --max-warnings 0/);
    const quiet = run(['app/retry.js', 'app/worker.js', '--quiet', '--output', 'report.txt'], repo);
    assert.equal(quiet.code, 1);
    assert.equal(quiet.out, '');
    const report = readFileSync(join(repo, 'report.txt'), 'utf8');
    assert.match(report, /app\/worker\.js:2:1 {2}error {4}missing-ack/);
    assert.doesNotMatch(report, /requeue-loop/);
  });

  it('rule options from the settings file: a wrapper named in ackFunctions settles; bad options are a usage error', () => {
    put('app/wrapped.js', LEAK.replace('console.log(msg);', 'safeAck(msg);'));
    assert.equal(run(['app/wrapped.js'], repo).code, 1, 'without the option: missing-ack');
    const cfg = join(repo, 'options-settings.json');
    writeFileSync(cfg, '{ "acklab.lint.rules": { "missing-ack": ["error", { "ackFunctions": ["safeAck"] }] } }');
    const r = run(['app/wrapped.js', '--config', cfg], repo);
    assert.equal(r.code, 0, r.out + r.err);
    writeFileSync(cfg, '{ "acklab.lint.rules": { "missing-ack": ["error", { "ackFunction": ["safeAck"] }] } }');
    const bad = run(['app/wrapped.js', '--config', cfg], repo);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /acklab\.lint\.rules\["missing-ack"\]\[1\]: unknown option "ackFunction" \(options: ackFunctions\)/);
  });

  it('a bad settings file is a usage error naming the setting; an internal error exits 2', () => {
    const cfg = join(repo, 'bad-settings.json');
    writeFileSync(cfg, '{ "acklab.lint.rules": { "missing-ack": "loud" } }');
    const r = run(['app/worker.js', '--config', cfg], repo);
    assert.equal(r.code, 2);
    assert.match(r.err, /acklab\.lint\.rules\["missing-ack"\] must be "off", "info", "warning" or "error"/);
    const broken = join(repo, 'broken-wasm');
    mkdirSync(broken);
    writeFileSync(join(broken, 'web-tree-sitter.wasm'), 'not wasm');
    const i = run(['app/worker.js', '--wasm-dir', broken], repo);
    assert.equal(i.code, 2, i.err);
    assert.match(i.err, /internal error/);
  });
});
