// Runs the host test suites (test/vscode/host/*.test.ts, bundled into dist/test/host/index.js)
// inside a real VS Code extension host: code-server 4.100.3 + headless Chromium, the same
// extensionDevelopmentPath/extensionTestsPath contract as @vscode/test-electron.
//
//   node --import tsx test/vscode/run-host-tests.ts        (npm run test:host; build first)
//   ACKLAB_TEST_GREP=queues ...                            only matching tests (trusted window only)
//   ACKLAB_HOST_SESSION=untrusted ...                      only the Restricted Mode window (trust.test.ts)
//   ACKLAB_KEEP_TEMP=1 ...                                 keep the temp user-data/workspace
//
// Exit code 0 only when every suite reported and none failed. A run that does not finish within
// ACKLAB_HOST_TIMEOUT_MS (default 10 minutes) fails loudly with the server's last output.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CodeServer, freePort, openWorkbench, repoRoot, stopAll, type Workbench } from '../support/codeServer';

const timeoutMs = Number(process.env.ACKLAB_HOST_TIMEOUT_MS ?? 10 * 60_000);

async function main(): Promise<number> {
  const testsEntry = join(repoRoot, 'dist', 'test', 'host', 'index.js');
  for (const f of [join(repoRoot, 'dist', 'extension.js'), testsEntry]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`node scripts/build.mjs\` first`);
  }
  const only = process.env.ACKLAB_HOST_SESSION; // 'trusted' or 'untrusted': run one window only
  const trusted = only === 'untrusted' ? 0 : await session(testsEntry, false);
  // Restricted Mode: a folder of its own whose .vscode/settings.json tries restricted settings (trust.test.ts).
  const untrusted = only === 'trusted' || process.env.ACKLAB_TEST_GREP ? 0 : await session(testsEntry, true);
  return trusted || untrusted;
}

async function session(testsEntry: string, untrusted: boolean): Promise<number> {
  const started = Date.now();
  const amqpPort = await freePort();
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  let resultsFile = '';
  try {
    const resultsDir = mkdtempSync(join(tmpdir(), 'acklab-host-results-'));
    resultsFile = join(resultsDir, 'results.jsonl');
    writeFileSync(resultsFile, '');
    let workspace: string | undefined;
    if (untrusted) {
      workspace = join(resultsDir, 'untrusted-folder');
      mkdirSync(join(workspace, '.vscode'), { recursive: true });
      const folderSettings = {
        'acklab.lint.delay': 321,
        'acklab.amqp.bindAddress': '0.0.0.0',
        'acklab.brokers': [{ name: 'from-the-folder', managementUrl: 'http://192.0.2.1:15672' }],
      };
      writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(folderSettings, null, 2));
    }
    // The extension host inherits the server's environment: that is how the suites learn where to report.
    server = await CodeServer.start({
      workspace,
      untrusted,
      settings: { 'acklab.amqp.port': amqpPort },
      env: { ACKLAB_HOST_RESULTS: resultsFile, ACKLAB_TEST_AMQP_PORT: String(amqpPort), ...(untrusted ? { ACKLAB_HOST_UNTRUSTED: '1' } : {}) },
    });
    console.log(
      `code-server on ${server.url} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)${untrusted ? ', folder untrusted' : ''}; AMQP test port ${amqpPort}`,
    );
    const url = server.workbenchUrl({ extensionDevelopmentPath: repoRoot, extensionTestsPath: testsEntry });
    wb = await openWorkbench(url, { onConsole: (l) => process.env.ACKLAB_VERBOSE && console.log(`  [page] ${l}`) });
    return await follow(resultsFile, server, wb);
  } finally {
    await wb?.close();
    await server?.stop();
    await stopAll();
    if (resultsFile && !process.env.ACKLAB_KEEP_TEMP) rmSync(dirname(resultsFile), { recursive: true, force: true });
  }
}

/** Streams results as they arrive; resolves with the exit code. */
async function follow(resultsFile: string, server: CodeServer, wb: Workbench): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  let failures = 0;
  let started = false;
  for (;;) {
    const lines = readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean);
    for (const raw of lines.slice(seen)) {
      const l = JSON.parse(raw) as { type: string; [k: string]: unknown };
      switch (l.type) {
        case 'start':
          started = true;
          console.log(`running ${l.total} host tests in VS Code ${l.vscode}`);
          break;
        case 'pass':
          console.log(`  ✔ ${l.title} (${l.duration} ms)`);
          break;
        case 'pending':
          console.log(`  - ${l.title} (pending)`);
          break;
        case 'fail':
          failures++;
          console.log(`  ✘ ${l.title}\n${String(l.error).replace(/^/gm, '      ')}`);
          break;
        case 'end':
          console.log(`\n${l.passes} passing, ${l.failures} failing, ${l.pending} pending`);
          return Number(l.failures) > 0 || failures > 0 || Number(l.passes) === 0 ? 1 : 0;
      }
    }
    seen = lines.length;
    if (server.proc.exitCode !== null) throw new Error(`code-server exited (${server.proc.exitCode}) before the tests ended:\n${server.tail()}`);
    if (Date.now() > deadline) {
      const hint = started ? 'tests started but did not finish' : 'the test entry never started (extension host failed to load it?)';
      throw new Error(
        `TIMEOUT after ${timeoutMs} ms: ${hint}.\n--- code-server output ---\n${server.tail()}\n--- page console ---\n${wb.console.slice(-40).join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`host tests FAILED: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);
