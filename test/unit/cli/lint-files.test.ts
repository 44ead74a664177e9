// Which files `acklab lint` reads (src/cli/lint/files.ts): the .gitignore files that apply to a searched folder
// are those at or above it up to the source root and those below it; a file named explicitly is always linted.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { collectFiles } from '../../../src/cli/lint/files';

describe('acklab lint: which files a run reads', () => {
  let repo: string;
  const put = (rel: string, text = '') => {
    mkdirSync(dirname(join(repo, rel)), { recursive: true });
    writeFileSync(join(repo, rel), text);
  };
  const collect = async (patterns: string[], exclude: string[] = []) =>
    (await collectFiles({ patterns: patterns.map((p) => join(repo, p)), root: repo, exclude })).map((f) => relative(repo, f)).sort();

  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'acklab-lint-files-'));
    put('.gitignore', 'generated/\n*.tmp.js\n');
    put('app/.gitignore', 'local-*.js\n');
    put('app/sub/.gitignore', 'scratch.py\n');
    for (const f of [
      'app/worker.js',
      'app/old.tmp.js',
      'app/local-x.js',
      'app/generated/out.js',
      'app/sub/job.py',
      'app/sub/scratch.py',
      'other/a.go',
      'README.md',
    ])
      put(f, '\n');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('searching a subfolder applies the .gitignore files above it (up to the root) and below it', async () => {
    assert.deepEqual(await collect(['app']), ['app/sub/job.py', 'app/worker.js']);
    assert.deepEqual(await collect(['app/sub']), ['app/sub/job.py']);
  });

  it('a glob is searched from its fixed prefix with the same .gitignore files', async () => {
    assert.deepEqual(await collect(['app/**/*.js']), ['app/worker.js']);
    assert.deepEqual(await collect(['app/sub/*.py']), ['app/sub/job.py']);
  });

  it('files named explicitly are linted even when ignored; excludes apply to searches only', async () => {
    assert.deepEqual(await collect(['app/local-x.js', 'app/generated/out.js']), ['app/generated/out.js', 'app/local-x.js']);
    assert.deepEqual(await collect(['.'], ['other/']), ['app/sub/job.py', 'app/worker.js']);
    assert.deepEqual(await collect(['other/a.go'], ['other/']), ['other/a.go']);
  });

  it('a missing path and a glob that matches nothing are usage errors', async () => {
    await assert.rejects(collect(['nope.js']), /no such file or directory: .*nope\.js/);
    await assert.rejects(collect(['app/**/*.rb']), /no files match the pattern/);
  });
});
