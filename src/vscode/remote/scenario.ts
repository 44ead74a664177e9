// "Run Scenario on This Broker" (issue 6): plays a tutorial / pitfall scenario over AMQP against a real
// broker (names prefixed, cleaned up afterwards) and on a fresh in-process playground (LavinMQ profile when the
// broker is LavinMQ), then opens both normalised traces in a diff editor (playground left, broker right) with an "N differences" summary.
// The comparison logic is pure: src/remote/scenarioCompare.ts.
import * as vscode from 'vscode';
import { amqpUrlWithPassword, compareRuns, PrefixedBackend, uniquePrefix, type Comparison } from '../../remote/scenarioCompare';
import type { BrokerConfig } from '../../remote/settings';
import { AmqpBackend } from '../../scenarios/amqp';
import { SCENARIOS, findScenario } from '../../scenarios/catalog';
import { PlaygroundBackend } from '../../scenarios/playground';
import { runScenario } from '../../scenarios/runner';

export const COMPARE_SCHEME = 'acklab-compare';

/** Read-only documents holding the compared traces (acklab-compare:/<run>/<side>.trace). */
class CompareDocuments implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  set(uri: vscode.Uri, text: string): void {
    this.docs.set(uri.toString(), text);
    this.emitter.fire(uri);
    // Keep the last few runs only.
    while (this.docs.size > 20) this.docs.delete(this.docs.keys().next().value!);
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '(this comparison is no longer available: run the scenario again)';
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

export interface RemoteScenarioResult extends Comparison {
  scenario: string;
  prefix: string;
  server: string;
  leftUri: vscode.Uri;
  rightUri: vscode.Uri;
}

export interface RemoteScenarioRunner {
  /** Runs `scenarioName` (or asks with a quick pick) on the broker; undefined when cancelled. */
  run(broker: BrokerConfig, password: string | undefined, scenarioName?: string): Promise<RemoteScenarioResult | undefined>;
  readonly disposables: vscode.Disposable[];
}

let runCounter = 0;

export function createRemoteScenarioRunner(log: vscode.LogOutputChannel): RemoteScenarioRunner {
  const docs = new CompareDocuments();
  const disposables: vscode.Disposable[] = [docs, vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, docs)];

  const run = async (broker: BrokerConfig, password: string | undefined, scenarioName?: string): Promise<RemoteScenarioResult | undefined> => {
    if (!broker.amqpUrl) {
      const a = await vscode.window.showErrorMessage(
        vscode.l10n.t('AckLab: broker "{0}" has no amqpUrl: add one (e.g. amqp://{1}@host:5672) to run scenarios on it.', broker.name, broker.username),
        vscode.l10n.t('Open Settings'),
      );
      if (a) await vscode.commands.executeCommand('workbench.action.openSettings', 'acklab.brokers');
      return undefined;
    }
    if (password === undefined) {
      void vscode.window.showErrorMessage(vscode.l10n.t('AckLab: no password stored for broker "{0}": run "AckLab: Set Broker Password…".', broker.name));
      return undefined;
    }
    let name = scenarioName;
    if (name === undefined) {
      const pick = await vscode.window.showQuickPick(
        SCENARIOS.map((s) => ({ label: s.title, description: s.group, detail: s.summary, name: s.name })),
        { title: vscode.l10n.t('Run a scenario on {0} and compare with the playground', broker.name), matchOnDetail: true },
      );
      if (!pick) return undefined;
      name = pick.name;
    }
    const scenario = findScenario(name);
    if (!scenario) throw new Error(vscode.l10n.t('unknown scenario "{0}" (known: {1})', name, SCENARIOS.map((s) => s.name).join(', ')));
    const url = amqpUrlWithPassword(broker.amqpUrl, broker.username, password);
    const prefix = uniquePrefix();

    const { local, remote, server } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('AckLab: {0} on {1}…', scenario.title, broker.name) },
      async () => {
        // The broker first: its product picks the playground profile (LavinMQ's differences are modelled).
        const backend = new PrefixedBackend(new AmqpBackend(url), prefix);
        let remoteRun;
        try {
          remoteRun = await runScenario(scenario, backend);
        } finally {
          // Always clean up on the real broker, also after a failed run (names are prefixed: only ours).
          await backend
            .cleanup(scenario)
            .catch((e: unknown) => log.warn(`Scenario cleanup on ${broker.name} (${prefix}*): ${e instanceof Error ? e.message : e}`));
        }
        const srv = backend.server;
        const pg = new PlaygroundBackend({ profile: /lavinmq/i.test(srv?.product ?? '') ? 'lavinmq' : 'rabbitmq' });
        try {
          const localRun = await runScenario(scenario, pg);
          return { local: localRun, remote: remoteRun, server: srv ? `${srv.product} ${srv.version}`.trim() : 'broker' };
        } finally {
          await pg.dispose();
        }
      },
    );

    const cmp = compareRuns(local, remote);
    const id = ++runCounter;
    const leftUri = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${id}/${scenario.name} (playground).trace` });
    const rightUri = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${id}/${scenario.name} (${broker.name}).trace` });
    docs.set(leftUri, cmp.left);
    docs.set(rightUri, cmp.right);
    log.info(
      `Scenario ${scenario.name} on ${broker.name} (${server}, names ${prefix}*): ${cmp.differences} difference(s); playground ${cmp.leftPassed ? 'passed' : 'failed'}, broker ${cmp.rightPassed ? 'passed' : 'failed'}`,
    );
    for (const c of cmp.changes) log.info(`  ${c}`);
    const diffTitle = vscode.l10n.t('{0}: playground ↔ {1} ({2})', scenario.title, broker.name, server);
    await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, diffTitle, { preview: false });
    void vscode.window.showInformationMessage(comparisonSummary(scenario.title, broker.name, cmp));
    return { ...cmp, scenario: scenario.name, prefix, server, leftUri, rightUri };
  };

  return { run, disposables };
}

/** "AckLab: <scenario> — 2 differences between the playground and <broker>; <outcome>." */
function comparisonSummary(scenario: string, broker: string, cmp: { differences: number; rightPassed: boolean }): string {
  const outcome = cmp.rightPassed
    ? vscode.l10n.t('all expected outcomes hold on the broker')
    : vscode.l10n.t('some expected outcomes do NOT hold on the broker');
  const differences =
    cmp.differences === 0
      ? vscode.l10n.t('no differences')
      : cmp.differences === 1
        ? vscode.l10n.t('1 difference')
        : vscode.l10n.t('{0} differences', cmp.differences);
  return vscode.l10n.t('AckLab: {0} — {1} between the playground and {2}; {3}.', scenario, differences, broker, outcome);
}
