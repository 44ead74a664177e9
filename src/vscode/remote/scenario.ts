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
        `AckLab: broker "${broker.name}" has no amqpUrl: add one (e.g. amqp://${broker.username}@host:5672) to run scenarios on it.`,
        'Open Settings',
      );
      if (a) await vscode.commands.executeCommand('workbench.action.openSettings', 'acklab.brokers');
      return undefined;
    }
    if (password === undefined) {
      void vscode.window.showErrorMessage(`AckLab: no password stored for broker "${broker.name}": run "AckLab: Set Broker Password…".`);
      return undefined;
    }
    let name = scenarioName;
    if (name === undefined) {
      const pick = await vscode.window.showQuickPick(
        SCENARIOS.map((s) => ({ label: s.title, description: s.group, detail: s.summary, name: s.name })),
        { title: `Run a scenario on ${broker.name} and compare with the playground`, matchOnDetail: true },
      );
      if (!pick) return undefined;
      name = pick.name;
    }
    const scenario = findScenario(name);
    if (!scenario) throw new Error(`unknown scenario "${name}" (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
    const url = amqpUrlWithPassword(broker.amqpUrl, broker.username, password);
    const prefix = uniquePrefix();

    const { local, remote, server } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AckLab: ${scenario.title} on ${broker.name}…` },
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
    await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, `${scenario.title}: playground ↔ ${broker.name} (${server})`, { preview: false });
    const outcome = cmp.rightPassed ? 'all expected outcomes hold on the broker' : 'some expected outcomes do NOT hold on the broker';
    void vscode.window.showInformationMessage(
      `AckLab: ${scenario.title} — ${cmp.differences === 0 ? 'no differences' : cmp.differences === 1 ? '1 difference' : `${cmp.differences} differences`} between the playground and ${broker.name}; ${outcome}.`,
    );
    return { ...cmp, scenario: scenario.name, prefix, server, leftUri, rightUri };
  };

  return { run, disposables };
}
