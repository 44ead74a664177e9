// Real brokers (RabbitMQ / LavinMQ) as roots of the Queues view, next to the playground: a thin
// VS Code layer over src/remote (client, errors, settings, tree models: all testable without VS Code).
//   brokers.ts    the configured brokers, their sources and the refresh interval
//   source.ts     one broker's QueueTreeSource
//   addBroker.ts  "Add Broker…";  commands.ts  every other broker command
//   scenario.ts   "Run Scenario on This Broker" (playground ↔ broker diff)
import * as vscode from 'vscode';
import { SECRET_PREFIX } from '../../remote/settings';
import type { Feature } from '../api';
import { registerCommands } from '../command';
import { addBrokerCommand } from './addBroker';
import { REFRESH_SETTING, RemoteBrokers } from './brokers';
import { remoteCommands } from './commands';
import { createRemoteScenarioRunner } from './scenario';

export const registerRemoteBrokers: Feature = async (context, api) => {
  const s = api.services;
  const brokers = new RemoteBrokers(context, api);
  const scenarios = createRemoteScenarioRunner(s.log);
  const disposables: vscode.Disposable[] = [
    ...scenarios.disposables,
    brokers,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('acklab.brokers')) void brokers.load();
      if (e.affectsConfiguration(`acklab.${REFRESH_SETTING}`)) brokers.schedule();
    }),
    context.secrets.onDidChange((e) => {
      if (e.key.startsWith(SECRET_PREFIX)) void brokers.load();
    }),
    ...registerCommands(s, { 'acklab.remote.addBroker': addBrokerCommand(brokers, s.log), ...remoteCommands(brokers, scenarios) }),
  ];
  await brokers.load();
  brokers.schedule();
  return disposables;
};
