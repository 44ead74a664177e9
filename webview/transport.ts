// How the stepper talks to its host: VS Code's postMessage inside a webview, or a WebSocket on
// the `--ui` page. Both carry the same protocol messages (src/protocol/messages.ts).
import type { PersistedState, WebviewMessage } from '../src/protocol/messages';

export interface Transport {
  readonly kind: 'vscode' | 'web';
  post(msg: WebviewMessage): void;
  onMessage(cb: (data: unknown) => void): void;
  getState(): PersistedState | undefined;
  setState(s: PersistedState): void;
}

interface VsCodeApi {
  postMessage(m: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare const acquireVsCodeApi: undefined | (() => VsCodeApi);

export function createTransport(): Transport {
  if (typeof acquireVsCodeApi === 'function') {
    const api = acquireVsCodeApi();
    return {
      kind: 'vscode',
      post: (m) => api.postMessage(m),
      onMessage: (cb) => window.addEventListener('message', (ev: MessageEvent) => cb(ev.data)),
      getState: () => (api.getState() as PersistedState | undefined) ?? undefined,
      setState: (s) => api.setState(s),
    };
  }
  return webSocketTransport();
}

function webSocketTransport(): Transport {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  let ws: WebSocket | undefined;
  const queue: string[] = [];
  const listeners: Array<(d: unknown) => void> = [];
  let retry = 0;
  const open = (): void => {
    ws = new WebSocket(url);
    ws.onopen = () => {
      retry = 0;
      for (const m of queue.splice(0)) ws!.send(m);
    };
    ws.onmessage = (ev) => {
      let data: unknown;
      try {
        data = JSON.parse(String(ev.data));
      } catch {
        data = ev.data;
      }
      for (const l of listeners) l(data);
    };
    ws.onclose = () => {
      ws = undefined;
      if (retry < 5) setTimeout(open, 500 * ++retry);
    };
  };
  open();
  const key = 'acklab.stepper.state';
  return {
    kind: 'web',
    post: (m) => {
      const s = JSON.stringify(m);
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(s);
      else queue.push(s);
    },
    onMessage: (cb) => {
      listeners.push(cb);
    },
    getState: () => {
      try {
        return JSON.parse(sessionStorage.getItem(key) ?? 'null') ?? undefined;
      } catch {
        return undefined;
      }
    },
    setState: (s) => {
      try {
        sessionStorage.setItem(key, JSON.stringify(s));
      } catch {
        /* storage disabled */
      }
    },
  };
}
