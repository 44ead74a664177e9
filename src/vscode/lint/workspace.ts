// "AckLab: Lint Workspace": every lintable file of every workspace folder, minus files.exclude and
// acklab.lint.exclude, linted with a cancellable progress notification. The host stays responsive:
// the loop yields to the event loop every few milliseconds.
import * as vscode from 'vscode';
import { LINTABLE_EXTENSIONS } from '../../lint';
import { combinedExclude, enabledExcludes, globMatcher, lintableGlob } from './helpers';
import { readLintSettings } from '../../lint/settings';

export interface WorkspaceLintResult {
  /** Files linted (before a cancel, the ones done so far). */
  files: number;
  filesWithFindings: number;
  findings: number;
  cancelled: boolean;
  ms: number;
}

export interface WorkspaceLintHooks {
  log: vscode.LogOutputChannel;
  /** Lints one file and publishes its diagnostics; returns the number of findings. */
  lintFile(uri: vscode.Uri): Promise<number>;
  /** Called after a complete run with every file it covered (to drop stale results of earlier runs). */
  forget(seen: ReadonlySet<string>): void;
}

/** The files Lint Workspace covers, per folder (files.exclude and acklab.lint.exclude applied). */
export async function workspaceFiles(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  const include = lintableGlob(LINTABLE_EXTENSIONS);
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const filesExclude = enabledExcludes(vscode.workspace.getConfiguration('files', folder.uri).get('exclude'));
    const lintCfg = vscode.workspace.getConfiguration('acklab.lint', folder.uri);
    const own = readLintSettings((k) => lintCfg.get(k)).settings.exclude;
    const patterns = [...filesExclude, ...own];
    const exclude = combinedExclude(patterns);
    // An explicit exclude replaces VS Code's default (files.exclude), which is why files.exclude is in `patterns`.
    const found = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, include),
      exclude ? new vscode.RelativePattern(folder, exclude) : null,
      undefined,
      token,
    );
    const excluded = globMatcher(patterns);
    const base = folder.uri.path.endsWith('/') ? folder.uri.path : folder.uri.path + '/';
    for (const uri of found) {
      const rel = uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path;
      if (!excluded(rel)) out.push(uri);
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function lintWorkspace(hooks: WorkspaceLintHooks): Thenable<WorkspaceLintResult> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('AckLab: linting the workspace'), cancellable: true },
    async (progress, token) => {
      const t0 = performance.now();
      const result: WorkspaceLintResult = { files: 0, filesWithFindings: 0, findings: 0, cancelled: false, ms: 0 };
      progress.report({ message: 'finding files…' });
      const files = await workspaceFiles(token);
      const seen = new Set<string>();
      let lastReport = 0;
      let lastYield = performance.now();
      let reported = 0;
      for (const uri of files) {
        if (token.isCancellationRequested) break;
        try {
          const n = await hooks.lintFile(uri);
          result.findings += n;
          if (n > 0) result.filesWithFindings++;
        } catch (err) {
          hooks.log.warn(`Lint workspace: ${uri.fsPath}: ${err instanceof Error ? err.message : err}`);
        }
        result.files++;
        seen.add(uri.toString());
        const now = performance.now();
        if (now - lastReport > 100 || result.files === files.length) {
          const pct = (result.files / files.length) * 100;
          progress.report({ increment: pct - reported, message: `${result.files}/${files.length} files, ${result.findings} finding(s)` });
          reported = pct;
          lastReport = now;
        }
        if (now - lastYield > 15) {
          await new Promise((r) => setImmediate(r)); // let the host handle other work (and the Cancel click)
          lastYield = performance.now();
        }
      }
      result.cancelled = token.isCancellationRequested;
      if (!result.cancelled) hooks.forget(seen);
      result.ms = performance.now() - t0;
      return result;
    },
  );
}
