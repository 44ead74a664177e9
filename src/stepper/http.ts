// The stepper web page's HTTP side: the page itself (strict CSP, fresh nonce) and the three bundle
// files from the build's dist/, behind a DNS-rebinding guard (only our own host names).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { stepperHtml } from './page';

const FILES: Record<string, [string, string]> = {
  '/webview.js': ['webview.js', 'text/javascript; charset=utf-8'],
  '/webview.css': ['webview.css', 'text/css; charset=utf-8'],
  '/codicon.ttf': ['codicon.ttf', 'font/ttf'],
};

/** Answers one request; `allowedHosts` are the Host headers that name this server. */
export async function serveHttp(req: IncomingMessage, res: ServerResponse, distDir: string, allowedHosts: ReadonlySet<string>): Promise<void> {
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
  if (!allowedHosts.has(req.headers.host ?? '')) {
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
    const body = await readFile(join(distDir, f[0]));
    res.writeHead(200, { ...common, 'content-type': f[1] }).end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(500, { ...common, 'content-type': 'text/plain' }).end(`${f[0]} is missing: run npm run build`);
  }
}
