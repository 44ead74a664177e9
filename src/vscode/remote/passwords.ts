// Broker passwords in SecretStorage, keyed by broker name + management URL (src/remote/settings.ts secretKey).
// A password is never sent to a URL it was not saved for without asking: when the settings point a name at a new
// URL, or a password comes from a version that keyed by name only, the user is asked once, and the answer moves it.
import * as vscode from 'vscode';
import { legacySecretKey, planPassword, secretKey, type BrokerConfig } from '../../remote/settings';

/** globalState: broker name → management URLs a password is saved for. */
const INDEX = 'acklab.brokerPasswordUrls';

export class BrokerPasswords {
  constructor(private readonly context: vscode.ExtensionContext) {}

  private urls(name: string): string[] {
    return this.context.globalState.get<Record<string, string[]>>(INDEX, {})[name] ?? [];
  }

  private async setUrls(name: string, urls: string[]): Promise<void> {
    const all = { ...this.context.globalState.get<Record<string, string[]>>(INDEX, {}) };
    if (urls.length) all[name] = urls;
    else delete all[name];
    await this.context.globalState.update(INDEX, all);
  }

  async store(b: Pick<BrokerConfig, 'name' | 'managementUrl'>, password: string): Promise<void> {
    await this.context.secrets.store(secretKey(b), password);
    await this.setUrls(b.name, [...new Set([b.managementUrl, ...this.urls(b.name)])]);
  }

  /** Forgets every password saved under this name (all URLs, and the name-only one of older versions). */
  async delete(name: string): Promise<void> {
    for (const url of this.urls(name)) await this.context.secrets.delete(secretKey({ name, managementUrl: url }));
    await this.context.secrets.delete(legacySecretKey(name));
    await this.setUrls(name, []);
  }

  /** The password for this broker at its URL; asks before reusing one saved for another URL. */
  async get(b: Pick<BrokerConfig, 'name' | 'managementUrl'>): Promise<string | undefined> {
    const legacy = await this.context.secrets.get(legacySecretKey(b.name));
    const plan = planPassword(b, this.urls(b.name), legacy !== undefined);
    if (plan.kind === 'use') return this.context.secrets.get(secretKey(b));
    if (plan.kind === 'none') return undefined;
    const from = plan.savedFor ? this.context.secrets.get(secretKey({ name: b.name, managementUrl: plan.savedFor })) : Promise.resolve(legacy);
    const password = await from;
    if (password === undefined) return undefined;
    const question = plan.savedFor
      ? vscode.l10n.t('AckLab: the password of broker "{0}" was saved for {1}. Send it to {2}?', b.name, plan.savedFor, b.managementUrl)
      : vscode.l10n.t('AckLab: the password of broker "{0}" was saved by an earlier AckLab version without its URL. Send it to {1}?', b.name, b.managementUrl);
    const send = vscode.l10n.t('Send Password');
    const choice = await vscode.window.showWarningMessage(
      question,
      { modal: true, detail: vscode.l10n.t("Only say yes if you trust this URL: the settings (perhaps a workspace's) point this broker name at it.") },
      send,
    );
    if (choice !== send) return undefined;
    await this.store(b, password);
    if (!plan.savedFor) await this.context.secrets.delete(legacySecretKey(b.name));
    return password;
  }
}
