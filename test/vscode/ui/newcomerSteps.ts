// Steps of the newcomer test (newcomer.ui.test.ts): typing into the integrated terminal and
// reading it back, the tutorial clients' event file, and a recorder in the page that notes when
// the Queues view's task_queue row changes, so each change is timed against the client's step.
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

export type Theme = 'dark' | 'light' | 'hc';

export const THEMES: Record<Theme, { setting: string; workbenchClass: string }> = {
  dark: { setting: 'Default Dark Modern', workbenchClass: 'vs-dark' },
  light: { setting: 'Default Light Modern', workbenchClass: 'vs' },
  hc: { setting: 'Default High Contrast', workbenchClass: 'hc-black' },
};

/** The visible text of the active terminal (DOM renderer: terminal.integrated.gpuAcceleration off). */
export async function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const rows = document.querySelector('.terminal-wrapper.active .xterm-rows') ?? document.querySelector('.xterm-rows');
    return [...(rows?.children ?? [])].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
  });
}

export async function waitForTerminal(page: Page, re: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await terminalText(page);
    if (re.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${re} in the terminal, which shows:\n${last}`);
}

/** Types a command line into the active terminal; returns when Enter was pressed (Date.now()). */
export async function typeLine(page: Page, line: string): Promise<number> {
  await page.locator('.terminal-wrapper.active .xterm').first().click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  return Date.now();
}

export interface ClientEvent {
  t: number;
  pid: number;
  what: 'sent' | 'received' | 'acked';
  text: string;
  redelivered: boolean;
}

/** The events the tutorial clients wrote to TUTORIAL_EVENTS (test/fixtures/tutorial-2/note.js). */
export function clientEvents(file: string): ClientEvent[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ClientEvent);
}

export async function waitForEvent(file: string, what: ClientEvent['what'], text: string, after: number, timeoutMs = 30_000): Promise<ClientEvent> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const e = clientEvents(file).find((x) => x.what === what && x.text === text && x.t >= after);
    if (e) return e;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the tutorial client never reported "${what}" for '${text}'; events: ${JSON.stringify(clientEvents(file))}`);
}

export interface RowChange {
  t: number;
  text: string;
}

/** Starts noting every change of the task_queue row's text, every 20 ms, in the page itself. */
export async function recordQueueRow(page: Page, queue: string): Promise<void> {
  await page.evaluate((q) => {
    const w = window as unknown as { __acklabRow?: { log: { t: number; text: string }[]; timer: number } };
    if (w.__acklabRow) clearInterval(w.__acklabRow.timer);
    const log: { t: number; text: string }[] = [];
    let last: string | undefined;
    const timer = window.setInterval(() => {
      const row = document.querySelector(`.monaco-list-row[aria-label^="Queue ${q},"]`);
      const text = row ? (row.textContent ?? '').replace(/\s+/g, ' ').trim() : '(no row)';
      if (text !== last) log.push({ t: Date.now(), text });
      last = text;
    }, 20);
    w.__acklabRow = { log, timer };
  }, queue);
}

export async function rowChanges(page: Page): Promise<RowChange[]> {
  return page.evaluate(() => (window as unknown as { __acklabRow?: { log: RowChange[] } }).__acklabRow?.log ?? []);
}

/** The row's counts as the user reads them: `ready 1 · unacked 0 · 1 consumer`. */
export function counts(text: string): { ready: number; unacked: number; consumers: number } | undefined {
  const m = /ready (\d+) · unacked (\d+)(?: · (\d+) consumers?)?/.exec(text);
  return m ? { ready: Number(m[1]), unacked: Number(m[2]), consumers: Number(m[3] ?? 0) } : undefined;
}

/**
 * Waits until the row shows these counts at or after `since` (the client's step); returns how long after
 * `since` the row changed (0 when it changed first), measured by the page's recorder.
 */
export async function waitForCounts(
  page: Page,
  want: { ready: number; unacked: number; consumers?: number },
  since: number,
  timeoutMs = 10_000,
): Promise<{ ms: number; text: string }> {
  const deadline = Date.now() + timeoutMs;
  let seen: RowChange[] = [];
  while (Date.now() < deadline) {
    seen = await rowChanges(page);
    // (a row may change just before the client notes its step: a worker notes a delivery after it arrived)
    const hit = seen.find((c) => {
      const n = counts(c.text);
      return (
        c.t >= since - 1000 && n && n.ready === want.ready && n.unacked === want.unacked && (want.consumers === undefined || n.consumers === want.consumers)
      );
    });
    if (hit) return { ms: Math.max(0, hit.t - since), text: hit.text };
    await new Promise((r) => setTimeout(r, 50));
  }
  const recent = seen.filter((c) => c.t >= since - 2000).map((c) => `+${c.t - since} ms ${c.text}`);
  throw new Error(`task_queue never showed ${JSON.stringify(want)} after the client's step; the row showed:\n${recent.join('\n')}`);
}
