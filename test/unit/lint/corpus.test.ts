// Precision and recall of the analyser against the labelled corpus (test/lint-corpus/labels.json, written
// independently of the engine). Fails below precision 0.95 / recall 0.90 overall.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter, RULE_IDS, type Linter, type RuleId } from '../../../src/lint/index';
import { LINTABLE_EXTENSIONS } from '../../../src/lint/languages';

const ROOT = join(__dirname, '..', '..', 'lint-corpus');
const LABELS = join(ROOT, 'labels.json');

interface Label {
  rule: RuleId;
  line: number;
}
interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (LINTABLE_EXTENSIONS.some((x) => e.endsWith(x))) out.push(relative(ROOT, p).split('\\').join('/'));
  }
  return out;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

describe('lint corpus: precision and recall against labels.json', function () {
  this.timeout(120_000);
  let linter: Linter;
  before(async function () {
    if (!existsSync(LABELS)) this.skip();
    linter = await createLinter();
  });
  after(() => linter?.dispose());

  it('labels every corpus file, and every label points at an existing file and line', () => {
    const labels: Record<string, Label[]> = JSON.parse(readFileSync(LABELS, 'utf8')).files;
    const onDisk = listFiles(ROOT);
    assert.ok(onDisk.length >= 150, `corpus has ${onDisk.length} files, expected at least 150`);
    assert.deepEqual(
      onDisk.filter((f) => !(f in labels)),
      [],
      'corpus files without labels',
    );
    for (const [file, ls] of Object.entries(labels)) {
      assert.ok(existsSync(join(ROOT, file)), `labelled file missing: ${file}`);
      const lines = readFileSync(join(ROOT, file), 'utf8').split('\n').length;
      for (const l of ls) {
        assert.ok(RULE_IDS.includes(l.rule), `${file}: unknown rule ${l.rule}`);
        assert.ok(Number.isInteger(l.line) && l.line >= 1 && l.line <= lines, `${file}: line ${l.line} out of range`);
      }
    }
  });

  it('reaches precision >= 0.95 and recall >= 0.90 overall', () => {
    const labels: Record<string, Label[]> = JSON.parse(readFileSync(LABELS, 'utf8')).files;
    const per = new Map<RuleId, Counts>(RULE_IDS.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
    const misses: string[] = [];
    for (const [file, expected] of Object.entries(labels)) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const got = linter.lint(text, file).map((f) => ({ rule: f.rule, line: f.range.start.line + 1 }));
      const want = [...expected];
      for (const g of got) {
        const i = want.findIndex((w) => w.rule === g.rule && w.line === g.line);
        if (i >= 0) {
          want.splice(i, 1);
          per.get(g.rule)!.tp++;
        } else {
          per.get(g.rule)!.fp++;
          misses.push(`FP ${file}:${g.line} ${g.rule}`);
        }
      }
      for (const w of want) {
        per.get(w.rule)!.fn++;
        misses.push(`FN ${file}:${w.line} ${w.rule}`);
      }
    }
    const total = [...per.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
    const rows = [...per.entries(), ['overall', total] as const].map(
      ([rule, c]) =>
        `  ${String(rule).padEnd(16)} tp ${String(c.tp).padStart(3)}  fp ${String(c.fp).padStart(3)}  fn ${String(c.fn).padStart(3)}  precision ${ratio(c.tp, c.tp + c.fp).toFixed(3)}  recall ${ratio(c.tp, c.tp + c.fn).toFixed(3)}`,
    );
    console.log(`\n${rows.join('\n')}`);
    if (misses.length) console.log(`  mismatches:\n    ${misses.join('\n    ')}`);
    const precision = ratio(total.tp, total.tp + total.fp);
    const recall = ratio(total.tp, total.tp + total.fn);
    assert.ok(precision >= 0.95, `overall precision ${precision.toFixed(3)} < 0.95`);
    assert.ok(recall >= 0.9, `overall recall ${recall.toFixed(3)} < 0.90`);
  });
});
