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
        prompt: vscode.l10n.t('Password for {0} on {1} (kept in SecretStorage)', s.config.username, s.config.name),
        password: true,
      });
      if (password === undefined) return;
      await b.passwords.store(s.config, password);
    },
    'acklab.remote.removeBroker': async (arg?: unknown) => {
      const s = await b.pickSource(arg);
      if (!s) return;
      const remove = vscode.l10n.t('Remove');
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Remove broker "{0}" from AckLab? (Nothing on the broker changes.)', s.config.name),
        { modal: true },
        remove,
      );
      if (ok !== remove) return;
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
        throw new CommandError(vscode.l10n.t('Run scenario on {0}', s.config.name), e);
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
        title: vscode.l10n.t('Publish to {0} on {1}', q.queue, q.source.config.name),
        prompt: vscode.l10n.t('Message body (sent through the default exchange, routing key = queue name)'),
        value: 'hello',
      });
      if (body === undefined) return;
      const publish = vscode.l10n.t('Publish');
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Publish 1 message to "{0}" (vhost {1}) on the real broker {2}?', q.queue, q.vhost, q.source.config.name),
        { modal: true },
        publish,
      );
      if (ok !== publish) return;
      try {
        const r = await q.source.client.publish(q.vhost, '', { routingKey: q.queue, payload: body, properties: { delivery_mode: 2 } });
        if (!r.routed)
          void vscode.window.showWarningMessage(vscode.l10n.t('AckLab: the message to {0} was not routed (the queue may have been deleted).', q.queue));
        q.source.refreshSoon();
      } catch (e) {
        throw new CommandError(vscode.l10n.t('Publish to {0}', q.queue), e);
      }
    },
    'acklab.remote.get': getCommand(b),
    'acklab.remote.purge': async (arg?: unknown) => {
      const q = b.queueArg(arg);
      if (!q || !q.source.client) return;
      const purge = vscode.l10n.t('Purge');
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Purge "{0}" on the real broker {1}?', q.queue, q.source.config.name),
        { modal: true, detail: vscode.l10n.t('All ready messages are deleted. Unacknowledged messages stay with their consumers.') },
        purge,
      );
      if (ok !== purge) return;
      try {
        await q.source.client.purge(q.vhost, q.queue);
        q.source.refreshSoon();
      } catch (e) {
        throw new CommandError(vscode.l10n.t('Purge {0}', q.queue), e);
      }
    },
    'acklab.remote.deleteQueue': async (arg?: unknown) => {
      const q = b.queueArg(arg);
      if (!q || !q.source.client) return;
      const del = vscode.l10n.t('Delete');
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Delete queue "{0}" on the real broker {1}?', q.queue, q.source.config.name),
        { modal: true, detail: vscode.l10n.t('The queue and all its messages are deleted; its consumers are cancelled.') },
        del,
      );
      if (ok !== del) return;
      try {
        await q.source.client.deleteQueue(q.vhost, q.queue);
        q.source.refreshSoon();
      } catch (e) {
        throw new CommandError(vscode.l10n.t('Delete {0}', q.queue), e);
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
        { label: vscode.l10n.t('Peek (requeue)'), mode: 'peek' as GetMode, detail: REQUEUE_WARNING },
        { label: vscode.l10n.t('Get and acknowledge'), mode: 'remove' as GetMode, detail: vscode.l10n.t('The message is removed from the queue.') },
        {
          label: vscode.l10n.t('Get and reject (no requeue)'),
          mode: 'reject' as GetMode,
          detail: vscode.l10n.t('The message is removed, and dead-lettered if the queue has a dead-letter exchange.'),
        },
      ],
      { title: vscode.l10n.t('Get a message from {0} on {1}', q.queue, q.source.config.name) },
    );
    if (!pick) return;
    const verb = pick.mode === 'peek' ? vscode.l10n.t('Peek') : pick.mode === 'remove' ? vscode.l10n.t('Remove') : vscode.l10n.t('Reject');
    const question =
      pick.mode === 'peek'
        ? vscode.l10n.t('Peek one message of "{0}" on the real broker {1}?', q.queue, q.source.config.name)
        : pick.mode === 'remove'
          ? vscode.l10n.t('Remove one message of "{0}" on the real broker {1}?', q.queue, q.source.config.name)
          : vscode.l10n.t('Reject one message of "{0}" on the real broker {1}?', q.queue, q.source.config.name);
    const ok = await vscode.window.showWarningMessage(
      question,
      { modal: true, detail: pick.mode === 'peek' ? REQUEUE_WARNING : vscode.l10n.t('This changes the queue on the broker.') },
      verb,
    );
    if (ok !== verb) return;
    try {
      const msgs = await q.source.client.get(q.vhost, q.queue, { mode: pick.mode });
      if (msgs.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('AckLab: {0} has no ready message.', q.queue));
        return;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(msgs[0], null, 2) });
      await vscode.window.showTextDocument(doc, { preview: true });
      q.source.refreshSoon();
    } catch (e) {
      throw new CommandError(vscode.l10n.t('Get from {0}', q.queue), e);
    }
  };
}
