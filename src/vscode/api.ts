// The types the extension's parts share: what activate() returns (AckLabApi) and what the
// commands work with (Services). Types only, so every module can import them without a circle.
import type * as vscode from 'vscode';
import type { Playground } from '../playground';
import type { ConnectionsTreeProvider } from './connectionsTree';
import type { PlaygroundQueueSource, QueuesTreeProvider, QueueTreeSource } from './queuesTree';

/** What the commands work with. */
export interface Services {
  playground: Playground;
  queues: PlaygroundQueueSource;
  connections: ConnectionsTreeProvider;
  log: vscode.LogOutputChannel;
  queuesView: vscode.TreeView<unknown>;
  /** The last error a command showed (host tests read it). */
  lastError?: string;
  /** Starts the broker if it has not been started yet (and the user did not stop it). */
  ensureBroker(): Promise<void>;
  /** Set by Stop Broker: nothing restarts the broker by itself until Start / Restart. */
  userStopped: boolean;
}

/** What activate() returns: for other extensions, the host tests and the benchmark. */
export interface AckLabApi {
  readonly playground: Playground;
  readonly queues: PlaygroundQueueSource;
  readonly queuesProvider: QueuesTreeProvider;
  readonly connections: ConnectionsTreeProvider;
  readonly services: Services;
  readonly statusBar: vscode.StatusBarItem;
  /** Adds a root to the Queues view (real brokers). */
  registerQueueSource(source: QueueTreeSource): vscode.Disposable;
  /** Milliseconds activate() took. */
  readonly activationMs: number;
  /** Settings problems found at the last read (shown to the user as errors). */
  readonly settingsErrors: readonly string[];
}

/**
 * A part of the extension (the stepper, scenarios, lint, real brokers): called once during
 * activation with the extension context and the AckLab API; returns its disposables.
 */
export type Feature = (context: vscode.ExtensionContext, api: AckLabApi) => vscode.Disposable[] | Promise<vscode.Disposable[]>;
