// The findings of "AckLab: Run Tests Against the Playground" in the Problems panel: one diagnostic per
// finding with the lint's rule id and docs link, at its source line (trace hooks) or, without one (Go,
// Java…), at the first mention of its queue in the test folder (src/testkit/anchor.ts). Each carries
// "Show in the Stepper": the live stepper on the playground with that message's delivery selected.
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { Broker } from '../broker';
import type { MessageFocus } from '../stepper/host';
import { AnchorFinder } from '../testkit/anchor';
import type { AckFinding, AckReport } from '../testkit/types';
import { registerCommands, type ErrorSink } from './command';

export const SHOW_IN_STEPPER_COMMAND = 'acklab.test.showInStepper';
export const TEST_DIAGNOSTIC_SOURCE = 'acklab test';
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;

/** What "Show in the Stepper" needs of one finding. */
interface Target {
  finding: AckFinding;
  broker: Broker;
  /** The broker's last event seq when the run started: the finding's events come after it. */
  sinceSeq: number;
}

/** One test run's findings, as the extension shows them. */
export interface RunFindings {
  report: AckReport;
  folder: string;
  broker: Broker;
  sinceSeq: number;
}

/** The stable key of a diagnostic (the CodeActionContext hands back copies, not the objects set). */
function keyOf(uri: vscode.Uri, d: { range: vscode.Range; message: string }): string {
  return `${uri.toString()}#${d.range.start.line}#${d.message}`;
}

function toDiagnostic(f: AckFinding, run: RunFindings, anchors: AnchorFinder): [vscode.Uri, vscode.Diagnostic] {
  const folder = run.folder;
  const uri = (file: string) => vscode.Uri.file(isAbsolute(file) ? file : join(folder, file));
  const anchor = f.location ? undefined : anchors.anchor(f.queue);
  const at = f.location ?? anchor;
  const line = at ? Math.max(0, at.line - 1) : 0;
  const col = at ? Math.max(0, at.column - 1) : 0;
  const file = at ? uri(at.file) : vscode.Uri.file(folder);
  // untraced: the client has no hook (Go, Java…); traced: the finding has no call site (e.g. messages nobody consumed)
  const text = !anchor
    ? f.message
    : run.report.traced
      ? vscode.l10n.t('{0} (no source line; {1})', f.message, anchor.why)
      : vscode.l10n.t('{0} (no source line: no trace hook reported call sites; {1})', f.message, anchor.why);
  const d = new vscode.Diagnostic(new vscode.Range(line, col, line, 1000), text, SEVERITY[f.severity]);
  d.source = TEST_DIAGNOSTIC_SOURCE;
  d.code = { value: f.rule, target: vscode.Uri.parse(f.docs) };
  const client = [f.client.connectionName && `"${f.client.connectionName}"`, f.client.library, f.client.version].filter(Boolean).join(' ');
  const here = new vscode.Location(file, new vscode.Position(line, col));
  d.relatedInformation = [
    ...f.related.map(
      (r) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(uri(r.location.file), new vscode.Position(r.location.line - 1, r.location.column - 1)),
          r.message,
        ),
    ),
    ...f.history.map((h) => new vscode.DiagnosticRelatedInformation(here, `+${h.at} ms ${h.event}: ${h.detail}${client ? ` — ${client}` : ''}`)),
  ];
  return [file, d];
}

function label(f: AckFinding): string {
  return `${f.rule}: ${f.message}`;
}

export class TestFindings implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('acklab-test');
  private readonly targets = new Map<string, Target>();
  private last: Target[] = [];
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly playground: { readonly broker: Broker | undefined },
    errors: ErrorSink,
  ) {
    this.subs = [
      ...registerCommands(errors, { [SHOW_IN_STEPPER_COMMAND]: (key?: unknown) => this.showInStepper(key) }),
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    ];
  }

  /** Replaces the Problems entries with this run's findings. */
  show(run: RunFindings): void {
    const anchors = new AnchorFinder(run.folder);
    const byFile = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    this.targets.clear();
    this.last = [];
    for (const f of run.report.findings) {
      const [uri, d] = toDiagnostic(f, run, anchors);
      const e = byFile.get(uri.toString()) ?? { uri, list: [] };
      e.list.push(d);
      byFile.set(uri.toString(), e);
      const t: Target = { finding: f, broker: run.broker, sinceSeq: run.sinceSeq };
      this.targets.set(keyOf(uri, d), t);
      this.last.push(t);
    }
    this.diagnostics.clear();
    for (const { uri, list } of byFile.values()) this.diagnostics.set(uri, list);
    // the palette offers "Show Test Finding in the Stepper" only when there is one to show
    void vscode.commands.executeCommand('setContext', 'acklab.test.hasFindings', this.last.length > 0);
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    return ctx.diagnostics
      .filter((d) => d.source === TEST_DIAGNOSTIC_SOURCE)
      .map((d) => {
        const a = new vscode.CodeAction(vscode.l10n.t('Show in the Stepper (live playground)'), vscode.CodeActionKind.QuickFix);
        a.command = { command: SHOW_IN_STEPPER_COMMAND, title: vscode.l10n.t('Show in the Stepper'), arguments: [keyOf(doc.uri, d)] };
        a.diagnostics = [d];
        return a;
      });
  }

  /** Opens the live stepper with the finding's delivery selected; resolves with the trace seq selected. */
  private async showInStepper(key?: unknown): Promise<number | undefined> {
    const t = typeof key === 'string' ? this.targets.get(key) : await this.pick();
    if (!t) {
      if (typeof key === 'string') throw new Error(vscode.l10n.t('that finding is from an earlier test run: run the tests again.'));
      return undefined;
    }
    if (this.playground.broker !== t.broker)
      throw new Error(vscode.l10n.t('the playground broker restarted since the test run, so its deliveries are gone: run the tests again.'));
    const f = t.finding;
    const focus: MessageFocus | undefined = f.messageId
      ? { messageId: f.messageId, sinceSeq: t.sinceSeq, ...(f.deliveryTag ? { deliveryTag: f.deliveryTag, channel: f.channel } : {}) }
      : undefined;
    const seq = await vscode.commands.executeCommand<number | undefined>('acklab.stepper.live', focus);
    if (focus && seq === undefined)
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          "AckLab: the delivery of this finding is no longer in the playground's event log (it keeps the last acklab.logSize events); the stepper shows the live broker.",
        ),
      );
    return seq;
  }

  private async pick(): Promise<Target | undefined> {
    if (!this.last.length) throw new Error(vscode.l10n.t('no test findings to show: run "AckLab: Run Tests Against the Playground" first.'));
    const p = await vscode.window.showQuickPick(
      this.last.map((t) => ({ label: label(t.finding), description: t.finding.queue && vscode.l10n.t('queue {0}', t.finding.queue), t })),
      { title: vscode.l10n.t('AckLab: show a test finding in the stepper'), matchOnDescription: true },
    );
    return p?.t;
  }

  dispose(): void {
    this.diagnostics.dispose();
    while (this.subs.length) this.subs.pop()?.dispose();
  }
}
