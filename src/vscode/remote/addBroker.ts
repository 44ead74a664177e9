// "AckLab: Add Broker…": with an argument ({ name, managementUrl, username?, password, amqpUrl? })
// no prompt is shown (scripts, tests) and the broker is saved only if it answers; without one it
// asks, tries the broker, and offers to save anyway when it does not answer. The password goes to
// SecretStorage, never to settings.
import * as vscode from 'vscode';
import { ManagementClient } from '../../remote/client';
import { ManagementError } from '../../remote/errors';
import { checkAmqpUrl, checkManagementUrl } from '../../remote/settings';
import type { CommandHandler } from '../command';
import type { RemoteBrokers } from './brokers';

export function addBrokerCommand(b: RemoteBrokers, log: vscode.LogOutputChannel): CommandHandler {
  return async (arg?: unknown) => (arg !== undefined ? addFromArgument(b, arg) : addByPrompts(b, log));
}

/** Scripts and tests: no prompt; the broker is saved only if it answers. Returns the saved name. */
async function addFromArgument(b: RemoteBrokers, arg: unknown): Promise<string> {
  const a = (arg && typeof arg === 'object' ? arg : {}) as Record<string, unknown>;
  const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string).trim() : undefined);
  const name = str('name'),
    password = typeof a.password === 'string' ? a.password : undefined,
    username = str('username') ?? 'guest';
  if (!name || password === undefined)
    throw new Error('acklab.remote.addBroker: the argument needs { name, managementUrl, password } (username, amqpUrl optional)');
  if (b.has(name)) throw new Error(`acklab.remote.addBroker: a broker named "${name}" exists`);
  const m = checkManagementUrl(a.managementUrl);
  if ('error' in m) throw new Error(`acklab.remote.addBroker: ${m.error}`);
  const amqpUrl = str('amqpUrl');
  if (amqpUrl) {
    const r = checkAmqpUrl(amqpUrl);
    if ('error' in r) throw new Error(`acklab.remote.addBroker: ${r.error}`);
  }
  const probe = new ManagementClient({ baseUrl: m.url, credentials: { username, password } });
  try {
    await probe.overview();
  } finally {
    probe.close();
  }
  await b.passwords.store({ name, managementUrl: m.url }, password);
  await b.save((list) => [...list, { name, managementUrl: m.url, username, ...(amqpUrl ? { amqpUrl } : {}) }]);
  return name;
}

/** What the four prompts (and the optional AMQP URL) answered, untrimmed. */
interface Answers {
  name: string;
  mgmt: string;
  username: string;
  password: string;
  amqpUrl: string;
}

/** The interactive path: asks, tries the broker, and offers to save anyway when it does not answer. */
async function addByPrompts(b: RemoteBrokers, log: vscode.LogOutputChannel): Promise<void> {
  const answers = await ask(b);
  if (!answers) return;
  const { name, mgmt, username, password, amqpUrl } = answers;
  const managementUrl = (checkManagementUrl(mgmt) as { url: string }).url;
  // Try it before saving: the user learns now about a wrong port or password.
  const client = new ManagementClient({ baseUrl: managementUrl, credentials: { username: username.trim(), password } });
  try {
    const o = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Connecting to {0}…', managementUrl) },
      () => client.overview(),
    );
    log.info(`Real broker ${name.trim()}: ${o.productName} ${o.productVersion}${o.node ? ` (${o.node})` : ''}`);
  } catch (e) {
    const msg = e instanceof ManagementError ? e.userMessage : String(e);
    const saveAnyway = vscode.l10n.t('Save Anyway');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('AckLab: {0}', msg),
      { modal: true, detail: vscode.l10n.t('Save the broker anyway?') },
      saveAnyway,
    );
    if (choice !== saveAnyway) return;
  } finally {
    client.close();
  }
  await b.passwords.store({ name: name.trim(), managementUrl }, password);
  await b.save((list) => [...list, { name: name.trim(), managementUrl, username: username.trim(), ...(amqpUrl.trim() ? { amqpUrl: amqpUrl.trim() } : {}) }]);
}

/** The prompts, in order; undefined as soon as the user escapes one. */
async function ask(b: RemoteBrokers): Promise<Answers | undefined> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Broker ({0}/{1})', 1, 4),
    prompt: vscode.l10n.t('A name for this broker'),
    // eslint-disable-next-line no-restricted-syntax -- an example value, the same in every language
    placeHolder: 'prod-rabbit',
    validateInput: (v) => (!v.trim() ? vscode.l10n.t('Required') : b.has(v.trim()) ? vscode.l10n.t('A broker with this name exists') : undefined),
  });
  if (!name) return;
  const mgmt = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Broker ({0}/{1})', 2, 4),
    prompt: vscode.l10n.t('Management API URL (RabbitMQ: rabbitmq_management, port 15672; LavinMQ: port 15672)'),
    value: 'http://localhost:15672',
    validateInput: (v) => {
      const r = checkManagementUrl(v);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (!mgmt) return;
  const username = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Broker ({0}/{1})', 3, 4),
    prompt: vscode.l10n.t('User name'),
    value: 'guest',
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Required')),
  });
  if (!username) return;
  const password = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Broker ({0}/{1})', 4, 4),
    prompt: vscode.l10n.t('Password for {0} (kept in VS Code SecretStorage, never in settings)', username),
    password: true,
  });
  if (password === undefined) return;
  const amqpUrl = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Broker: AMQP URL (optional)'),
    prompt: vscode.l10n.t('For "Run scenario on this broker", without the password; leave empty to skip'),
    // eslint-disable-next-line no-restricted-syntax -- an example value, the same in every language
    placeHolder: 'amqp://localhost:5672',
    validateInput: (v) => {
      if (!v.trim()) return undefined;
      const r = checkAmqpUrl(v);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (amqpUrl === undefined) return;
  return { name, mgmt, username, password, amqpUrl };
}
