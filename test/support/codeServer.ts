// A real VS Code for tests: code-server 4.100.3 (VS Code 1.100.3 with a Node extension host)
// driven from Debian's headless Chromium through playwright-core. Used by the host-test runner,
// the Playwright UI tests, the VSIX install test and the UI benchmark.
//
// Everything started here is owned by a CodeServer/Workbench object whose stop()/close() kills
// it; stopAll() runs on process exit and on SIGINT/SIGTERM so no server is ever left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const repoRoot = resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.ACKLAB_CHROMIUM ?? '/usr/bin/chromium';

/** Ensures the cached code-server exists (prepares it on first use) and returns its root. */
export async function prepareCodeServer(): Promise<string> {
  const mod = (await import(join(repoRoot, 'scripts', 'prepare-vscode.mjs'))) as { prepareVscode(): Promise<string> };
  return mod.prepareVscode();
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

const live = new Set<{ stop(): Promise<void> | void }>();
let hooked = false;
function track(x: { stop(): Promise<void> | void }): void {
  live.add(x);
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const l of live) void l.stop();
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      void stopAll().finally(() => process.exit(130));
    });
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((l) => l.stop()));
}

export interface CodeServerOptions {
  /** Folder opened as the workspace; a temp folder is created when omitted. */
  workspace?: string;
  /** User settings written to settings.json before start. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server and, through it, the extension host. */
  env?: Record<string, string>;
  /** Reuse these dirs (e.g. to restart with the same state); temp dirs otherwise. */
  userDataDir?: string;
  extensionsDir?: string;
  /** Where the server log goes; kept in the temp dir. */
  verbose?: boolean;
  /** Open the folder untrusted, in Restricted Mode without asking (default: workspace trust is off). */
  untrusted?: boolean;
}

export class CodeServer {
  private stopped = false;
  private output = '';

  private constructor(
    readonly proc: ChildProcess,
    readonly port: number,
    readonly root: string,
    readonly tempDir: string,
    readonly workspace: string,
    readonly userDataDir: string,
    readonly extensionsDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The last lines the server printed (for failure messages). */
  tail(lines = 40): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  static async start(opts: CodeServerOptions = {}): Promise<CodeServer> {
    const root = await prepareCodeServer();
    const tempDir = mkdtempSync(join(tmpdir(), 'acklab-vscode-'));
    const workspace = opts.workspace ?? join(tempDir, 'workspace');
    const userDataDir = opts.userDataDir ?? join(tempDir, 'user-data');
    const extensionsDir = opts.extensionsDir ?? join(tempDir, 'extensions');
    for (const d of [workspace, join(userDataDir, 'User'), extensionsDir]) mkdirSync(d, { recursive: true });
    const settings = {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      ...(opts.untrusted
        ? {
            'security.workspace.trust.enabled': true,
            'security.workspace.trust.startupPrompt': 'never',
            'security.workspace.trust.banner': 'never',
            'security.workspace.trust.emptyWindow': false,
          }
        : { 'security.workspace.trust.enabled': false }),
      'update.mode': 'none',
      'window.commandCenter': false,
      ...opts.settings,
    };
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const port = await freePort();
    const args = [
      join(root, 'out', 'node', 'entry.js'),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.untrusted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      workspace,
    ];
    const proc = spawn(process.execPath, args, {
      cwd: tempDir,
      detached: true, // own process group, so stop() kills the extension host and helpers too
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...opts.env, VSCODE_PROXY_URI: '', NODE_OPTIONS: '' },
    });
    const cs = new CodeServer(proc, port, root, tempDir, workspace, userDataDir, extensionsDir);
    track(cs);
    const onData = (b: Buffer) => {
      const s = b.toString();
      cs.output += s;
      if (cs.output.length > 200_000) cs.output = cs.output.slice(-100_000);
      if (opts.verbose) process.stderr.write(s);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    await cs.waitForListening(60_000);
    return cs;
  }

  private waitForListening(timeoutMs: number): Promise<void> {
    return new Promise((res, rej) => {
      const timer = setInterval(() => {
        if (/HTTP server listening on/.test(this.output)) {
          cleanup();
          res();
        }
      }, 100);
      const deadline = setTimeout(() => {
        cleanup();
        void this.stop();
        rej(new Error(`code-server did not start within ${timeoutMs} ms:\n${this.tail()}`));
      }, timeoutMs);
      const onExit = (code: number | null) => {
        cleanup();
        rej(new Error(`code-server exited (${code}) before listening:\n${this.tail()}`));
      };
      this.proc.once('exit', onExit);
      const cleanup = () => {
        clearInterval(timer);
        clearTimeout(deadline);
        this.proc.off('exit', onExit);
      };
    });
  }

  /** Workbench URL; with extensionDevelopmentPath (and optionally tests) as in @vscode/test-electron. */
  workbenchUrl(opts: { extensionDevelopmentPath?: string; extensionTestsPath?: string; folder?: string } = {}): string {
    const remote = (p: string) => `vscode-remote://127.0.0.1:${this.port}${p}`;
    const payload: [string, string][] = [];
    if (opts.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)]);
    if (opts.extensionTestsPath) payload.push(['extensionTestsPath', remote(opts.extensionTestsPath)]);
    let url = `${this.url}/?folder=${encodeURIComponent(opts.folder ?? this.workspace)}`;
    if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return url;
  }

  /** Kills the whole process group (server, extension hosts, pty hosts). Idempotent. */
  async stop(opts: { keepTemp?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    live.delete(this);
    const pid = this.proc.pid;
    const exited = new Promise<void>((r) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) r();
      else this.proc.once('exit', () => r());
    });
    const kill = (sig: NodeJS.Signals) => {
      try {
        if (pid) process.kill(-pid, sig);
      } catch {
        // already gone
      }
    };
    kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    kill('SIGKILL');
    if (!opts.keepTemp && !process.env.ACKLAB_KEEP_TEMP) rmSync(this.tempDir, { recursive: true, force: true });
  }
}

export interface Workbench {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Messages the page logged (workbench and, in development mode, the extension host). */
  console: string[];
  close(): Promise<void>;
}

/** Opens the workbench in headless Chromium. colorScheme picks the default light/dark theme. */
export async function openWorkbench(
  url: string,
  opts: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number }; onConsole?: (line: string) => void } = {},
): Promise<Workbench> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package chromium (scripts/ensure-system-deps.sh)`);
  // loaded through createRequire so bundles (dist/bench/ui.js) keep playwright-core external
  const { chromium } = createRequire(__filename)('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
    timeout: 60_000,
  });
  const wb: Workbench = {
    browser,
    context: undefined as unknown as BrowserContext,
    page: undefined as unknown as Page,
    console: [],
    close: async () => {
      live.delete(handle);
      await browser.close().catch(() => undefined);
    },
  };
  const handle = { stop: () => wb.close() };
  track(handle);
  wb.context = await browser.newContext({ colorScheme: opts.colorScheme ?? 'light', viewport: opts.viewport ?? { width: 1400, height: 900 } });
  wb.page = await wb.context.newPage();
  wb.page.on('console', (m) => {
    const line = `[${m.type()}] ${m.text()}`;
    wb.console.push(line);
    if (wb.console.length > 2000) wb.console.splice(0, 1000);
    opts.onConsole?.(line);
  });
  await wb.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  return wb;
}

/** Writes a small JSON file atomically enough for tests. */
export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2));
}
