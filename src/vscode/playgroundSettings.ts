// The acklab.* settings in VS Code: read through src/playground/settings.ts (pure validation),
// bad values shown as errors naming the setting, and a change applied to the running broker
// (restarting only what it affects).
import * as vscode from 'vscode';
import { readSettings, settingsImpact, type Playground, type Settings } from '../playground';

export interface SettingsReader {
  read(): Settings;
  /** Problems found at the last read. */
  readonly errors: readonly string[];
}

export function settingsReader(log: vscode.LogOutputChannel): SettingsReader {
  let errors: string[] = [];
  return {
    read: () => {
      const cfg = vscode.workspace.getConfiguration('acklab');
      const r = readSettings((k) => cfg.get(k));
      errors = r.errors;
      for (const e of r.errors) {
        log.error(`Settings: ${e}`);
        void vscode.window
          .showErrorMessage(vscode.l10n.t('AckLab: {0}', e), vscode.l10n.t('Open Settings'))
          .then((a) => a && vscode.commands.executeCommand('workbench.action.openSettings', 'acklab'));
      }
      return r.settings;
    },
    get errors() {
      return errors;
    },
  };
}

/** Applies setting changes to the playground; `done` runs after each (the status shows the new state). */
export function watchSettings(reader: SettingsReader, playground: Playground, log: vscode.LogOutputChannel, done: () => void): vscode.Disposable {
  let last = playground.settings;
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('acklab')) return;
    const next = reader.read();
    const impact = settingsImpact(last, next);
    last = next;
    if (impact.restartBroker || impact.restartListener) log.info(`Settings changed: restarting the ${impact.restartBroker ? 'broker' : 'AMQP listener'}`);
    playground.reconfigure(next, impact).then(done, (err: unknown) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('AckLab: {0}', err instanceof Error ? err.message : String(err)));
      done();
    });
  });
}
