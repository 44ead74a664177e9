// The configured real brokers (setting acklab.brokers, passwords in SecretStorage): one
// RemoteBrokerSource per broker as a root of the Queues view, rebuilt when the settings or a
// password change, refreshed on an interval while the Queues view is visible (never overlapping).
import * as vscode from 'vscode';
import { ManagementClient, type ManagementApi } from '../../remote/client';
import { ManagementError } from '../../remote/errors';
import { parseBrokerSettings, type BrokerConfig } from '../../remote/settings';
import { BrokerPasswords } from './passwords';
import { BrokerModel } from '../../remote/tree';
import { WorkerManagementClient } from '../../remote/workerClient';
import type { AckLabApi } from '../api';
import { RemoteBrokerSource, type RemoteNode } from './source';

export const REFRESH_SETTING = 'remote.refreshIntervalSeconds';
const DEFAULT_REFRESH_S = 10;

export class RemoteBrokers implements vscode.Disposable {
  private readonly sources = new Map<string, { source: RemoteBrokerSource; registration: vscode.Disposable }>();
  private timer: ReturnType<typeof setInterval> | undefined;

  readonly passwords: BrokerPasswords;
  constructor(
    context: vscode.ExtensionContext,
    private readonly api: AckLabApi,
  ) {
    this.passwords = new BrokerPasswords(context);
  }

  private get log(): vscode.LogOutputChannel {
    return this.api.services.log;
  }

  has(name: string): boolean {
    return this.sources.has(name);
  }
  all(): RemoteBrokerSource[] {
    return [...this.sources.values()].map((x) => x.source);
  }

  /** Rebuilds every broker root from the settings and the stored passwords. */
  async load(): Promise<void> {
    const { brokers, errors } = parseBrokerSettings(vscode.workspace.getConfiguration('acklab').get('brokers'));
    for (const e of errors) {
      this.log.error(`Settings: ${e}`);
      void vscode.window
        .showErrorMessage(vscode.l10n.t('AckLab: {0}', e), vscode.l10n.t('Open Settings'))
        .then((a) => a && vscode.commands.executeCommand('workbench.action.openSettings', 'acklab.brokers'));
    }
    this.clear();
    for (const b of brokers) {
      const source = await this.sourceFor(b);
      this.sources.set(b.name, { source, registration: this.api.registerQueueSource(source) });
    }
  }

  private async sourceFor(b: BrokerConfig): Promise<RemoteBrokerSource> {
    let password: string | undefined;
    let configError: ManagementError | undefined;
    try {
      password = await this.passwords.get(b);
    } catch (e) {
      configError = new ManagementError(
        'config',
        vscode.l10n.t('Could not read the password of {0} from SecretStorage: {1}', b.name, e instanceof Error ? e.message : String(e)),
      );
    }
    const client = password === undefined ? undefined : this.client(b, password);
    return new RemoteBrokerSource(new BrokerModel(b, client, configError ? { configError } : {}), client, this.log);
  }

  /**
   * The client runs in a worker thread: a refresh of 1,000 queues then costs the extension host ~3 ms
   * of event-loop time instead of ~15-40 ms (bench/mgmt.ts). In-thread fallback if the worker cannot start.
   */
  private client(b: BrokerConfig, password: string): ManagementApi {
    const opts = { baseUrl: b.managementUrl, credentials: { username: b.username, password } };
    try {
      return new WorkerManagementClient(opts);
    } catch (e) {
      this.log.warn(`Real broker ${b.name}: management worker unavailable (${e instanceof Error ? e.message : e}); using the extension host thread`);
      return new ManagementClient(opts);
    }
  }

  /** Refresh on an interval (setting acklab.remote.refreshIntervalSeconds; 0 = manual only), only while the Queues view is visible. */
  schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const raw = vscode.workspace.getConfiguration('acklab').get<number>(REFRESH_SETTING, DEFAULT_REFRESH_S);
    const seconds = typeof raw === 'number' && Number.isFinite(raw) ? raw : DEFAULT_REFRESH_S;
    if (seconds <= 0) return;
    this.timer = setInterval(
      () => {
        if (!this.api.services.queuesView.visible) return;
        for (const source of this.all()) void source.refresh();
      },
      Math.max(2, seconds) * 1000,
    );
  }

  /** The broker a command argument stands for: a tree node of a broker, or a broker name. */
  sourceOf(arg: unknown): RemoteBrokerSource | undefined {
    if (arg && typeof arg === 'object' && 'source' in arg && (arg as RemoteNode).source instanceof RemoteBrokerSource) return (arg as RemoteNode).source;
    if (typeof arg === 'string') return this.sources.get(arg)?.source;
    return undefined;
  }

  /** sourceOf(arg), or asks when there are several brokers. */
  async pickSource(arg: unknown): Promise<RemoteBrokerSource | undefined> {
    const s = this.sourceOf(arg);
    if (s) return s;
    const names = [...this.sources.keys()];
    if (names.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('AckLab: no real broker configured. Run "AckLab: Add Broker…".'));
      return undefined;
    }
    const name = names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, { placeHolder: vscode.l10n.t('Broker') });
    return name ? this.sources.get(name)?.source : undefined;
  }

  /** The queue of a real broker a command was run on (from its tree node). */
  queueArg(arg: unknown): { source: RemoteBrokerSource; vhost: string; queue: string } | undefined {
    const s = this.sourceOf(arg);
    const n = (arg as RemoteNode | undefined)?.node;
    if (!s || !n || n.kind !== 'queue' || n.vhost === undefined || n.queue === undefined) {
      void vscode.window.showErrorMessage(vscode.l10n.t('AckLab: run this command on a queue of a real broker in the Queues view.'));
      return undefined;
    }
    return { source: s, vhost: n.vhost, queue: n.queue };
  }

  /** Writes acklab.brokers where it is set (workspace or user settings). */
  async save(update: (list: unknown[]) => unknown[]): Promise<void> {
    const cfg = vscode.workspace.getConfiguration('acklab');
    const list = cfg.get<unknown[]>('brokers') ?? [];
    const insp = cfg.inspect<unknown[]>('brokers');
    const target = insp?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await cfg.update('brokers', update(Array.isArray(list) ? [...list] : []), target);
  }

  private clear(): void {
    for (const { source, registration } of this.sources.values()) {
      registration.dispose();
      source.dispose();
    }
    this.sources.clear();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.clear();
  }
}
