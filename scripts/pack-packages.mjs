// Builds the two npm packages a user installs besides the VSIX, and packs them:
//   acklab                the CLI (serve, lint, scenario, demo, test) with every lint grammar, and startBroker()
//                         with its TypeScript declarations (scripts/declarations.mjs)
//   eslint-plugin-acklab  the ESLint plugin with the JavaScript/TypeScript grammars only
// Each is staged under dist/packages/<name>/ from packages/<name>/package.json (the committed manifest; the
// version comes from the root package.json), then `npm pack`ed to dist/packages/<name>-<version>.tgz.
// Both bundle everything they run (web-tree-sitter included), so they have no runtime dependencies: an install
// pulls nothing else. THIRD_PARTY_NOTICES.md carries the licence of every package in the bundle and of the
// shipped grammar files.
//
//   node scripts/pack-packages.mjs            -> prints one JSON line per package: { name, tarball, bytes, files }
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitDeclarations } from './declarations.mjs';
import { cliCommands, cliMainOptions } from './cli-chunks.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nm = join(root, 'node_modules');
const out = join(root, 'dist', 'packages');

const ALL_GRAMMARS = ['javascript', 'typescript', 'tsx', 'python', 'go', 'java', 'c-sharp', 'ruby', 'php'];
const JS_GRAMMARS = ['javascript', 'typescript', 'tsx'];

const PACKAGES = [
  {
    name: 'acklab',
    entries: [
      // the CLI's entry and one bundle per subcommand, loaded on demand (scripts/cli-chunks.mjs)
      { in: 'src/cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node', options: cliMainOptions },
      ...cliCommands(root).map((c) => ({ in: relative(root, c.in), out: c.out })),
      // require('acklab').startBroker() for Node test suites, and `acklab test --trace`'s amqplib hook
      { in: 'src/testkit/api.ts', out: 'dist/api.js' },
      { in: 'src/testkit/hooks/amqplib.ts', out: 'dist/hooks/amqplib.js' },
    ],
    // `acklab test --trace`'s pika hook (Python, shipped as is)
    copy: [['src/testkit/hooks/python/sitecustomize.py', 'dist/hooks/python/sitecustomize.py']],
    // startBroker()'s types (the manifest's "types" and exports["."].types point at dist/types/testkit/api.d.ts)
    declarations: { entry: 'src/testkit/api.ts', outDir: 'dist/types' },
    grammars: ALL_GRAMMARS,
    elixir: true,
    // `acklab serve --ui` serves the stepper page: the webview bundle ships beside the CLI.
    webview: true,
  },
  {
    name: 'eslint-plugin-acklab',
    entries: [{ in: 'src/lint/eslint-plugin.ts', out: 'dist/index.js' }],
    grammars: JS_GRAMMARS,
    elixir: false,
    webview: false,
  },
];

/** The package a bundled file came from ("node_modules/a/b/x.js" -> "a/b" for scoped names). */
function packageOf(input) {
  const i = input.lastIndexOf('node_modules/');
  if (i < 0) return undefined;
  const parts = input.slice(i + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

function licenceText(pkg) {
  const dir = join(nm, pkg);
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${meta.license ?? 'see the package'}`;
  return `## ${pkg}@${meta.version} (${meta.license ?? 'unknown'})\n\n${text}\n`;
}

async function stage(spec) {
  const dir = join(out, spec.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'wasm'), { recursive: true });
  const bundled = new Set();
  for (const e of spec.entries) {
    const r = await esbuild.build({
      entryPoints: [join(root, e.in)],
      outfile: join(dir, e.out),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: true,
      sourcemap: false,
      external: ['vscode'],
      metafile: true,
      logLevel: 'warning',
      // web-tree-sitter's ESM build needs import.meta.url, which a CJS bundle lacks: bundle its CJS build instead.
      // jsonc-parser and tinyglobby: the builds that work in a CJS bundle (see scripts/build.mjs).
      alias: {
        'web-tree-sitter': join(nm, 'web-tree-sitter', 'web-tree-sitter.cjs'),
        'jsonc-parser': join(nm, 'jsonc-parser', 'lib', 'esm', 'main.js'),
        tinyglobby: join(nm, 'tinyglobby', 'dist', 'index.cjs'),
      },
      banner: e.banner ? { js: e.banner } : undefined,
      legalComments: 'none',
      ...e.options,
    });
    for (const input of Object.keys(r.metafile.inputs)) {
      const p = packageOf(input);
      if (p) bundled.add(p);
    }
  }
  const wasmFrom = [join(nm, 'web-tree-sitter', 'web-tree-sitter.wasm')];
  for (const g of spec.grammars) wasmFrom.push(join(nm, '@vscode', 'tree-sitter-wasm', 'wasm', `tree-sitter-${g}.wasm`));
  if (spec.elixir) wasmFrom.push(join(nm, 'tree-sitter-elixir', 'tree-sitter-elixir.wasm'));
  for (const f of wasmFrom) cpSync(f, join(dir, 'wasm', f.slice(f.lastIndexOf('/') + 1)));
  const shipped = new Set(['web-tree-sitter', '@vscode/tree-sitter-wasm', ...(spec.elixir ? ['tree-sitter-elixir'] : []), ...bundled]);
  if (spec.webview) {
    for (const f of readdirSync(join(root, 'dist')).filter((f) => /^webview\.(js|css)$|\.ttf$/.test(f))) cpSync(join(root, 'dist', f), join(dir, 'dist', f));
    for (const p of ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@vscode-elements/elements', '@vscode/codicons'])
      if (existsSync(join(nm, p))) shipped.add(p);
  }
  for (const [from, to] of spec.copy ?? []) cpSync(join(root, from), join(dir, to));
  if (spec.declarations) emitDeclarations({ root, entry: spec.declarations.entry, outDir: join(dir, spec.declarations.outDir) });
  cpSync(join(root, 'docs', 'rules'), join(dir, 'docs', 'rules'), { recursive: true });
  for (const f of ['LICENSE']) cpSync(join(root, f), join(dir, f));
  cpSync(join(root, 'packages', spec.name, 'README.md'), join(dir, 'README.md'));
  const notices = [...shipped]
    .filter((p) => existsSync(join(nm, p, 'package.json')))
    .sort()
    .map(licenceText);
  writeFileSync(
    join(dir, 'THIRD_PARTY_NOTICES.md'),
    `# Third-party notices\n\n${spec.name} bundles code and ships files from these packages.\n\n${notices.join('\n')}`,
  );
  const manifest = JSON.parse(readFileSync(join(root, 'packages', spec.name, 'package.json'), 'utf8'));
  manifest.version = rootPkg.version;
  for (const k of ['homepage', 'repository', 'bugs', 'author']) if (rootPkg[k] !== undefined) manifest[k] = rootPkg[k];
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

function pack(dir) {
  const res = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: dir, encoding: 'utf8' }))[0];
  return {
    name: res.name,
    tarball: join(out, res.filename),
    bytes: statSync(join(out, res.filename)).size,
    unpackedBytes: res.unpackedSize,
    files: res.entryCount,
  };
}

if (!existsSync(join(root, 'dist', 'webview.js'))) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
mkdirSync(out, { recursive: true });
const only = process.argv.slice(2);
for (const spec of PACKAGES.filter((p) => only.length === 0 || only.includes(p.name))) {
  const info = pack(await stage(spec));
  console.log(JSON.stringify({ ...info, tarball: relative(root, info.tarball) }));
}
