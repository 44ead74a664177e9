// Shared helpers for the host suites (they run inside the real extension host).
import * as vscode from 'vscode';
import * as amqp from 'amqplib';
import type { AckLabApi } from '../../../src/vscode/main';
import type { QueueTreeNode } from '../../../src/vscode/queuesTree';

export async function api(): Promise<AckLabApi> {
  const ext = vscode.extensions.getExtension<AckLabApi>('acklab.acklab');
  if (!ext) throw new Error('extension acklab.acklab is not loaded');
  const a = await ext.activate();
  if (a.playground.state !== 'running') await a.playground.start();
  return a;
}

/** Polls until fn returns a truthy value (or throws the last failure after timeoutMs). */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The Queues view's items as VS Code gets them from the provider: label → description. */
export async function queueItems(a: AckLabApi): Promise<Map<string, vscode.TreeItem & { node: QueueTreeNode }>> {
  const out = new Map<string, vscode.TreeItem & { node: QueueTreeNode }>();
  const roots = ((await a.queuesProvider.getChildren()) ?? []) as QueueTreeNode[];
  for (const root of roots) {
    for (const node of ((await a.queuesProvider.getChildren(root)) ?? []) as QueueTreeNode[]) {
      const item = (await a.queuesProvider.getTreeItem(node)) as vscode.TreeItem;
      out.set(String(typeof item.label === 'string' ? item.label : item.label?.label), Object.assign(item, { node }));
    }
  }
  return out;
}

/** Waits (through real coalesced refreshes, no flushNow) until the queue's description matches. */
export async function waitForQueue(a: AckLabApi, name: string, description: string | RegExp, timeoutMs = 10_000) {
  return waitFor(
    `queue ${name} to show "${description}"`,
    async () => {
      const item = (await queueItems(a)).get(name);
      if (!item) return undefined;
      const d = String(item.description);
      return (typeof description === 'string' ? d === description : description.test(d)) ? item : undefined;
    },
    timeoutMs,
  );
}

export async function childItems(a: AckLabApi, node: QueueTreeNode): Promise<vscode.TreeItem[]> {
  const kids = ((await a.queuesProvider.getChildren(node)) ?? []) as QueueTreeNode[];
  return Promise.all(kids.map(async (k) => (await a.queuesProvider.getTreeItem(k)) as vscode.TreeItem));
}

export function amqpUrl(a: AckLabApi): string {
  if (!a.playground.port) throw new Error('AMQP listener not running');
  return `amqp://guest:guest@127.0.0.1:${a.playground.port}`;
}

export async function connect(a: AckLabApi, name = 'host-test'): Promise<amqp.ChannelModel> {
  return amqp.connect(amqpUrl(a), { clientProperties: { connection_name: name } });
}

/** Deletes every queue the playground has (between suites). */
export async function deleteAllQueues(a: AckLabApi): Promise<void> {
  const b = a.playground.broker;
  if (!b) return;
  for (const q of b.snapshot().queues) {
    if (q.vhost === '/' && !q.exclusive) await vscode.commands.executeCommand('acklab.deleteQueue', { queue: q.name, force: true });
  }
}

/** Kills a client the hard way: the TCP socket is destroyed, no connection.close (a crashed worker). */
export function killSocket(conn: amqp.ChannelModel): void {
  const c = (conn as unknown as { connection: { stream: { destroy(): void } } }).connection;
  c.stream.destroy();
}
