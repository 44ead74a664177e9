// `acklab serve --ui`: the stepper as a web page on 127.0.0.1. Serves the same bundle as the VS
// Code panel (dist/webview.js + .css + codicon font) under the same strict CSP, and speaks the
// same host<->webview protocol over a WebSocket at /ws.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Broker } from '../broker';
import { stepperHtml } from './page';
import { StepperHost } from './host';
import type { Scenario } from '../scenarios/types';

export interface StepperServerOptions {
  /** Directory holding webview.js, webview.css and codicon.ttf (the build's dist/). */
  distDir: string;
  /** 0 (default) = any free port. */
  port?: number;
  /** Loopback only by default. */
  host?: string;
  /** The broker real clients use, for live mode. */
  liveBroker?: () => Broker | undefined;
  log?: (level: 'info' | 'error', text: string) => void;
  /** Scenarios offered besides the catalog. */
  extraScenarios?: readonly Scenario[];
}

export interface StepperServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const FILES: Record<string, [string, string]> = {
  '/webview.js': ['webview.js', 'text/javascript; charset=utf-8'],
  '/webview.css': ['webview.css', 'text/css; charset=utf-8'],
  '/codicon.ttf': ['codicon.ttf', 'font/ttf'],
};

export async function startStepperServer(o: StepperServerOptions): Promise<StepperServer> {
  const host = o.host ?? '127.0.0.1';
  let port = 0;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

  const server = createServer((req, res) => {
    void serve(req, res);
  });
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // No other site may frame the page (clickjacking its buttons): frame-ancestors only works as a
    // header (a <meta> CSP ignores it), X-Frame-Options for older browsers.
    const common = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'content-security-policy': "frame-ancestors 'none'",
      'x-frame-options': 'DENY',
    };
    // DNS-rebinding guard: only our own host names.
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { ...common, 'content-type': 'text/plain' }).end('Misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...common, allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname === '/') {
      const nonce = randomBytes(18).toString('base64');
      const theme = url.searchParams.get('theme') === 'dark' ? 'dark' : 'light';
      const html = stepperHtml({
        scriptUri: '/webview.js',
        styleUri: '/webview.css',
        cspSource: "'self'",
        nonce,
        connectSrc: `ws://${req.headers.host}`,
        webTheme: theme,
      });
      res.writeHead(200, { ...common, 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, common).end();
      return;
    }
    const f = FILES[url.pathname];
    if (!f) {
      res.writeHead(404, { ...common, 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    try {
      const body = await readFile(join(o.distDir, f[0]));
      res.writeHead(200, { ...common, 'content-type': f[1] }).end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(500, { ...common, 'content-type': 'text/plain' }).end(`${f[0]} is missing: run npm run build`);
    }
  };

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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
