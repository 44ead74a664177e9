#!/usr/bin/env node
// Prepares a real VS Code for the host and UI tests: code-server 4.100.3 (VS Code 1.100.3, the
// newest that runs on Node 20), unpacked from npm and cached under .vscode-test/, the same place
// @vscode/test-electron keeps its downloads. See /work/shared/vscode-host.md for why: desktop
// VS Code cannot be downloaded here, but the npm registry is reachable.
//
//   node scripts/prepare-vscode.mjs        prints the code-server root once it is ready
//
// Idempotent: when the cache is complete (marker file present) it returns at once. Concurrent
// callers serialise on a lock directory; the work happens in a temp folder renamed into place,
// so a half-prepared cache is never used.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = join(repo, '.vscode-test');
export const codeServerRoot = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
const marker = join(codeServerRoot, '.acklab-ready');
const lockDir = join(cacheRoot, 'prepare.lock');

function log(msg) {
  process.stderr.write(`[prepare-vscode] ${msg}\n`);
}

/** Runs a command, echoing it; npm commands take the shared npm lock (rule for this repo) when flock exists. */
function run(cmd, args, cwd, env = {}) {
  const started = Date.now();
  log(`${cwd.replace(repo + '/', '')}$ ${cmd} ${args.join(' ')}`);
  let file = cmd;
  let argv = args;
  if (cmd === 'npm' && hasFlock()) {
    file = 'flock';
    argv = ['/tmp/acklab-npm.lock', 'npm', ...args];
  }
  try {
    execFileSync(file, argv, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...env },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 15 * 60_000,
    });
  } catch (err) {
    const out = `${err.stdout ?? ''}\n${err.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${out}`, { cause: err });
  }
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

let flockKnown;
function hasFlock() {
  if (flockKnown === undefined) {
    try {
      execFileSync('flock', ['--version'], { stdio: 'ignore' });
      flockKnown = true;
    } catch {
      flockKnown = false;
    }
  }
  return flockKnown;
}

function isReady() {
  return existsSync(marker) && readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION;
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function withLock(fn) {
  mkdirSync(cacheRoot, { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
      } catch {
        // pid not written yet
      }
      const age = Date.now() - statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
      if ((Number.isFinite(owner) && !pidAlive(owner)) || age > 30 * 60_000) {
        log(`removing stale lock (pid ${owner})`);
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (held by pid ${owner})`, { cause: err });
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function prepareInto(work) {
  mkdirSync(work, { recursive: true });
  // 1. The package itself, without running its postinstall (it needs network and native headers).
  run('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--silent', '--pack-destination', work], work);
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error('npm pack produced no tarball');
  run('tar', ['-xzf', tgz, '--strip-components=1'], work);
  rmSync(join(work, tgz));
  // 2. Its dependencies; argon2 is native.
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock', '--loglevel=error'], work);
  run('npm', ['rebuild', 'argon2', '--loglevel=error'], work);
  // 3. VS Code's own server dependencies, native ones rebuilt against this Node.
  const vscode = join(work, 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock', '--loglevel=error'], vscode);
  run('npm', ['rebuild', 'kerberos', 'node-pty', '@parcel/watcher', '@vscode/spdlog', 'native-watchdog', '@vscode/deviceid', '--loglevel=error'], vscode);
  // @vscode/ripgrep would download rg from GitHub; Debian's ripgrep is the same tool.
  const rgDir = join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => existsSync(p));
  if (!rg) throw new Error('ripgrep not found: install the Debian package ripgrep (scripts/ensure-system-deps.sh does)');
  copyFileSync(rg, join(rgDir, 'rg'));
  chmodSync(join(rgDir, 'rg'), 0o755);
  if (!existsSync(join(vscode, 'node_modules.asar'))) symlinkSync('node_modules', join(vscode, 'node_modules.asar'));
  // 4. Built-in extensions' dependencies.
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock', '--loglevel=error'], join(vscode, 'extensions'));
  if (!existsSync(join(work, 'out', 'node', 'entry.js'))) throw new Error('code-server entry point missing after install');
  writeFileSync(join(work, '.acklab-ready'), CODE_SERVER_VERSION + '\n');
}

export async function prepareVscode() {
  if (isReady()) return codeServerRoot;
  return withLock(async () => {
    if (isReady()) return codeServerRoot; // someone else finished while we waited
    const started = Date.now();
    log(`preparing code-server ${CODE_SERVER_VERSION} in ${codeServerRoot} (first run only, a few minutes)`);
    const work = `${codeServerRoot}.tmp-${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    try {
      prepareInto(work);
      rmSync(codeServerRoot, { recursive: true, force: true });
      renameSync(work, codeServerRoot);
    } catch (err) {
      rmSync(work, { recursive: true, force: true });
      throw err;
    }
    log(`ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return codeServerRoot;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  prepareVscode().then(
    (root) => console.log(root),
    (err) => {
      console.error(`[prepare-vscode] FAILED: ${err.message}`);
      process.exit(1);
    },
  );
}
