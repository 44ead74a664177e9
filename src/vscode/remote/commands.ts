// The real-broker commands (except Add Broker: addBroker.ts): password, remove, refresh, paging,
// scenario comparison, management UI, and the queue actions (publish, get, purge, delete), each
// confirmed first because they change a real broker. Registered through ../command.ts.
import * as vscode from 'vscode';
import { REQUEUE_WARNING, type GetMode } from '../../remote/client';
import { LOAD_ALL_COMMAND, LOAD_MORE_COMMAND } from '../../remote/tree';
import { CommandError, type CommandHandler } from '../command';
import type { RemoteBrokers } from './brokers';
import type { RemoteScenarioRunner } from './scenario';
import type { RemoteNode } from './source';

export function remoteCommands(b: RemoteBrokers, scenarios: RemoteScenarioRunner): Record<string, CommandHandler> {
  return { ...brokerCommands(b, scenarios), ...queueCommands(b) };
}

/** Commands on a broker: password, remove, refresh, paging, scenario comparison, management UI. */
function brokerCommands(b: RemoteBrokers, scenarios: RemoteScenarioRunner): Record<string, CommandHandler> {
  return {
    'acklab.remote.setPassword': async (arg?: unknown) => {
      const s = await b.pickSource(arg);
      if (!s) return;
      const password = await vscode.window.showInputBox({
        prompt: `Password for ${s.config.username} on ${s.config.name} (kept in SecretStorage)`,
        password: true,
      });
      if (password === undefined) return;
      await b.passwords.store(s.config, password);
    },
    'acklab.remote.removeBroker': async (arg?: unknown) => {
      const s = await b.pickSource(arg);
      if (!s) return;
      const ok = await vscode.window.showWarningMessage(
        `Remove broker "${s.config.name}" from AckLab? (Nothing on the broker changes.)`,
        { modal: true },
        'Remove',
      );
      if (ok !== 'Remove') return;
      await b.passwords.delete(s.config.name);
      await b.save((list) => list.filter((b) => !(b && typeof b === 'object' && (b as { name?: unknown }).name === s.config.name)));
    },
    'acklab.remote.refresh': async (arg?: unknown) => {
      const s = b.sourceOf(arg);
      await Promise.all((s ? [s] : b.all()).map((x) => x.refresh()));
    },
    [LOAD_MORE_COMMAND]: async (broker: unknown, vhost?: unknown) => {
      const s = b.sourceOf(broker);
      const v = typeof vhost === 'string' ? vhost : (broker as RemoteNode | undefined)?.node?.vhost;
      if (s && v !== undefined) await s.loadMore(v);
    },
    [LOAD_ALL_COMMAND]: async (arg: unknown) => {
      const s = b.sourceOf(arg);
      const v = (arg as RemoteNode | undefined)?.node?.vhost;
      if (s && v !== undefined) await s.loadMore(v, true);
    },
    'acklab.remote.runScenario': async (arg?: unknown, scenarioName?: unknown) => {
      const s = await b.pickSource(arg);
      if (!s) return undefined;
      try {
        return await scenarios.run(s.config, await b.passwords.get(s.config), typeof scenarioName === 'string' ? scenarioName : undefined);
      } catch (e) {
        throw new CommandError(`Run scenario on ${s.config.name}`, e);
      }
    },
    'acklab.remote.openManagementUi': async (arg?: unknown) => {
      const s = await b.pickSource(arg);
      if (s) await vscode.env.openExternal(vscode.Uri.parse(s.config.managementUrl + '/'));
    },
  };
}

