// Wires the extension together: settings → playground broker (+ AMQP listener) → views, commands,
// status, log → the features (stepper, scenarios, lint, real brokers). Every registration goes into
// context.subscriptions; deactivate saves the durable state (a window reload then behaves like a
// broker restart) and stops the broker.
import * as vscode from 'vscode';
import type { Playground } from '../playground';
import type { AckLabApi } from './api';
import { registerPlaygroundCommands } from './commands';
import { features } from './features';
import { logBrokerEvents } from './log';
import { settingsReader, watchSettings } from './playgroundSettings';
import { createPlayground, createPlaygroundViews, registerTerminalProfile } from './playgroundViews';
import { createBrokerStatus } from './status';

export type { AckLabApi, Services } from './api';

let current: Playground | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<AckLabApi> {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('AckLab', { log: true });
  context.subscriptions.push(log);
  try {
    const api = await wire(context, log);
    (api as { activationMs: number }).activationMs = performance.now() - t0;
    log.info(`AckLab activated in ${api.activationMs.toFixed(0)} ms (VS Code ${vscode.version})`);
    return api;
  } catch (err) {
    log.error(`Activation failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void vscode.window
      .showErrorMessage(vscode.l10n.t('AckLab failed to activate: {0}', err instanceof Error ? err.message : String(err)), vscode.l10n.t('Show Log'))
      .then((a) => a && log.show());
    throw err;
  }
}

async function wire(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<AckLabApi> {
  const settings = settingsReader(log);
  const playground = (current = createPlayground(context, log, settings.read()));
  const views = createPlaygroundViews(playground, log);
  const s = views.services;
  const status = createBrokerStatus(context, s);
  const sub = context.subscriptions;
  sub.push(new vscode.Disposable(() => void playground.dispose()), ...logBrokerEvents(log, playground), ...views.disposables, ...status.disposables);
  sub.push(...registerPlaygroundCommands(s), registerTerminalProfile(s), watchSettings(settings, playground, log, status.update));
  const api: AckLabApi = {
    playground,
    queues: s.queues,
    queuesProvider: views.queuesProvider,
    connections: s.connections,
    services: s,
    statusBar: status.statusBar,
    registerQueueSource: (source) => views.queuesProvider.registerSource(source),
    activationMs: 0,
    get settingsErrors() {
      return settings.errors;
    },
  };
  for (const feature of features) sub.push(...(await feature(context, api)));
  views.startIfVisible();
  status.update();
  return api;
}

/** Saves durable state and stops the broker (window reload, disable, uninstall). */
export async function deactivate(): Promise<void> {
  const p = current;
  current = undefined;
  if (p) await p.dispose();
}
