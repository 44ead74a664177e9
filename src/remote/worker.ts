// Worker-thread side of WorkerManagementClient: runs ManagementClient calls (HTTP, JSON parsing,
// queue diffs) off the extension host's event loop and posts back plain results.
import { parentPort } from 'node:worker_threads';
import { ManagementClient, type ClientOptions } from './client';
import { ManagementError } from './errors';

export type WorkerRequest =
  { id: number; op: 'init'; options: Omit<ClientOptions, 'fetch'> } | { id: number; op: 'call'; method: string; args: unknown[] } | { id: number; op: 'close' };

export type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { management: boolean; kind?: string; message: string; details?: Record<string, unknown>; name?: string } };

const port = parentPort;
if (port) {
  let client: ManagementClient | undefined;
  port.on('message', (m: WorkerRequest) => {
    void (async () => {
      try {
        let result: unknown;
        if (m.op === 'init') client = new ManagementClient(m.options);
        else if (m.op === 'close') client?.close();
        else {
          if (!client) throw new Error('worker client not initialised');
          const fn = (client as unknown as Record<string, unknown>)[m.method];
          if (typeof fn !== 'function') throw new Error(`unknown client method ${m.method}`);
          result = await (fn as (...a: unknown[]) => Promise<unknown>).apply(client, m.args);
        }
        port.postMessage({ id: m.id, ok: true, result } satisfies WorkerReply);
      } catch (e) {
        const error =
          e instanceof ManagementError
            ? {
                management: true,
                kind: e.kind,
                message: e.userMessage,
                details: { url: e.details.url, status: e.details.status, reason: e.details.reason, code: e.details.code },
              }
            : { management: false, message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : 'Error' };
        port.postMessage({ id: m.id, ok: false, error } satisfies WorkerReply);
      }
    })();
  });
}
