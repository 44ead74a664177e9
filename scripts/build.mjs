// Builds every bundle with esbuild (an entry whose source is missing is an error, not skipped).
import * as esbuild from 'esbuild';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cliCommands, cliMainOptions } from './cli-chunks.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  // web-tree-sitter's ESM build needs import.meta.url (undefined in a CJS bundle): load its own CJS build from
  // node_modules instead (.vscodeignore keeps node_modules/web-tree-sitter in the VSIX).
  external: ['vscode', 'web-tree-sitter'],
  // Two dependencies whose default build breaks inside a CJS bundle: jsonc-parser's UMD "main" requires its own
  // files at run time ("Cannot find module './impl/format'"), and tinyglobby's ESM build (picked for an import)
  // calls createRequire(import.meta.url). Bundle jsonc-parser's ESM build and tinyglobby's CJS build instead.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js', tinyglobby: './node_modules/tinyglobby/dist/index.cjs' },
  logLevel: 'warning',
};

// dist/cli.js is src/cli/main.ts alone; each subcommand is its own bundle in dist/cli/ (scripts/cli-chunks.mjs).
const cli = [
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, ...cliMainOptions },
  ...cliCommands().map((c) => ({ ...node, entryPoints: [c.in], outfile: c.out })),
];

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  // Real brokers: the management client's worker thread (src/remote/workerClient.ts loads it).
  { ...node, entryPoints: ['src/remote/worker.ts'], outfile: 'dist/remoteWorker.js' },
  ...cli,
  { ...node, entryPoints: ['src/lint/eslint-plugin.ts'], outfile: 'dist/eslint.js' },
  // `acklab test --trace`: the amqplib hook preloaded into the user's test process (NODE_OPTIONS=--require)
  { ...node, sourcemap: false, entryPoints: ['src/testkit/hooks/amqplib.ts'], outfile: 'dist/hooks/amqplib.js' },
  // startBroker() for Node test suites (the acklab npm package's main export)
  { ...node, entryPoints: ['src/testkit/api.ts'], outfile: 'dist/api.js' },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    logLevel: 'warning',
    // webview/main.ts imports its CSS and codicon.css: esbuild writes dist/webview.css and the codicon font beside it.
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
  },
];

// Benchmarks: every bench/*.ts becomes dist/bench/*.js.
if (existsSync('bench')) {
  for (const f of readdirSync('bench').filter((f) => f.endsWith('.ts'))) {
    builds.push({ ...node, sourcemap: false, entryPoints: [join('bench', f)], outfile: join('dist/bench', f.replace(/\.ts$/, '.js')) });
  }
}
// Tests that run inside the VS Code extension host: test/vscode/host/index.ts -> dist/test/host/index.js
builds.push({ ...node, entryPoints: ['test/vscode/host/index.ts'], outfile: 'dist/test/host/index.js', external: ['vscode', 'mocha'] });

// `acklab test --trace`: pika's hook is Python, copied as is (PYTHONPATH=dist/hooks/python)
if (existsSync('src/testkit/hooks/python'))
  cpSync('src/testkit/hooks/python', 'dist/hooks/python', { recursive: true, filter: (f) => !f.includes('__pycache__') });

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log(`watching ${builds.length} bundles`);
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
