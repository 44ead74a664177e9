import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { LOAD_ALL_COMMAND, LOAD_MORE_COMMAND } from '../../../src/remote/tree';

// The broker roots' commands (src/vscode/remoteBrokers.ts) and the contributes entries handed to the
// extension's package.json (src/remote/package-contributes.json) must name the same commands.
describe('remote: contributes for the broker roots', () => {
  const contrib = JSON.parse(readFileSync('src/remote/package-contributes.json', 'utf8')) as {
    commands: { command: string; title: string; category: string }[];
    menus: Record<string, { command: string; when: string }[]>;
    'configuration.properties': Record<string, unknown>;
  };
  const src = readFileSync('src/vscode/remoteBrokers.ts', 'utf8');
  const registered = [...src.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]!);
  if (src.includes('registerCommand(LOAD_MORE_COMMAND')) registered.push(LOAD_MORE_COMMAND);
  if (src.includes('registerCommand(LOAD_ALL_COMMAND')) registered.push(LOAD_ALL_COMMAND);

  it('declares every registered command, and registers every declared one', () => {
    assert.deepEqual(contrib.commands.map((c) => c.command).sort(), [...new Set(registered)].sort());
    assert.ok(contrib.commands.every((c) => c.category === 'AckLab' && c.title.length > 0));
  });

  it('menus only use declared commands and the context values the tree models set', () => {
    const declared = new Set(contrib.commands.map((c) => c.command));
    const treeSrc = readFileSync('src/remote/tree.ts', 'utf8');
    for (const [menu, items] of Object.entries(contrib.menus)) {
      for (const it of items) {
        assert.ok(declared.has(it.command), `${menu}: ${it.command} is not declared`);
        for (const m of it.when.matchAll(/viewItem == (\S+)/g)) assert.ok(treeSrc.includes(`'${m[1]}'`), `${menu}: unknown context value ${m[1]}`);
      }
    }
  });

  it('declares the settings the code reads', () => {
    assert.ok(src.includes("get('brokers')"));
    assert.ok(src.includes("REFRESH_SETTING = 'remote.refreshIntervalSeconds'"));
    assert.deepEqual(Object.keys(contrib['configuration.properties']).sort(), ['acklab.brokers', 'acklab.remote.refreshIntervalSeconds']);
  });
});
