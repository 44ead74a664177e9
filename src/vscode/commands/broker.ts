// Broker commands: lifecycle (start / stop / restart / profile; these never start the broker on
// their own), connecting (AMQP URL, terminal), the clock, and showing the views.
import * as vscode from 'vscode';
import { isProfile, PROFILE_NAMES } from '../../broker';
import { parseDuration } from '../args';
import { isPlain } from './prompts';
import type { Handler } from './types';

export const LIFECYCLE: Record<string, Handler> = {
  startBroker: async (s) => {
    s.userStopped = false;
    await s.playground.start();
    return s.playground.state;
  },
  stopBroker: async (s) => {
    s.userStopped = true;
    await s.playground.stop();
    return s.playground.state;
  },
  restartBroker: async (s) => {
    s.userStopped = false;
    await s.playground.restart();
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(debug-restart) AckLab broker restarted: durable queues and persistent messages kept'), 5000);
    return s.playground.state;
  },
  switchProfile: async (s, profileArg?: unknown) => {
    let profile = typeof profileArg === 'string' ? profileArg : undefined;
    if (!profile) {
      const current = s.playground.settings.profile;
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'rabbitmq', description: vscode.l10n.t('RabbitMQ 4.2 behaviour'), picked: current === 'rabbitmq' },
          { label: 'rabbitmq-3', description: vscode.l10n.t('RabbitMQ 3.x behaviour where 4.x changed it'), picked: current === 'rabbitmq-3' },
          { label: 'lavinmq', description: vscode.l10n.t("LavinMQ's differences"), picked: current === 'lavinmq' },
        ],
        { ignoreFocusOut: true, title: vscode.l10n.t('Broker profile (now {0}); switching restarts the broker', current) },
      );
      profile = pick?.label;
    }
    if (!profile) return undefined;
    if (!isProfile(profile)) throw new Error(vscode.l10n.t('Unknown profile "{0}": use one of {1}.', profile, PROFILE_NAMES.join(', ')));
    const cfg = vscode.workspace.getConfiguration('acklab');
    const inspect = cfg.inspect('profile');
    const target = inspect?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await cfg.update('profile', profile, target);
    return profile;
  },
  showLog: (s) => {
    s.log.show(true);
  },
  refresh: (s) => {
    s.queues.flushNow();
    s.connections.flushNow();
  },
};

export const CONNECT: Record<string, Handler> = {
  copyAmqpUrl: async (s) => {
    const url = s.playground.url;
    if (!url)
      throw new Error(
        s.playground.state === 'running'
          ? vscode.l10n.t('The AMQP listener is off (setting acklab.amqp.enabled).')
          : vscode.l10n.t('The AckLab broker is not running.'),
      );
    await vscode.env.clipboard.writeText(url);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied {0}', url), 3000);
    return url;
  },
  openTerminal: (s) => {
    const url = s.playground.url;
    if (!url) throw new Error(vscode.l10n.t('The AMQP listener is not running, so there is no AMQP_URL to give the terminal.'));
    const t = vscode.window.createTerminal({ name: 'AckLab', env: { AMQP_URL: url }, iconPath: new vscode.ThemeIcon('broadcast') });
    t.show();
    return t.name;
  },
  fastForward: async (s, arg?: number | string | { ms: number }) => {
    let ms: number | undefined;
    if (typeof arg === 'number') ms = arg;
    else if (typeof arg === 'string') ms = parseDuration(arg);
    else if (isPlain(arg) && 'ms' in arg) ms = Number((arg as { ms: number }).ms);
    if (ms === undefined) {
      const timeout = s.playground.settings.consumerTimeoutMs;
      const items = [
        { label: vscode.l10n.t('1 minute'), ms: 60_000 },
        { label: vscode.l10n.t('{0} minutes', 5), ms: 300_000 },
        ...(timeout > 0
          ? [
              {
                label: vscode.l10n.t('{0} minutes', Math.round(timeout / 60_000)),
                description: vscode.l10n.t('past the consumer timeout'),
                ms: timeout + 60_000,
              },
            ]
          : []),
        { label: vscode.l10n.t('1 hour'), ms: 3_600_000 },
        { label: vscode.l10n.t('Other…'), ms: -1 },
      ];
      const pick = await vscode.window.showQuickPick(items, {
        ignoreFocusOut: true,
        title: vscode.l10n.t('Fast-forward the broker clock'),
        placeHolder: vscode.l10n.t('TTLs expire and consumer timeouts fire as if this much time passed'),
      });
      if (!pick) return undefined;
      if (pick.ms < 0) {
        const text = await vscode.window.showInputBox({
          ignoreFocusOut: true,
          prompt: vscode.l10n.t('How far? e.g. 90s, 30m, 2h'),
          validateInput: (v) => {
            try {
              parseDuration(v);
              return undefined;
            } catch (e) {
              return (e as Error).message;
            }
          },
        });
        if (text === undefined) return undefined;
        ms = parseDuration(text);
      } else ms = pick.ms;
    }
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(vscode.l10n.t('Cannot fast-forward by {0} ms.', ms));
    s.playground.fastForward(ms);
    s.log.info(`Fast-forwarded the broker clock by ${ms} ms`);
    s.queues.flushNow();
    s.connections.flushNow();
    return ms;
  },
  showQueues: async (s) => {
    await vscode.commands.executeCommand('acklab.queues.focus');
    if (!s.queuesView.visible) {
      // the visibility event comes from the workbench a moment later
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 3000);
        const sub = s.queuesView.onDidChangeVisibility((e) => e.visible && done());
        function done() {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }
      });
    }
    return s.queuesView.visible;
  },
};
