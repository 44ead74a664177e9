// Entry point run inside the real VS Code extension host (extensionTestsPath contract, the same as
// @vscode/test-electron's): bundled to dist/test/host/index.js by scripts/build.mjs. It runs the
// mocha suites below and reports every result as a JSON line to the file named by
// ACKLAB_HOST_RESULTS (the runner reads it), because the extension host's console is not ours.
import { appendFileSync } from 'node:fs';
import Mocha from 'mocha';

type Line =
  | { type: 'start'; total: number; vscode: string }
  | { type: 'pass'; title: string; duration: number }
  | { type: 'pending'; title: string }
  | { type: 'fail'; title: string; error: string }
  | { type: 'end'; passes: number; failures: number; pending: number };

export async function run(): Promise<void> {
  const resultsFile = process.env.ACKLAB_HOST_RESULTS;
  const emit = (l: Line) => {
    if (resultsFile) appendFileSync(resultsFile, JSON.stringify(l) + '\n');
    else console.log(JSON.stringify(l));
  };
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'dot' });
  if (process.env.ACKLAB_TEST_GREP) mocha.grep(process.env.ACKLAB_TEST_GREP);
  // The suites are bundled into this file; load them lazily so their describe() calls land in this Mocha.
  mocha.suite.emit('pre-require', globalThis, 'host-suites', mocha);
  // The Restricted Mode suite runs alone, in an untrusted window the runner opens for it.
  if (process.env.ACKLAB_HOST_UNTRUSTED === '1') await import('./trust.test.js');
  else await loadTrustedSuites();

  const vscode = await import('vscode');
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} host test(s) failed`));
      else resolve();
    });
    emit({ type: 'start', total: runner.total, vscode: vscode.version });
    runner.on('pass', (t) => emit({ type: 'pass', title: t.fullTitle(), duration: t.duration ?? 0 }));
    runner.on('pending', (t) => emit({ type: 'pending', title: t.fullTitle() }));
    runner.on('fail', (t, err: Error) => emit({ type: 'fail', title: t.fullTitle(), error: `${err?.stack ?? err}` }));
    runner.on('end', () =>
      emit({ type: 'end', passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 }),
    );
  });
}

async function loadTrustedSuites(): Promise<void> {
  await import('./activation.test.js');
  await import('./trees.test.js');
  await import('./consume.test.js');
  await import('./commands.test.js');
  await import('./settings.test.js');
  await import('./persistence.test.js');
  await import('./lint.test.js');
  await import('./remote.test.js');
  await import('./testRun.test.js');
  await import('./dispose.test.js');
}
