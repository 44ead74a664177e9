// docs/semantics.md is the behaviour reference that code and tests cite by number ("rule 7", "rules 10–13").
// Every citation must name a rule that exists there, and the rules are numbered 1…N without gaps or repeats.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const doc = readFileSync(join(ROOT, 'docs', 'semantics.md'), 'utf8');

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!['lint-corpus', 'fixtures', 'node_modules'].includes(e.name)) sources(p, out);
    } else if (/\.(ts|md)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Rule numbers cited in a text: "rule 7", "rules 5, 7 and 9", "rules 10–13" (ranges expanded). */
export function citations(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\brules? (\d+(?:\s*(?:,|and|[–-])\s*\d+)*)/g)) {
    for (const part of m[1].split(/\s*(?:,|and)\s*/)) {
      const [a, b] = part.split(/\s*[–-]\s*/).map(Number);
      for (let n = a; n <= (b ?? a); n++) out.push(n);
    }
  }
  return out;
}

describe('docs/semantics.md: the numbered behaviour reference', () => {
  const numbers = [...doc.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));

  it('numbers its rules 1…N once each, in order', () => {
    assert.ok(numbers.length >= 45, `${numbers.length} rules`);
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
    );
  });

  it('every rule names where it comes from (doc, src or probed)', () => {
    const bodies = doc.split(/^(?=\d+\. )/m).slice(1);
    const missing = bodies.filter((b) => !/\*(doc|src|probed)\b/.test(b)).map((b) => b.slice(0, 40));
    assert.deepEqual(missing, []);
  });

  it('every "rule N" cited in src/ and test/ exists', () => {
    const known = new Set(numbers);
    const bad: string[] = [];
    let seen = 0;
    for (const f of [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'test'))]) {
      for (const n of citations(readFileSync(f, 'utf8'))) {
        seen++;
        if (!known.has(n)) bad.push(`${f.slice(ROOT.length + 1)}: rule ${n}`);
      }
    }
    assert.ok(seen > 100, `only ${seen} citations found: is the pattern still right?`);
    assert.deepEqual(bad, []);
  });

  it('reads citations the way they are written', () => {
    assert.deepEqual(citations('see rule 7; rules 10–13 and rules 5, 9 and 12'), [7, 10, 11, 12, 13, 5, 9, 12]);
  });
});
