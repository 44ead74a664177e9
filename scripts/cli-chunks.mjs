// `acklab`'s subcommands load on demand (start-up time, #17): dist/cli.js holds only src/cli/main.ts, and its
// `import('./commands/<name>.js')` becomes a require of dist/cli/<name>.js, a bundle of its own. So `acklab lint`
// never reads or compiles the broker, `acklab test` never the linter, and `--version` neither. Used by
// scripts/build.mjs and scripts/pack-packages.mjs (the npm package has the same layout).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The subcommands: src/cli/commands/<name>.ts -> dist/cli/<name>.js. */
export function cliCommands(root = '.') {
  return readdirSync(join(root, 'src', 'cli', 'commands'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ in: join(root, 'src', 'cli', 'commands', f), out: join('dist', 'cli', f.replace(/\.ts$/, '.js')) }));
}

/** esbuild options for src/cli/main.ts: each `./commands/<name>.js` import stays external, as `./cli/<name>.js`, and
 *  is loaded with require (dynamic import off: import() of a CJS file would start Node's ESM loader). */
export const cliMainOptions = {
  supported: { 'dynamic-import': false },
  plugins: [
    {
      name: 'acklab-cli-commands',
      setup(b) {
        b.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (a) =>
          a.importer.endsWith(join('src', 'cli', 'main.ts')) ? { path: a.path.replace('./commands/', './cli/'), external: true } : undefined,
        );
      },
    },
  ],
};
