// Helpers for Playwright UI tests in the real workbench (code-server + headless Chromium).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { CodeServer, freePort, openWorkbench, repoRoot, type Workbench } from '../../support/codeServer';

export const shotsDir = join(repoRoot, 'test-results', 'ui');

export interface Session {
  server: CodeServer;
  wb: Workbench;
  page: Page;
  amqpPort: number;
  close(): Promise<void>;
}

/** code-server with AckLab loaded as the development extension, opened in Chromium. */
export async function startSession(opts: { theme?: 'light' | 'dark'; settings?: Record<string, unknown>; workspace?: string } = {}): Promise<Session> {
  const amqpPort = await freePort();
  const server = await CodeServer.start({
    ...(opts.workspace ? { workspace: opts.workspace } : {}),
    settings: {
      'acklab.amqp.port': amqpPort,
      // the theme follows the (emulated) OS colour scheme: setTheme() switches it
      'window.autoDetectColorScheme': true,
      'workbench.preferredDarkColorTheme': 'Default Dark Modern',
      'workbench.preferredLightColorTheme': 'Default Light Modern',
      ...opts.settings,
    },
  });
  try {
    const wb = await openWorkbench(server.workbenchUrl({ extensionDevelopmentPath: repoRoot }), { colorScheme: opts.theme ?? 'light' });
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return {
      server,
      wb,
      page: wb.page,
      amqpPort,
      close: async () => {
        await wb.close();
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** Switches between the default light and dark themes (through the emulated OS colour scheme). */
export async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.waitForFunction((t) => document.querySelector('.monaco-workbench')?.classList.contains(t), theme === 'dark' ? 'vs-dark' : 'vs', {
    timeout: 20_000,
  });
}

/** Drags the sash between the side bar and the editor so descriptions are not cut off. */
export async function widenSideBar(page: Page, width = 720): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}

/** Changes a user setting the way the Settings editor does (VS Code watches the file). */
export function setUserSetting(s: Session, key: string, value: unknown): void {
  const path = join(s.server.userDataDir, 'User', 'settings.json');
  const settings = JSON.parse(readFileSync(path, 'utf8'));
  settings[key] = value;
  writeFileSync(path, JSON.stringify(settings, null, 2));
}

/**
 * Shows the AckLab container. Idempotent: clicking the activity-bar icon of a container that is already shown hides
 * it, and after a window reload the workbench may restore the container open just after the icon appears; so click
 * only while the Queues pane is not shown, and check again after each click.
 */
export async function openAckLab(page: Page): Promise<void> {
  const icon = page.locator('.activitybar .action-item [aria-label^="AckLab"], .activitybar .action-item[aria-label^="AckLab"]').first();
  const queues = page.locator('.pane-header', { hasText: 'Queues' }).first();
  await icon.waitFor({ timeout: 60_000 });
  for (let attempt = 0; attempt < 4; attempt++) {
    if (await queues.isVisible()) return;
    await icon.click();
    try {
      await queues.waitFor({ timeout: 7_500 });
      return;
    } catch {
      // the click closed a container the workbench had just restored: try again
    }
  }
  await queues.waitFor({ timeout: 30_000 });
}

/** The Queues view's row for a queue (the row's accessible label names the queue and its counts). */
export function queueRow(page: Page, name: string): Locator {
  return page.locator(`.monaco-list-row[aria-label^="Queue ${name},"]`);
}

export function rowByLabel(page: Page, text: string): Locator {
  return page.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: text }) });
}

export async function expectText(loc: Locator, re: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (
      (await loc
        .first()
        .textContent({ timeout: 2000 })
        .catch(() => '')) ?? ''
    ).replace(/\s+/g, ' ');
    if (re.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${re} in ${loc}, last text: "${last}"`);
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(shotsDir, { recursive: true });
  const path = join(shotsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}
