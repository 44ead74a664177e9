// "AckLab: Run Tests Against the Playground": runs the workspace's test command in a terminal with
// AMQP_URL (and RABBITMQ_URL, CLOUDAMQP_URL) pointing at the running playground and the trace hooks
// loaded, then puts the ack findings (src/testkit) in the Problems panel (testFindings.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { detectTestCommand } from '../testkit/detect';
import { formatText } from '../testkit/format';
import { hookEnv } from '../testkit/hooks/env';
import { AckSession } from '../testkit/session';
import type { AckReport } from '../testkit/types';
import type { Playground } from '../playground';
import type { ErrorSink } from './command';
import { TestFindings } from './testFindings';

/** What the command needs from the extension (a narrow view of AckLabApi, so this file does not import main.ts). */
export interface TestRunDeps {
  readonly playground: Playground;
  readonly services: ErrorSink;
}

export const RUN_TESTS_COMMAND = 'acklab.test.run';

/** Arguments for tests and keybindings; the palette passes none. */
export interface RunTestsArgs {
  command?: string;
  cwd?: string;
}

function defaultCommand(folder: string): string | undefined {
  const pkg = join(folder, 'package.json');
  let files: string[] = [];
  try {
    files = readdirSync(folder);
  } catch {
    /* an unreadable folder suggests nothing */
  }
  return detectTestCommand({ files, ...(existsSync(pkg) ? { packageJson: readFileSync(pkg, 'utf8') } : {}) });
}

/** Runs `command` in a terminal of its own; resolves with the report when it exits. */
function runInTerminal(command: string, cwd: string, env: Record<string, string>, session: AckSession, settle: () => Promise<void>): Promise<AckReport> {
  return new Promise((resolve) => {
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number | void>();
    const out = (b: Buffer | string) => write.fire(b.toString().replace(/\r?\n/g, '\r\n'));
    const started = Date.now();
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: () => {
        out(vscode.l10n.t('AckLab: running {0} against the playground ({1})', command, env.AMQP_URL ?? '') + '\n\n');
        const shell = process.platform === 'win32' ? { file: 'cmd.exe', args: ['/d', '/s', '/c', command] } : { file: '/bin/sh', args: ['-c', command] };
        const child = spawn(shell.file, shell.args, { cwd, env: { ...process.env, ...env } });
        child.stdout.on('data', out);
        child.stderr.on('data', out);
        child.on('error', (e) => {
          out(`\n${vscode.l10n.t('AckLab: cannot run {0}: {1}', command, e.message)}\n`);
        });
        child.on('close', (code) => {
          void settle().then(() => {
            const report = session.report({ command: [command], exitCode: code, durationMs: Date.now() - started }, false);
            out(formatText(report));
            out(`\n${vscode.l10n.t('Press any key to close this terminal.')}\n`);
            resolve(report);
          });
        });
      },
      close: () => undefined,
      handleInput: () => close.fire(),
    };
    vscode.window.createTerminal({ name: vscode.l10n.t('AckLab: tests'), pty }).show(true);
  });
}

export function registerTestRun(api: TestRunDeps): vscode.Disposable[] {
  const findings = new TestFindings(api.playground, api.services);
  const run = async (args: RunTestsArgs = {}): Promise<AckReport | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(vscode.l10n.t('AckLab: running the test command needs a trusted workspace.'));
      return undefined;
    }
    const folder = args.cwd ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!folder) {
      void vscode.window.showErrorMessage(vscode.l10n.t('AckLab: open a folder to run its tests.'));
      return undefined;
    }
    const configured = vscode.workspace.getConfiguration('acklab').get<string>('test.command', '').trim();
    const command = args.command ?? (configured || defaultCommand(folder));
    if (!command) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('AckLab: no test command found (no package.json test script, pytest or Go tests). Set acklab.test.command.'),
      );
      return undefined;
    }
    if (api.playground.state !== 'running') await api.playground.start();
    const broker = api.playground.broker,
      url = api.playground.url;
    if (!broker || !url) {
      void vscode.window.showErrorMessage(vscode.l10n.t('AckLab: the playground broker is not running.'));
      return undefined;
    }
    const tmp = mkdtempSync(join(tmpdir(), 'acklab-trace-'));
    const traceFile = join(tmp, 'trace.jsonl');
    const session = new AckSession(broker, { traceFile, baseDir: folder, newConnectionsOnly: true });
    const before = new Set(broker.snapshot().connections.map((c) => c.id));
    const sinceSeq = broker.events.lastSeq;
    // the command's connections close as it exits: wait (bounded) until the broker has seen them go
    const settle = async () => {
      const deadline = Date.now() + 2000;
      while (Date.now() < deadline && !broker.isShutDown && broker.snapshot().connections.some((c) => !before.has(c.id)))
        await new Promise((r) => setTimeout(r, 20));
    };
    try {
      const report = await runInTerminal(
        command,
        folder,
        { AMQP_URL: url, RABBITMQ_URL: url, CLOUDAMQP_URL: url, ...hookEnv(process.env, traceFile) },
        session,
        settle,
      );
      findings.show({ report, folder, broker, sinceSeq });
      void vscode.window.showInformationMessage(findingsSummary(report.findings.length));
      return report;
    } finally {
      session.dispose();
      rmSync(tmp, { recursive: true, force: true });
    }
  };
  return [findings, vscode.commands.registerCommand(RUN_TESTS_COMMAND, run)];
}

function findingsSummary(n: number): string {
  if (n === 0) return vscode.l10n.t('AckLab: the test run made no ack mistakes.');
  if (n === 1) return vscode.l10n.t('AckLab: 1 ack finding in the test run (see Problems).');
  return vscode.l10n.t('AckLab: {0} ack findings in the test run (see Problems).', n);
}
