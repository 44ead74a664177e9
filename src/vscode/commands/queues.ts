// Queue commands on the playground broker: declare (queues, exchanges, bindings), publish, get,
// purge, delete. Each takes a tree node (a view's menu), an options object (programmatic use and
// host tests) or nothing (the Command Palette: it then asks).
import * as vscode from 'vscode';
import type { BasicProperties, FieldTable, GetOk } from '../../broker';
import { bodyPreview, queueOfNode } from '../../playground';
import { nameError, parseKeyValues } from '../args';
import { askQueue, isForced, isGetMode, isOptions, isPlain, pickQueue, queueArg, reveal } from './prompts';
import type { DeclareQueueOptions, Handler, PublishOptions } from './types';

const enc = new TextEncoder();

export const QUEUES: Record<string, Handler> = {
  declareQueue: async (s, arg?: unknown) => {
    // from a view's title bar VS Code passes the selected tree item: only an options object skips the prompts
    const o = isOptions<DeclareQueueOptions>(arg, 'name') ? arg : await askQueue();
    if (!o) return undefined;
    const bad = nameError(o.name, 'queue');
    if (bad) throw new Error(bad);
    const args: FieldTable = typeof o.arguments === 'string' ? parseKeyValues(o.arguments) : { ...(o.arguments ?? {}) };
    if (o.type === 'quorum') args['x-queue-type'] = 'quorum';
    const ok = s.playground.channel().queueDeclare({
      queue: o.name,
      durable: o.durable ?? o.type === 'quorum',
      exclusive: o.exclusive ?? false,
      autoDelete: o.autoDelete ?? false,
      arguments: args,
    });
    s.log.info(`Declared queue ${ok.queue}${Object.keys(args).length ? ` ${JSON.stringify(args)}` : ''}`);
    await reveal(s, ok.queue);
    return ok.queue;
  },
  declareExchange: async (s, arg?: unknown) => {
    let o = isOptions<{ name: string; type?: string; durable?: boolean }>(arg, 'name') ? arg : undefined;
    if (!o) {
      const name = await vscode.window.showInputBox({
        ignoreFocusOut: true,
        title: vscode.l10n.t('Declare Exchange ({0}/{1})', 1, 2),
        prompt: vscode.l10n.t('Exchange name'),
        validateInput: (v) => nameError(v, 'exchange'),
      });
      if (name === undefined) return undefined;
      const type = await vscode.window.showQuickPick(['direct', 'fanout', 'topic', 'headers'], {
        ignoreFocusOut: true,
        title: vscode.l10n.t('Declare Exchange ({0}/{1})', 2, 2),
        placeHolder: vscode.l10n.t('Exchange type'),
      });
      if (!type) return undefined;
      o = { name, type, durable: true };
    }
    const bad = nameError(o.name, 'exchange');
    if (bad) throw new Error(bad);
    s.playground.channel().exchangeDeclare({ exchange: o.name, type: o.type ?? 'direct', durable: o.durable ?? true });
    s.log.info(`Declared ${o.type ?? 'direct'} exchange ${o.name}`);
    return o.name;
  },
  bindQueue: async (s, arg?: unknown) => {
    let o = isPlain(arg) && 'exchange' in arg ? (arg as { queue: string; exchange: string; routingKey?: string }) : undefined;
    if (!o) {
      const queue = queueOfNode(arg)?.name ?? (await pickQueue(s, vscode.l10n.t('Bind which queue?')));
      if (!queue) return undefined;
      const exchanges = (s.playground.requireBroker().snapshot().exchanges ?? [])
        .filter((e) => e.name && e.vhost === '/')
        .map((e) => ({ label: e.name, description: e.type }));
      const ex = await vscode.window.showQuickPick(exchanges, {
        ignoreFocusOut: true,
        title: vscode.l10n.t('Bind {0} to exchange', queue),
        placeHolder: exchanges.length ? vscode.l10n.t('Exchange') : vscode.l10n.t('No exchanges: declare one first'),
      });
      if (!ex) return undefined;
      const routingKey = await vscode.window.showInputBox({
        ignoreFocusOut: true,
        title: vscode.l10n.t('Bind {0} to {1}', queue, ex.label),
        prompt: vscode.l10n.t('Routing key (binding key; topic patterns use * and #)'),
        value: queue,
      });
      if (routingKey === undefined) return undefined;
      o = { queue, exchange: ex.label, routingKey };
    }
    s.playground.channel().queueBind({ queue: o.queue, exchange: o.exchange, routingKey: o.routingKey ?? '' });
    s.log.info(`Bound queue ${o.queue} to exchange ${o.exchange} with key "${o.routingKey ?? ''}"`);
    return true;
  },
  publish: async (s, arg?: unknown) => {
    let o = isPlain(arg) && 'body' in arg ? (arg as unknown as PublishOptions) : undefined;
    if (!o) {
      const queue = queueOfNode(arg)?.name;
      const routingKey = await vscode.window.showInputBox({
        ignoreFocusOut: true,
        title: vscode.l10n.t('Publish Message ({0}/{1})', 1, 3),
        prompt: queue
          ? vscode.l10n.t('Routing key (default exchange: the queue name delivers to {0})', queue)
          : vscode.l10n.t('Routing key (on the default exchange this is the queue name)'),
        value: queue ?? '',
      });
      if (routingKey === undefined) return undefined;
      const body = await vscode.window.showInputBox({
        ignoreFocusOut: true,
        title: vscode.l10n.t('Publish Message ({0}/{1})', 2, 3),
        prompt: vscode.l10n.t('Message body (text)'),
        value: 'Hello World!',
      });
      if (body === undefined) return undefined;
      const mode = await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('Persistent'), description: vscode.l10n.t('delivery_mode 2: survives a broker restart in a durable queue'), persistent: true },
          { label: vscode.l10n.t('Transient'), description: vscode.l10n.t('delivery_mode 1: gone after a restart'), persistent: false },
        ],
        { ignoreFocusOut: true, title: vscode.l10n.t('Publish Message ({0}/{1})', 3, 3) },
      );
      if (!mode) return undefined;
      o = { routingKey, body, persistent: mode.persistent };
    }
    const headers = typeof o.headers === 'string' ? parseKeyValues(o.headers, 'header') : o.headers;
    const props: BasicProperties = { ...(o.properties ?? {}) };
    if (o.persistent !== undefined) props.deliveryMode = o.persistent ? 2 : 1;
    if (headers && Object.keys(headers).length) props.headers = headers;
    const routingKey = o.routingKey ?? o.queue ?? '';
    const ch = s.playground.channel();
    ch.basicPublish({ exchange: o.exchange ?? '', routingKey, mandatory: false }, props, enc.encode(o.body));
    s.log.info(
      `Published ${bodyPreview(enc.encode(o.body))} to ${o.exchange ? `exchange ${o.exchange}` : 'the default exchange'} with routing key "${routingKey}"`,
    );
    s.queues.flushNow();
    return true;
  },
  getMessage: async (s, arg?: unknown, modeArg?: unknown) => {
    let queue: string | undefined;
    // from a tree item's menu the second argument is the list of selected items, not a mode
    let mode = isGetMode(modeArg) ? modeArg : undefined;
    if (isPlain(arg) && 'queue' in arg && !('kind' in arg)) {
      queue = String((arg as { queue: string }).queue);
      const m = (arg as { mode?: unknown }).mode;
      if (isGetMode(m)) mode = m;
    } else {
      queue = queueOfNode(arg)?.name ?? (await pickQueue(s, vscode.l10n.t('Get a message from which queue?')));
    }
    if (!queue) return undefined;
    if (!mode) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('Ack'), description: vscode.l10n.t('take the message off the queue'), mode: 'ack' as const },
          { label: vscode.l10n.t('Nack, requeue'), description: vscode.l10n.t('peek: the message goes back, marked redelivered'), mode: 'requeue' as const },
          {
            label: vscode.l10n.t('Reject, no requeue'),
            description: vscode.l10n.t('dead-letter it (or drop it when the queue has no DLX)'),
            mode: 'reject' as const,
          },
        ],
        { ignoreFocusOut: true, title: vscode.l10n.t('Get Message from {0}', queue), placeHolder: vscode.l10n.t('What to do with the message') },
      );
      if (!pick) return undefined;
      mode = pick.mode;
    }
    const ch = s.playground.channel();
    const got: GetOk | null = ch.basicGet({ queue, noAck: false });
    if (!got) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Queue {0} is empty (basic.get-empty).', queue));
      return null;
    }
    if (mode === 'ack') ch.basicAck({ deliveryTag: got.deliveryTag });
    else if (mode === 'requeue') ch.basicNack({ deliveryTag: got.deliveryTag, requeue: true });
    else ch.basicReject({ deliveryTag: got.deliveryTag, requeue: false });
    const text = new TextDecoder().decode(got.body);
    const what = { ack: vscode.l10n.t('acked'), requeue: vscode.l10n.t('requeued'), reject: vscode.l10n.t('rejected') }[mode];
    const readyNow = s.playground.broker?.snapshot().queues.find((q) => q.vhost === '/' && q.name === queue)?.ready ?? got.messageCount;
    const msg = got.redelivered
      ? vscode.l10n.t('{0}: {1} (redelivered) — {2}; {3} ready now.', queue, bodyPreview(got.body, 200), what, readyNow)
      : vscode.l10n.t('{0}: {1} — {2}; {3} ready now.', queue, bodyPreview(got.body, 200), what, readyNow);
    s.log.info(`Get from ${queue}: ${msg}`);
    s.queues.flushNow();
    if (!isGetMode(modeArg) && !(isPlain(arg) && 'queue' in arg)) void vscode.window.showInformationMessage(msg);
    return { body: text, redelivered: got.redelivered, messageCount: got.messageCount, routingKey: got.routingKey, properties: got.properties };
  },
  purgeQueue: async (s, arg?: unknown) => {
    const queue = queueArg(arg) ?? (await pickQueue(s, vscode.l10n.t('Purge which queue?')));
    if (!queue) return undefined;
    if (!isForced(arg)) {
      const purge = vscode.l10n.t('Purge');
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Purge all ready messages from {0}? Unacked messages stay with their consumers.', queue),
        { modal: true },
        purge,
      );
      if (ok !== purge) return undefined;
    }
    const { messageCount } = s.playground.channel().queuePurge({ queue });
    s.log.info(`Purged ${messageCount} message(s) from ${queue}`);
    s.queues.flushNow();
    return messageCount;
  },
  deleteQueue: async (s, arg?: unknown) => {
    const queue = queueArg(arg) ?? (await pickQueue(s, vscode.l10n.t('Delete which queue?')));
    if (!queue) return undefined;
    if (!isForced(arg)) {
      const del = vscode.l10n.t('Delete');
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Delete queue {0} and its messages? Its consumers are cancelled.', queue),
        { modal: true },
        del,
      );
      if (ok !== del) return undefined;
    }
    const { messageCount } = s.playground.channel().queueDelete({ queue });
    s.log.info(`Deleted queue ${queue} (${messageCount} message(s))`);
    s.queues.flushNow();
    return messageCount;
  },
};
