// Where the editor shows a finding without a source line: the first quoted mention of its queue in the
// test folder's sources, else the project manifest, on the Go sample and on scratch folders.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnchorFinder, sourceFiles } from '../../../src/testkit/anchor';

const GO = join(__dirname, '..', '..', 'fixtures', 'acktest', 'go');

describe('testkit: anchors for findings without a source line', () => {
  let tmp = '';
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'acklab-anchor-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('on the Go sample, a queue lands on the line of the test that declares it', () => {
    const file = join(GO, 'missing_ack_test.go');
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('"go.missing"')) + 1;
    const a = new AnchorFinder(GO).anchor('go.missing')!;
    assert.deepEqual(
      { file: a.file, line: a.line, why: a.why },
      { file, line, why: 'shown at the first mention of queue "go.missing" in missing_ack_test.go' },
    );
    assert.equal(lines[line - 1]!.slice(a.column - 1, a.column - 1 + 12), '"go.missing"');
  });

  it('needs the queue in quotes, skips dependency folders, and falls back to the manifest, then the first source file', () => {
    mkdirSync(join(tmp, 'node_modules', 'lib'), { recursive: true });
    writeFileSync(join(tmp, 'node_modules', 'lib', 'index.js'), "consume('jobs')\n");
    mkdirSync(join(tmp, 'src'));
    writeFileSync(join(tmp, 'src', 'worker.py'), '# jobs come from the jobs queue\nchannel.basic_consume(queue="jobsx")\n\nq = \'jobs\'\n');
    assert.deepEqual(sourceFiles(tmp), [join(tmp, 'src', 'worker.py')]);
    const f = new AnchorFinder(tmp);
    assert.deepEqual(f.anchor('jobs'), {
      file: join(tmp, 'src', 'worker.py'),
      line: 4,
      column: 5,
      why: 'shown at the first mention of queue "jobs" in src/worker.py',
    });
    assert.deepEqual(f.anchor('amq.gen-xyz'), { file: join(tmp, 'src', 'worker.py'), line: 1, column: 1, why: 'shown on src/worker.py' });
    writeFileSync(join(tmp, 'pom.xml'), '<project/>');
    writeFileSync(join(tmp, 'go.mod'), 'module x\n');
    assert.deepEqual(new AnchorFinder(tmp).anchor(''), { file: join(tmp, 'go.mod'), line: 1, column: 1, why: 'shown on go.mod' });
  });

  it('an empty or missing folder has no anchor', () => {
    assert.equal(new AnchorFinder(tmp).anchor('jobs'), undefined);
    assert.equal(new AnchorFinder(join(tmp, 'gone')).anchor('jobs'), undefined);
  });
});
