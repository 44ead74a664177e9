// package.json's menus against the code: every view menu is scoped by its view (so AckLab's items
// never appear on other extensions' trees), matches context values of the form acklab.<source>.<kind>
// that a view model really sets, and names a declared command that the extension registers.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  contributes: { commands: { command: string }[]; menus: Record<string, { command: string; when?: string }[]> };
};

function sources(dir: string): string {
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .map((p) => (statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? readFileSync(p, 'utf8') : ''))
    .join('\n');
}
const code = sources('src');

describe('package.json menus and context values', () => {
  it('every view menu item says which view it is for', () => {
    for (const menu of ['view/title', 'view/item/context']) {
      for (const item of pkg.contributes.menus[menu] ?? []) {
        const clauses = (item.when ?? '').split('||');
        for (const c of clauses) assert.match(c, /view == acklab\.\w+/, `${menu} ${item.command}: "${item.when}" is not scoped by view`);
      }
    }
  });

  it('every viewItem is acklab.<source>.<kind> and is set by the code', () => {
    for (const item of pkg.contributes.menus['view/item/context'] ?? []) {
      const when = item.when ?? '';
      for (const m of when.matchAll(/viewItem == (\S+)/g)) {
        assert.match(m[1]!, /^acklab\.[a-z]+\.[a-zA-Z.]+$/, `${item.command}: ${m[1]}`);
        assert.ok(code.includes(`'${m[1]}'`), `${item.command}: no view model sets context value ${m[1]}`);
      }
      for (const m of when.matchAll(/viewItem =~ \/\^(acklab\\\.[a-z]+\\\.)/g))
        assert.ok(m[1], `${item.command}: regex context values start with acklab.<source>.`);
    }
  });

  it('menus name declared commands, and every declared command is registered by the extension', () => {
    const declared = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(pkg.contributes.menus))
      for (const it of items) assert.ok(declared.has(it.command), `${menu}: ${it.command} is not declared`);
    for (const id of declared) {
      const short = id.replace(/^acklab\./, '');
      const registered = code.includes(`'${id}'`) || code.includes(`  ${short}: `) || code.includes(`'${short}'`);
      assert.ok(registered, `${id} is declared but no source registers it`);
    }
  });
});
