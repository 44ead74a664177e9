// The lint's user-visible texts that are built in VS Code (localized through vscode.l10n): the "Show in
// playground" code action of each rule and the Lint Workspace summary. Finding messages and quick-fix
// titles come from the analyser (src/lint) and stay as it writes them.
import * as vscode from 'vscode';
import type { RuleId } from '../../lint';

/** The "Show in playground" code action of a rule: what its bug does to a broker, in the stepper. */
export function showInPlaygroundTitle(rule: RuleId): string {
  switch (rule) {
    case 'missing-ack':
    case 'unawaited-ack':
      return vscode.l10n.t('Show in playground: what a forgotten ack does');
    case 'double-ack':
      return vscode.l10n.t('Show in playground: a double ack closes the channel');
    case 'wrong-channel':
      return vscode.l10n.t('Show in playground: "unknown delivery tag" closes the channel');
    case 'ack-in-auto-ack':
      return vscode.l10n.t('Show in playground: what auto-ack means');
    case 'requeue-loop':
      return vscode.l10n.t('Show in playground: a poison message and x-delivery-limit');
  }
}

/** Shows the Lint Workspace summary; with findings it offers the Problems view. */
export function showWorkspaceSummary(r: { findings: number; filesWithFindings: number; files: number; cancelled?: boolean }): void {
  const summary = r.cancelled
    ? vscode.l10n.t('AckLab: {0} finding(s) in {1} of {2} file(s) (cancelled).', r.findings, r.filesWithFindings, r.files)
    : vscode.l10n.t('AckLab: {0} finding(s) in {1} of {2} file(s).', r.findings, r.filesWithFindings, r.files);
  if (r.findings === 0) {
    void vscode.window.showInformationMessage(summary);
    return;
  }
  const show = vscode.l10n.t('Show Problems');
  void vscode.window.showInformationMessage(summary, show).then((a) => a === show && vscode.commands.executeCommand('workbench.actions.view.problems'));
}
