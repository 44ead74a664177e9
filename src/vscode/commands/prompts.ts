// What the playground commands ask when called without arguments, and how they read the
// arguments they get (tree nodes, option objects).
import * as vscode from 'vscode';
import { queueOfNode } from '../../playground';
import type { Services } from '../api';
import { nameError, parseKeyValues, QUEUE_ARGUMENTS } from '../args';
import type { DeclareQueueOptions, GetMode } from './types';

export function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
export function isGetMode(x: unknown): x is GetMode {
  return x === 'ack' || x === 'requeue' || x === 'reject';
}
/** An options object from a programmatic caller (not a tree node), with a string `key`. */
export function isOptions<T>(x: unknown, key: string): x is T {
  return isPlain(x) && typeof x[key] === 'string' && !('kind' in x);
}
export function queueArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (isPlain(arg) && typeof arg.queue === 'string') return arg.queue;
  return queueOfNode(arg)?.name;
}
export function isForced(arg: unknown): boolean {
  return isPlain(arg) && arg.force === true;
}

export async function reveal(s: Services, queue: string): Promise<void> {
  s.queues.flushNow();
  const node = s.queues.queueNode(queue);
  if (node && s.queuesView.visible) await s.queuesView.reveal(node, { select: true, focus: false }).then(undefined, () => undefined);
}

export async function askQueue(): Promise<DeclareQueueOptions | undefined> {
  const name = await vscode.window.showInputBox({
    ignoreFocusOut: true,
    title: vscode.l10n.t('Declare Queue ({0}/{1})', 1, 4),
    prompt: vscode.l10n.t('Queue name'),
    // eslint-disable-next-line no-restricted-syntax -- an example value, the same in every language
    placeHolder: 'task_queue',
    validateInput: (v) => (v.trim() ? nameError(v, 'queue') : vscode.l10n.t('Give the queue a name')),
  });
  if (!name) return undefined;
  const type = await vscode.window.showQuickPick(
    [
      { label: 'classic', description: vscode.l10n.t('requeued messages go back to their original position') },
      { label: 'quorum', description: vscode.l10n.t('replicated; requeued messages go to the back; delivery limit 20 by default') },
    ],
    { ignoreFocusOut: true, title: vscode.l10n.t('Declare Queue ({0}/{1})', 2, 4), placeHolder: vscode.l10n.t('Queue type') },
  );
  if (!type) return undefined;
  let durable = true;
  if (type.label === 'classic') {
    const d = await vscode.window.showQuickPick(
      [
        { label: vscode.l10n.t('Durable'), description: vscode.l10n.t('survives a broker restart (window reload)'), durable: true },
        { label: vscode.l10n.t('Transient'), description: vscode.l10n.t('gone after a restart'), durable: false },
      ],
      { ignoreFocusOut: true, title: vscode.l10n.t('Declare Queue ({0}/{1})', 3, 4) },
    );
    if (!d) return undefined;
    durable = d.durable;
  }
  const known = Object.entries(QUEUE_ARGUMENTS)
    .map(([k, v]) => `${k} (${v.help})`)
    .join('; ');
  const args = await vscode.window.showInputBox({
    ignoreFocusOut: true,
    title: vscode.l10n.t('Declare Queue ({0}/{1})', 4, 4),
    prompt: vscode.l10n.t('Arguments, optional: key=value, … e.g. x-dead-letter-exchange=dlx, x-message-ttl=60000'),
    // eslint-disable-next-line no-restricted-syntax -- an example value, the same in every language
    placeHolder: 'x-delivery-limit=3, x-dead-letter-exchange=dlx',
    validateInput: (v) => {
      try {
        parseKeyValues(v);
        return undefined;
      } catch (e) {
        return vscode.l10n.t('{0}. Known: {1}', (e as Error).message, known);
      }
    },
  });
  if (args === undefined) return undefined;
  return { name: name.trim(), type: type.label as 'classic' | 'quorum', durable, arguments: args };
}

export async function pickQueue(s: Services, title: string): Promise<string | undefined> {
  s.queues.flushNow();
  const items = s.queues
    .queueNodes()
    .filter((n) => n.snap.vhost === '/')
    .map((n) => ({ label: n.snap.name, description: n.description }));
  if (!items.length) throw new Error(vscode.l10n.t('There are no queues yet.'));
  return (await vscode.window.showQuickPick(items, { title }))?.label;
}

export async function pickChannel(s: Services, connectionOnly = false): Promise<{ connectionId: number; channel: number } | undefined> {
  s.connections.flushNow();
  const items: (vscode.QuickPickItem & { connectionId: number; channel: number })[] = [];
  for (const c of s.connections.connections()) {
    if (connectionOnly)
      items.push({ label: c.snap.name || vscode.l10n.t('connection {0}', c.id), description: c.snap.remoteAddress, connectionId: c.id, channel: 0 });
    else
      for (const ch of c.snap.channels)
        items.push({
          label: vscode.l10n.t('{0} channel {1}', c.snap.name || vscode.l10n.t('connection {0}', c.id), ch.number),
          description: vscode.l10n.t('unacked {0}', ch.unacked),
          connectionId: c.id,
          channel: ch.number,
        });
  }
  if (!items.length) throw new Error(vscode.l10n.t('No client is connected.'));
  return vscode.window.showQuickPick(items, {
    ignoreFocusOut: true,
    title: connectionOnly ? vscode.l10n.t('Close which connection?') : vscode.l10n.t('Close which channel?'),
  });
}
