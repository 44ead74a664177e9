// "AckLab: Deliveries": the stepper webview panel. A createOrShow singleton with its own
// disposables, restored after a window reload by a serializer. CSP default-src 'none', one
// nonce'd script (crypto), local files only through asWebviewUri from dist/.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Broker } from '../broker';
import { PROTOCOL_VERSION, type HostMessage } from '../protocol/messages';
import { stepperHtml } from '../stepper/page';
import { SCENARIOS, findScenario } from '../scenarios/catalog';
import { StepperHost, isMessageFocus, type MessageFocus } from '../stepper/host';
import type { Scenario } from '../scenarios/types';
import { registerCommands, type ErrorSink } from './command';

/** globalState key: the scenario last run in the stepper, offered first when it opens empty. */
const LAST_SCENARIO_KEY = 'acklab.stepper.lastScenario';

export interface StepperDeps {
  /** The extension's running broker (live mode), if started. */
  liveBroker(): Broker | undefined;
  log?(level: 'info' | 'error', text: string): void;
}

export const STEPPER_VIEW_TYPE = 'acklab.stepper';

export class StepperPanel implements vscode.Disposable {
  static current: StepperPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private readonly host: StepperHost;
  private ready = false;
  private pendingScenario: string | undefined;
  private pendingLive = false;
  /** A delivery to select once the webview is ready (showLive before `ready`). */
  private pendingFocus: { focus: MessageFocus; resolve(seq: number | undefined): void } | undefined;

  static createOrShow(context: vscode.ExtensionContext, deps: StepperDeps): StepperPanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    if (StepperPanel.current) {
      StepperPanel.current.panel.reveal(column);
      return StepperPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(STEPPER_VIEW_TYPE, vscode.l10n.t('AckLab: Deliveries'), column, webviewOptions(context.extensionUri));
    StepperPanel.current = new StepperPanel(panel, context, deps);
    return StepperPanel.current;
  }

  /** Re-attach to a panel VS Code restored after a reload (the webview sends `ready` with its saved state). */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, deps: StepperDeps): StepperPanel {
    StepperPanel.current?.dispose();
    StepperPanel.current = new StepperPanel(panel, context, deps);
    return StepperPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly deps: StepperDeps,
  ) {
    panel.webview.options = webviewOptions(context.extensionUri);
    this.host = new StepperHost({
      post: (m: HostMessage) => {
        void panel.webview.postMessage(m);
      },
      liveBroker: () => deps.liveBroker(),
      log: deps.log,
      openDoc: async (url) => {
        await vscode.env.openExternal(vscode.Uri.parse(url, true));
      },
      openExample: (s) => openExample(s),
      saveExport: (format, content) => saveExport(format, content),
      lastScenario: {
        get: () => context.globalState.get<string>(LAST_SCENARIO_KEY),
        set: (name) => {
          void context.globalState.update(LAST_SCENARIO_KEY, name);
        },
      },
    });
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        void this.receive(raw);
      }),
    );
  }

  private async receive(raw: unknown): Promise<void> {
    // The host waits for the webview's `ready`; a scenario asked for before that runs then.
    if (typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'ready') {
      this.ready = true;
      if (this.pendingScenario) {
        raw = { type: 'ready', version: PROTOCOL_VERSION, state: { scenario: this.pendingScenario } };
        this.pendingScenario = undefined;
      } else if (this.pendingLive) {
        raw = { type: 'ready', version: PROTOCOL_VERSION, state: { live: true } };
        this.pendingLive = false;
      }
    }
    try {
      await this.host.handle(raw);
    } catch (err) {
      this.deps.log?.('error', `stepper: ${err instanceof Error ? err.message : String(err)}`);
    }
    const pending = this.ready ? this.pendingFocus : undefined;
    if (pending) {
      this.pendingFocus = undefined;
      pending.resolve(this.host.isLive ? this.host.focusMessage(pending.focus) : undefined);
    }
  }

  /** Opens a scenario in the stepper (from the Scenarios view, the walkthrough or a command). */
  async showScenario(name: string): Promise<void> {
    if (!this.ready) {
      this.pendingScenario = name;
      return;
    }
    await this.host.runScenario(name);
  }

  /** True while the panel follows the running broker rather than a scenario. */
  get isLive(): boolean {
    return this.host.isLive;
  }

  /**
   * Follows the running broker; with a focus, selects that message's delivery. Resolves with the trace seq
   * selected (undefined: no focus, or the broker's event log no longer holds the message).
   */
  showLive(focus?: MessageFocus): Promise<number | undefined> {
    if (!this.ready) {
      this.pendingLive = true;
      if (!focus) return Promise.resolve(undefined);
      this.pendingFocus?.resolve(undefined);
      return new Promise((resolve) => {
        this.pendingFocus = { focus, resolve };
      });
    }
    this.host.goLive();
    return Promise.resolve(focus ? this.host.focusMessage(focus) : undefined);
  }

  private html(): string {
    const w = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    return stepperHtml({
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      cspSource: w.cspSource,
      nonce: randomBytes(18).toString('base64'),
    });
  }

  dispose(): void {
    if (StepperPanel.current === this) StepperPanel.current = undefined;
    this.pendingFocus?.resolve(undefined);
    this.pendingFocus = undefined;
    this.host.dispose();
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

async function openExample(s: Scenario): Promise<void> {
  if (!s.example) throw new Error(vscode.l10n.t("Scenario '{0}' has no example code.", s.name));
  const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: s.example });
  await vscode.window.showTextDocument(doc, { preview: false });
}

