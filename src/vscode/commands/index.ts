// The playground's commands, grouped by feature (broker.ts, queues.ts, connections.ts), registered
// through the one helper (../command.ts). Lifecycle commands never start the broker on their own;
// every other one starts it first if it is not running (and the user did not stop it).
import type * as vscode from 'vscode';
import type { Services } from '../api';
import { registerCommands, type CommandHandler } from '../command';
import { CONNECT, LIFECYCLE } from './broker';
import { CONNECTIONS } from './connections';
import { QUEUES } from './queues';
import type { Handler } from './types';

export type { DeclareQueueOptions, GetMode, PublishOptions } from './types';

const bind = (s: Services, table: Record<string, Handler>): Record<string, CommandHandler> =>
  Object.fromEntries(Object.entries(table).map(([name, fn]) => [`acklab.${name}`, (...args: unknown[]) => fn(s, ...args)]));

export function registerPlaygroundCommands(s: Services): vscode.Disposable[] {
  return [
    ...registerCommands(s, bind(s, LIFECYCLE)),
    ...registerCommands(s, bind(s, { ...CONNECT, ...QUEUES, ...CONNECTIONS }), { before: () => s.ensureBroker() }),
  ];
}
