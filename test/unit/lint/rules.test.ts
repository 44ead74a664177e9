// Per-rule, per-language valid/invalid tables (test/unit/lint/cases.ts): exact ranges and quick-fix output.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyFix, createLinter, RULE_IDS, type Linter } from '../../../src/lint/index';
import { CASES as SEEDED } from './cases';
import { ANALYSIS_CASES } from './cases-analysis';
import { REAL_CASES } from './cases-real';

const CASES = [...SEEDED, ...ANALYSIS_CASES, ...REAL_CASES];

const fmt = (f: { rule: string; range: { start: { line: number; column: number }; end: { line: number; column: number } } }) =>
  `${f.rule} ${f.range.start.line + 1}:${f.range.start.column + 1}-${f.range.end.line + 1}:${f.range.end.column + 1}`;

describe('lint rules: valid and invalid cases per language', function () {
  this.timeout(30_000);
  let linter: Linter;
  before(async () => {
    linter = await createLinter();
  });
  after(() => linter.dispose());

  for (const c of CASES) {
    it(`${c.errors.length ? 'invalid' : 'valid'}: ${c.name} (${c.file})`, () => {
      // `claims` cases compare the findings reported at warning/error (what the real-code corpus scores).
      const got = linter.lint(c.code, c.file).filter((f) => !c.claims || f.severity !== 'info');
      assert.deepEqual(got.map(fmt).sort(), c.errors.map((x) => `${x.rule} ${x.range[0]}:${x.range[1]}-${x.range[2]}:${x.range[3]}`).sort());
      for (const f of got) {
        assert.ok(f.message.length > 20, 'finding has a message');
        assert.equal(f.docs.endsWith(`docs/rules/${f.rule}.md`), true);
      }
      if (c.output !== undefined) {
        const first = got.find((f) => f.rule === c.errors[0].rule);
        assert.ok(first && first.fixes.length, `expected a quick fix for ${c.errors[0].rule}`);
        assert.equal(applyFix(c.code, first.fixes[0]), c.output);
        // The fix removes the finding it was made for.
        const after = linter.lint(c.output, c.file).filter((f) => f.rule === first.rule);
        assert.deepEqual(after.map(fmt), []);
      }
    });
  }

  it('offers no insert fix when the handler ends in a callback it cannot place (sync or async unknown)', () => {
    // forEach runs its callback now (an ack inside would settle once per item); fs.readFile later (an ack
    // after it would settle too early): neither place is safe, so no "insert" fix rather than a wrong one.
    for (const tail of ['items.forEach((i) => { work(i); });', "fs.readFile('f', (err, d) => { work(d); });"]) {
      const code = `const amqp = require('amqplib');\nch.consume('q', (msg) => {\n  const items = parse(msg);\n  ${tail}\n});\n`;
      const got = linter.lint(code, 'cb.js').filter((f) => f.rule === 'missing-ack');
      assert.equal(got.length, 1, tail);
      assert.deepEqual(
        got[0]!.fixes.filter((f) => /^Insert/.test(f.title)),
        [],
        tail,
      );
    }
  });

  it('covers every rule with an invalid case and every language with a case', () => {
    for (const r of RULE_IDS)
      assert.ok(
        CASES.some((c) => c.errors.some((e) => e.rule === r)),
        `no invalid case for ${r}`,
      );
    const exts = new Set(CASES.map((c) => c.file.slice(c.file.lastIndexOf('.'))));
    for (const x of ['.js', '.ts', '.py', '.go', '.java', '.cs', '.rb', '.php', '.ex', '.erl', '.lfe']) assert.ok(exts.has(x), `no case for ${x}`);
  });

  it('every rule has a docs page with wrong and right examples', () => {
    for (const r of RULE_IDS) {
      const p = join(__dirname, '..', '..', '..', 'docs', 'rules', `${r}.md`);
      assert.ok(existsSync(p), `missing docs/rules/${r}.md`);
      const md = readFileSync(p, 'utf8');
      assert.match(md, new RegExp(`^# ${r}\\b`, 'm'));
      assert.match(md, /Wrong/);
      assert.match(md, /Right/);
    }
  });
});