/** Commands on a queue of a real broker, each confirmed first: publish, get, purge, delete. */
function queueCommands(b: RemoteBrokers): Record<string, CommandHandler> {
  return {
    'acklab.remote.publish': async (arg?: unknown) => {
      const q = b.queueArg(arg);
      if (!q || !q.source.client) return;
      const body = await vscode.window.showInputBox({
        title: `Publish to ${q.queue} on ${q.source.config.name}`,
        prompt: 'Message body (sent through the default exchange, routing key = queue name)',
        value: 'hello',
      });
      if (body === undefined) return;
      const ok = await vscode.window.showWarningMessage(
        `Publish 1 message to "${q.queue}" (vhost ${q.vhost}) on the real broker ${q.source.config.name}?`,
        { modal: true },
        'Publish',
      );
      if (ok !== 'Publish') return;
      try {
        const r = await q.source.client.publish(q.vhost, '', { routingKey: q.queue, payload: body, properties: { delivery_mode: 2 } });
        if (!r.routed) void vscode.window.showWarningMessage(`AckLab: the message to ${q.queue} was not routed (the queue may have been deleted).`);
        q.source.refreshSoon();
      } catch (e) {
        throw new CommandError(`Publish to ${q.queue}`, e);
      }
    },
    'acklab.remote.get': getCommand(b),
    'acklab.remote.purge': async (arg?: unknown) => {
      const q = b.queueArg(arg);
      if (!q || !q.source.client) return;
      const ok = await vscode.window.showWarningMessage(
        `Purge "${q.queue}" on the real broker ${q.source.config.name}?`,
        { modal: true, detail: 'All ready messages are deleted. Unacknowledged messages stay with their consumers.' },
        'Purge',
      );
      if (ok !== 'Purge') return;
      try {
        await q.source.client.purge(q.vhost, q.queue);
        q.source.refreshSoon();
      } catch (e) {
        throw new CommandError(`Purge ${q.queue}`, e);
      }
    },
    'acklab.remote.deleteQueue': async (arg?: unknown) => {
      const q = b.queueArg(arg);
      if (!q || !q.source.client) return;
      const ok = await vscode.window.showWarningMessage(
        `Delete queue "${q.queue}" on the real broker ${q.source.config.name}?`,
        { modal: true, detail: 'The queue and all its messages are deleted; its consumers are cancelled.' },
        'Delete',
      );
      if (ok !== 'Delete') return;
      try {
        await q.source.client.deleteQueue(q.vhost, q.queue);
        q.source.refreshSoon();
      } catch (e) {
        throw new CommandError(`Delete ${q.queue}`, e);
      }
    },
  };
}

/** Get one message of a real broker's queue: peek (requeue), remove or reject, after a confirmation. */
function getCommand(b: RemoteBrokers): CommandHandler {
  return async (arg?: unknown) => {
    const q = b.queueArg(arg);
    if (!q || !q.source.client) return;
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'Peek (requeue)', mode: 'peek' as GetMode, detail: REQUEUE_WARNING },
        { label: 'Get and acknowledge', mode: 'remove' as GetMode, detail: 'The message is removed from the queue.' },
        {
          label: 'Get and reject (no requeue)',
          mode: 'reject' as GetMode,
          detail: 'The message is removed, and dead-lettered if the queue has a dead-letter exchange.',
        },
      ],
      { title: `Get a message from ${q.queue} on ${q.source.config.name}` },
    );
    if (!pick) return;
    const verb = pick.mode === 'peek' ? 'Peek' : pick.mode === 'remove' ? 'Remove' : 'Reject';
    const ok = await vscode.window.showWarningMessage(
      `${verb} one message of "${q.queue}" on the real broker ${q.source.config.name}?`,
      { modal: true, detail: pick.mode === 'peek' ? REQUEUE_WARNING : 'This changes the queue on the broker.' },
      verb,
    );
    if (ok !== verb) return;
    try {
      const msgs = await q.source.client.get(q.vhost, q.queue, { mode: pick.mode });
      if (msgs.length === 0) {
        void vscode.window.showInformationMessage(`AckLab: ${q.queue} has no ready message.`);
        return;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(msgs[0], null, 2) });
      await vscode.window.showTextDocument(doc, { preview: true });
      q.source.refreshSoon();
    } catch (e) {
      throw new CommandError(`Get from ${q.queue}`, e);
    }
  };
}
