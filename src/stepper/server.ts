// `acklab serve --ui`: the stepper as a web page on 127.0.0.1. Serves the same bundle as the VS
// Code panel (dist/webview.js + .css + codicon font) under the same strict CSP, and speaks the
// same host<->webview protocol over a WebSocket at /ws.
import { createServer } from 'node:http';
import { serveHttp } from './http';
import { serveSockets, type StepperSocketOptions } from './socket';

export interface StepperServerOptions extends StepperSocketOptions {
  /** Directory holding webview.js, webview.css and codicon.ttf (the build's dist/). */
  distDir: string;
  /** 0 (default) = any free port. */
  port?: number;
  /** Loopback only by default. */
  host?: string;
}

export interface StepperServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startStepperServer(o: StepperServerOptions): Promise<StepperServer> {
  const host = o.host ?? '127.0.0.1';
  let port = 0;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

  const server = createServer((req, res) => {
    void serveHttp(req, res, o.distDir, allowedHosts());
  });
  const wss = serveSockets(server, o, allowedHosts);

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
