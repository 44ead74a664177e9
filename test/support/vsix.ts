// The packaged extension for the UI tests: `vsce package` (offline) once per test process, however
// many test files install it (the VSIX test and the newcomer test); removed when the process exits.
// installVsix() installs it into a fresh profile the way a user does, with --install-extension.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareCodeServer, repoRoot } from './codeServer';

let packaged: { path: string; ms: number } | undefined;

/** Packages the VSIX (vscode:prepublish builds dist/ first), or returns the one this process already built. */
export function packageVsix(): { path: string; ms: number } {
  if (packaged) return packaged;
  const dir = mkdtempSync(join(tmpdir(), 'acklab-vsix-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'acklab.vsix');
  const t0 = Date.now();
  execFileSync('npx', ['vsce', 'package', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', path], {
    cwd: repoRoot,
    stdio: 'pipe',
    timeout: 180_000,
    env: { ...process.env, npm_config_yes: 'true' },
  });
  packaged = { path, ms: Date.now() - t0 };
  return packaged;
}

/** The version in package.json: the installed extension's folder is acklab.acklab-<version>. */
export function extensionVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Installs the VSIX into these (fresh) profile folders with code-server's --install-extension; returns its output. */
export async function installVsix(vsix: string, extensionsDir: string, userDataDir: string): Promise<string> {
  const root = await prepareCodeServer();
  return execFileSync(
    process.execPath,
    [join(root, 'out', 'node', 'entry.js'), '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir],
    { encoding: 'utf8', timeout: 120_000 },
  );
}