async function saveExport(format: 'svg' | 'mermaid', content: string): Promise<string | undefined> {
  const ext = format === 'svg' ? 'svg' : 'mmd';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, `acklab-deliveries.${ext}`) : undefined,
    filters: format === 'svg' ? { [vscode.l10n.t('SVG image')]: ['svg'] } : { [vscode.l10n.t('Mermaid diagram')]: ['mmd', 'md'] },
    title: format === 'svg' ? vscode.l10n.t('Export the delivery diagram as SVG') : vscode.l10n.t('Export the delivery diagram as a Mermaid sequence diagram'),
  });
  if (!uri) return vscode.l10n.t('Export cancelled.');
  const text = uri.path.endsWith('.md') ? `\`\`\`mermaid\n${content}\`\`\`\n` : content;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return vscode.l10n.t('Saved {0}', uri.fsPath);
}

/**
 * Registers the panel serializer and the stepper commands. Call from activate():
 * `context.subscriptions.push(registerStepper(context, { liveBroker: () => broker, log }, errors))`.
 */
export function registerStepper(context: vscode.ExtensionContext, deps: StepperDeps, errors: ErrorSink): vscode.Disposable {
  const subs: vscode.Disposable[] = [
    vscode.window.registerWebviewPanelSerializer(STEPPER_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        StepperPanel.revive(panel, context, deps);
      },
    }),
    ...registerCommands(errors, {
      'acklab.stepper.open': () => {
        StepperPanel.createOrShow(context, deps);
      },
      // with a MessageFocus (a test finding's delivery): selects it, and returns the trace seq selected
      'acklab.stepper.live': (focus?: unknown) => StepperPanel.createOrShow(context, deps).showLive(isMessageFocus(focus) ? focus : undefined),
      'acklab.scenario.run': async (arg?: string | { scenario?: { name: string } }) => {
        const name = typeof arg === 'string' ? arg : (arg?.scenario?.name ?? (await pickScenario()));
        if (!name) return;
        await StepperPanel.createOrShow(context, deps).showScenario(name);
      },
      'acklab.scenario.openExample': async (arg?: string | { scenario?: Scenario }) => {
        const s = typeof arg === 'string' ? findScenario(arg) : arg?.scenario;
        if (!s) throw new Error(vscode.l10n.t('pick a tutorial scenario to open its example code.'));
        await openExample(s);
      },
    }),
  ];
  return vscode.Disposable.from(...subs, { dispose: () => StepperPanel.current?.dispose() });
}

async function pickScenario(): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(
    SCENARIOS.map((s) => ({
      label: s.title,
      description: s.group === 'tutorial' ? vscode.l10n.t('tutorial') : vscode.l10n.t('ack pitfall'),
      detail: s.summary,
      name: s.name,
    })),
    { title: vscode.l10n.t('AckLab: open a scenario in the stepper'), matchOnDetail: true },
  );
  return pick?.name;
}
