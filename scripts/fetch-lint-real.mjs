#!/usr/bin/env node
// Fetches the real-code lint corpus into the gitignored cache .cache/lint-real/: every package named in
// test/lint-real/labels.json, pinned by version, from the npm registry (`npm pack name@version`) and from Debian
// (`apt-get download name=version`, unpacked with dpkg-deb). The repository keeps only the labels; the code is
// fetched here, once, and reused. Usage: node scripts/fetch-lint-real.mjs [--quiet]
// Exit 0 when every package is in the cache afterwards; 1 with the list of packages that could not be had.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = join(ROOT, '.cache', 'lint-real');
const LABELS = join(ROOT, 'test', 'lint-real', 'labels.json');

/** `npm:name@version` → { kind, name, version, dir }; `deb:name=version` likewise. */
export function parseSource(id) {
  const m = /^(npm|deb):(.+)[@=]([^@=]+)$/.exec(id);
  if (!m) throw new Error(`bad package id in labels.json: ${id} (want npm:name@version or deb:name=version)`);
  const [, kind, name, version] = m;
  const dir = join(CACHE, kind, `${name.replace('/', '+')}@${version}`.replace(/[~:]/g, '_'));
  return { kind, name, version, dir };
}

function sh(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** One `npm pack` for all missing npm packages (one process, parallel downloads), then unpack each tarball. */
function fetchNpm(sources, tmp) {
  if (sources.length === 0) return;
  const out = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', tmp, ...sources.map((s) => `${s.name}@${s.version}`)], tmp));
  for (const [i, s] of sources.entries()) {
    const work = `${s.dir}.part`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    sh('tar', ['xzf', join(tmp, out[i].filename), '-C', work, '--warning=no-unknown-keyword', '--no-same-owner']);
    renameSync(join(work, 'package'), s.dir);
    rmSync(work, { recursive: true, force: true });
  }
}

/** `apt-get download` for the missing Debian packages (exact versions), then `dpkg-deb -x` each into the cache. */
function fetchDeb(sources, tmp) {
  if (sources.length === 0) return;
  const args = ['download', ...sources.map((s) => `${s.name}=${s.version}`)];
  try {
    sh('apt-get', args, tmp);
  } catch {
    // A fresh machine may have no (or stale) package lists: refresh them once, then try again.
    sh('apt-get', ['update', '-qq'], tmp);
    sh('apt-get', args, tmp);
  }
  const debs = readdirSync(tmp).filter((f) => f.endsWith('.deb'));
  for (const s of sources) {
    const deb = debs.find((f) => f.startsWith(`${s.name}_`));
    if (!deb) throw new Error(`apt-get download gave no .deb for ${s.name}=${s.version}`);
    const work = `${s.dir}.part`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    sh('dpkg-deb', ['-x', join(tmp, deb), work]);
    renameSync(work, s.dir);
  }
}

export function fetchAll({ quiet = false } = {}) {
  // `own:words` is the project's own cases (test/lint-real/own-words/), nothing to fetch.
  const ids = Object.keys(JSON.parse(readFileSync(LABELS, 'utf8')).packages).filter((id) => !id.startsWith('own:'));
  const missing = ids.map(parseSource).filter((s) => !existsSync(s.dir));
  if (missing.length === 0) return [];
  if (!quiet) console.log(`fetch-lint-real: fetching ${missing.length} package(s) into ${CACHE}`);
  const tmp = join(CACHE, '.tmp');
  const failed = [];
  for (const kind of ['npm', 'deb']) {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const batch = missing.filter((s) => s.kind === kind);
    try {
      (kind === 'npm' ? fetchNpm : fetchDeb)(batch, tmp);
    } catch (e) {
      // A batch failed (one unknown version fails the whole command): retry one by one to name the culprits.
      for (const s of batch.filter((b) => !existsSync(b.dir))) {
        try {
          (kind === 'npm' ? fetchNpm : fetchDeb)([s], tmp);
        } catch (err) {
          failed.push(
            `${s.kind}:${s.name}@${s.version}: ${String(err.stderr || err.message)
              .trim()
              .split('\n')
              .pop()}`,
          );
        }
      }
      if (failed.length === 0 && !quiet) console.log(`fetch-lint-real: batch retry succeeded after: ${e.message.split('\n')[0]}`);
    }
  }
  rmSync(tmp, { recursive: true, force: true });
  return failed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const failed = fetchAll({ quiet: process.argv.includes('--quiet') });
  if (failed.length) {
    console.error(`fetch-lint-real: could not fetch:\n  ${failed.join('\n  ')}`);
    process.exit(1);
  }
}
