// The files the linter loads at run time must be in the VSIX: .vscodeignore is an allow-list, so a
// missing `!` line would ship an extension whose linter cannot start. (vsce's own listFiles takes
// ~30 s on this machine, so the allow-list is evaluated here, in order, as vsce does: last match wins.)
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { RULE_IDS } from '../../../src/lint';
import { GRAMMAR_FILE } from '../../../src/lint/languages';
import { globToRegExp } from '../../../src/vscode/lint/helpers';

function packaged(path: string): boolean {
  let included = true;
  for (const raw of readFileSync('.vscodeignore', 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = negated ? line.slice(1) : line;
    // .vscodeignore patterns are relative to the root (a pattern without `/` still matches at any depth)
    if (globToRegExp(pattern).test(path)) included = negated;
  }
  return included;
}

describe('vscode-lint/VSIX contents', () => {
  const runtime = [
    'dist/extension.js',
    'node_modules/web-tree-sitter/package.json',
    'node_modules/web-tree-sitter/web-tree-sitter.cjs',
    'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  ];
  const grammars = [...new Set(Object.values(GRAMMAR_FILE))].map((f) =>
    f === 'tree-sitter-elixir.wasm' ? `node_modules/tree-sitter-elixir/${f}` : `node_modules/@vscode/tree-sitter-wasm/wasm/${f}`,
  );
  const docs = RULE_IDS.map((id) => `docs/rules/${id}.md`);
  // package.json's %placeholders% and vscode.l10n.t resolve against these: without them every title is a raw key
  const l10n = ['package.nls.json', 'l10n/bundle.l10n.json'];

  it('the allow-list evaluator works (sanity: sources and tests stay out)', () => {
    assert.equal(packaged('src/vscode/lint/index.ts'), false);
    assert.equal(packaged('test/fixtures/lint-vscode/worker.js'), false);
    assert.equal(packaged('node_modules/amqplib/lib/channel.js'), false);
  });

  it('ships translations added beside the English texts', () => {
    for (const path of ['package.nls.de.json', 'l10n/bundle.l10n.de.json', 'l10n/bundle.l10n.pt-br.json']) assert.ok(packaged(path), `${path} is excluded`);
    assert.equal(packaged('l10n/notes.md'), false);
  });

  for (const path of [...runtime, ...grammars, ...docs, ...l10n]) {
    it(`ships ${path}`, () => {
      assert.ok(packaged(path), `${path} is excluded by .vscodeignore`);
      if (!path.startsWith('dist/')) assert.ok(existsSync(path), `${path} does not exist`);
    });
  }
});
