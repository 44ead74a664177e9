// Half-typed code is the normal state of a file in an editor: the analyser must never throw on it.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter, type Linter } from '../../../src/lint/index';
import { LINTABLE_EXTENSIONS } from '../../../src/lint/languages';

const CORPUS = join(__dirname, '..', '..', 'lint-corpus');

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? files(p) : LINTABLE_EXTENSIONS.some((x) => e.endsWith(x)) ? [p] : [];
  });
}

describe('lint robustness: truncated and garbled sources', function () {
  this.timeout(120_000);
  let linter: Linter;
  before(async () => {
    linter = await createLinter();
  });
  after(() => linter.dispose());

  it('never throws on any corpus file cut at 7 points or with a line deleted', () => {
    const all = files(CORPUS);
    assert.ok(all.length > 0, 'no corpus files');
    let runs = 0;
    for (const f of all) {
      const text = readFileSync(f, 'utf8');
      const variants: string[] = [];
      for (let k = 1; k <= 7; k++) variants.push(text.slice(0, Math.floor((text.length * k) / 8)));
      const lines = text.split('\n');
      const mid = Math.floor(lines.length / 2);
      variants.push([...lines.slice(0, mid), ...lines.slice(mid + 1)].join('\n'));
      variants.push(text.replace(/[)}\]]/, ''));
      for (const v of variants) {
        assert.doesNotThrow(() => linter.lint(v, f), `${f} (${v.length} chars)`);
        runs++;
      }
    }
    assert.ok(runs >= all.length * 9);
  });

  it('handles empty, whitespace-only and binary-looking input in every language', () => {
    for (const lang of ['javascript', 'typescript', 'tsx', 'python', 'go', 'java', 'csharp', 'ruby', 'php', 'elixir', 'erlang', 'lfe']) {
      for (const t of ['', '   \n\n', '\u0000\u0001\u00ff consume(', '(((((', '"unterminated', "#'basic.consume'{", '(make-basic.consume']) {
        assert.deepEqual(
          linter.lint(t, lang).filter((f) => !f.rule),
          [],
          `${lang}: ${JSON.stringify(t)}`,
        );
      }
    }
  });
});
