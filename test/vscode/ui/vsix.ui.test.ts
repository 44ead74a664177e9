// Packaging: `vsce package` builds the VSIX offline; installed into the real VS Code (code-server)
// like a user would, it activates when its view is opened. Prints the VSIX size and activation time.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeServer, freePort, openWorkbench, prepareCodeServer, repoRoot, type Workbench } from '../../support/codeServer';
import { expectText, openAckLab, shot } from './workbench';

function findFiles(dir: string, re: RegExp, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) findFiles(p, re, out);
    else if (re.test(e.name)) out.push(p);
  }
  return out;
}

describe('the packaged VSIX in a real VS Code', function () {
  this.timeout(300_000);
  const tmp = mkdtempSync(join(tmpdir(), 'acklab-vsix-'));
  const vsix = join(tmp, 'acklab.vsix');
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  after(async () => {
    await wb?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('packages with vsce offline, installs with --install-extension, and activates from its view', async () => {
    const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;
    execFileSync('npx', ['vsce', 'package', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix], {
      cwd: repoRoot,
      stdio: 'pipe',
      timeout: 180_000,
      env: { ...process.env, npm_config_yes: 'true' },
    });
    const size = statSync(vsix).size;
    assert.ok(size > 10_000 && size < 20 * 1024 * 1024, `VSIX size ${size}`);

    const root = await prepareCodeServer();
    const extensionsDir = join(tmp, 'extensions');
    const userDataDir = join(tmp, 'user-data');
    const out = execFileSync(
      process.execPath,
      [join(root, 'out', 'node', 'entry.js'), '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir],
      { encoding: 'utf8', timeout: 120_000 },
    );
    assert.match(out, /was successfully installed/);
    assert.ok(
      readdirSync(extensionsDir).some((d) => d === `acklab.acklab-${version}`),
      `installed as acklab.acklab-${version}: ${readdirSync(extensionsDir)}`,
    );

    // The VSIX carries only the grammars the lint loads: its own CLI, run from a directory outside the repo (so
    // nothing is found in the repo's node_modules), lints the labelled corpus and reports every language.
    const installed = join(extensionsDir, `acklab.acklab-${version}`);
    // the English texts of package.json's %key% placeholders and of vscode.l10n.t ship with it
    for (const f of ['package.nls.json', join('l10n', 'bundle.l10n.json')]) assert.ok(existsSync(join(installed, f)), `${f} is in the installed VSIX`);
    const lint = spawnSync(process.execPath, [join(installed, 'dist', 'cli.js'), 'lint', join(repoRoot, 'test', 'lint-corpus'), '--format', 'json'], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(lint.status, 1, `lint from the installed VSIX: exit ${lint.status}\n${lint.stderr}`);
    const languages = new Set((JSON.parse(lint.stdout) as { findings: Array<{ language: string }> }).findings.map((f) => f.language));
    assert.deepEqual([...languages].sort(), ['csharp', 'elixir', 'erlang', 'go', 'java', 'javascript', 'lfe', 'php', 'python', 'ruby', 'typescript']);

    const amqpPort = await freePort();
    server = await CodeServer.start({ extensionsDir, userDataDir, settings: { 'acklab.amqp.port': amqpPort } });
    wb = await openWorkbench(server.workbenchUrl());
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const t0 = Date.now();
    await openAckLab(wb.page);
    await expectText(wb.page.locator('.statusbar-item', { hasText: 'AckLab' }), new RegExp(`AckLab :${amqpPort}\\s+ready 0 · unacked 0`), 60_000);
    const uiMs = Date.now() - t0;
    await shot(wb.page, 'vsix-installed-light');

    // the extension logs its own activation time to its log output channel
    let activationMs = NaN;
    const deadline = Date.now() + 15_000;
    while (Number.isNaN(activationMs) && Date.now() < deadline) {
      for (const f of findFiles(join(userDataDir, 'logs'), /AckLab.*\.log$/)) {
        const m = /AckLab activated in (\d+) ms/.exec(readFileSync(f, 'utf8'));
        if (m) activationMs = Number(m[1]);
      }
      if (Number.isNaN(activationMs)) await new Promise((r) => setTimeout(r, 250));
    }
    const logs = findFiles(join(userDataDir, 'logs'), /\.log$/).map((f) => f.slice(userDataDir.length));
    console.log(`      VSIX ${(size / 1024 / 1024).toFixed(2)} MiB; activate() ${activationMs} ms; view click → broker in status bar ${uiMs} ms`);
    assert.ok(activationMs >= 0 && activationMs < 5000, `activation took ${activationMs} ms; logs: ${logs.join(', ')}`);
  });
});
