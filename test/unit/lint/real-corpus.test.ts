// The analyser on real consumer code nobody on the project wrote (issue 17): packages pinned in
// test/lint-real/labels.json are fetched from the npm registry and Debian into .cache/lint-real/ (cached), then
// linted and scored against labels written by reading the code. The floors in test/lint-real/gate.json are a
// ratchet: the measured level at the time, raised as the analyser improves, towards P 0.95 / R 0.90.
import { strict as assert } from 'node:assert';
import { createLinter, RULE_IDS, type Linter } from '../../../src/lint/index';
import { checkLabels, formatScore, gateFailures, loadGate, loadLabels, scoreCorpus } from '../../lint-real/score';

describe('lint on the real-code corpus (npm and Debian packages, labelled by reading)', function () {
  this.timeout(600_000);
  let linter: Linter;
  before(async () => {
    // @ts-expect-error -- plain ESM script without types, shared with `npm run fetch:lint-real`
    const { fetchAll } = (await import('../../../scripts/fetch-lint-real.mjs')) as { fetchAll: (o: { quiet: boolean }) => string[] };
    const failed = fetchAll({ quiet: true });
    assert.deepEqual(failed, [], 'packages of the real-code corpus that could not be fetched');
    linter = await createLinter();
  });
  after(() => linter?.dispose());

  it('labels at least 300 files from at least 30 packages, each pointing at an existing file and line', () => {
    const labels = loadLabels();
    assert.deepEqual(checkLabels(labels, RULE_IDS), []);
    const files = Object.values(labels.packages).reduce((n, f) => n + Object.keys(f).length, 0);
    const packages = Object.values(labels.packages).filter((f) => Object.keys(f).length > 0).length;
    assert.ok(files >= 300, `${files} labelled files, want >= 300`);
    assert.ok(packages >= 30, `${packages} packages with labels, want >= 30`);
  });

  it('keeps precision and recall at or above the gate, overall and per language', () => {
    const score = scoreCorpus(linter);
    const withHints = scoreCorpus(linter, undefined, { withHints: true });
    console.log(
      `\n${formatScore(score)}\n  counting info-level hints too:\n${formatScore(withHints)
        .split('\n')
        .filter((l) => l.includes('overall'))
        .join('\n')}`,
    );
    if (score.mismatches.length) console.log(`  mismatches (${score.mismatches.length}):\n    ${score.mismatches.join('\n    ')}`);
    assert.deepEqual(gateFailures(score, loadGate(), withHints), []);
  });
});
