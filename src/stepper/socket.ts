// The stepper web page's WebSocket at /ws: one StepperHost per browser tab, speaking the same
// host<->webview protocol as the VS Code panel. Only our own host names and origins may connect.
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Broker } from '../broker';
import type { Scenario } from '../scenarios/types';
import { StepperHost } from './host';

export interface StepperSocketOptions {
  /** The broker real clients use, for live mode. */
  liveBroker?: () => Broker | undefined;
  log?: (level: 'info' | 'error', text: string) => void;
  /** Scenarios offered besides the catalog. */
  extraScenarios?: readonly Scenario[];
}

/** Attaches the /ws endpoint to `server`; `allowedHosts` is read at connect time (the port is known only after listen). */
export function serveSockets(server: Server, o: StepperSocketOptions, allowedHosts: () => Set<string>): WebSocketServer {
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: 64 * 1024 * 1024,
    verifyClient: (info: { origin: string; req: IncomingMessage }) => {
      const hostOk = allowedHosts().has(info.req.headers.host ?? '');
      const originOk = info.origin === undefined || info.origin === '' || [...allowedHosts()].some((h) => info.origin === `http://${h}`);
      return hostOk && originOk;
    },
  });
  let last: string | undefined; // the last scenario run on this page, offered first on the next load
  wss.on('connection', (ws: WebSocket) => {
    const hostSide = new StepperHost({
      lastScenario: {
        get: () => last,
        set: (name) => {
          last = name;
        },
      },
      post: (m) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
      },
      liveBroker: o.liveBroker,
      log: o.log,
      extraScenarios: o.extraScenarios,
    });
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        o.log?.('error', 'stepper: a browser sent a message that is not JSON');
        return;
      }
      hostSide.handle(parsed).catch((err: unknown) => o.log?.('error', `stepper: ${err instanceof Error ? err.message : String(err)}`));
    });
    ws.on('close', () => hostSide.dispose());
  });
  return wss;
}
