// The `--ui` stepper server: loopback only, DNS-rebinding and cross-origin WebSocket guards, the same
// bundle under a strict CSP with a fresh nonce per page, and the same protocol over the WebSocket.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startStepperServer, type StepperServer } from '../../../src/stepper/server';
import { PROTOCOL_VERSION, parseHostMessage, type HostMessage } from '../../../src/protocol/messages';

function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('stepper web server (src/stepper/server)', function () {
  this.timeout(30_000);
  let server: StepperServer;
  before(async () => {
    server = await startStepperServer({ distDir: join(__dirname, '../../../dist') });
  });
  after(async () => {
    await server?.close();
  });

  it('listens on 127.0.0.1 and serves the page with a strict CSP and a fresh nonce each time', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const a = await get(server.port, '/');
    const b = await get(server.port, '/?theme=dark');
    assert.equal(a.status, 200);
    const nonce = (html: string) => /script nonce="([^"]+)"/.exec(html)![1];
    assert.notEqual(nonce(a.body), nonce(b.body));
    assert.match(a.body, /default-src 'none'/);
    assert.match(a.body, new RegExp(`connect-src ws://127\\.0\\.0\\.1:${server.port}`));
    assert.match(b.body, /data-theme="dark"/);
    assert.equal(a.headers['x-content-type-options'], 'nosniff');
    assert.equal((await get(server.port, '/nope')).status, 404);
  });

  it("no other site may frame it: every response says frame-ancestors 'none' and X-Frame-Options DENY", async () => {
    for (const [path, host] of [
      ['/', undefined],
      ['/webview.js', undefined],
      ['/nope', undefined],
      ['/', 'evil.example:80'],
    ] as const) {
      const r = await get(server.port, path, host);
      assert.equal(r.headers['content-security-policy'], "frame-ancestors 'none'", `${path} ${host ?? ''}`);
      assert.equal(r.headers['x-frame-options'], 'DENY', `${path} ${host ?? ''}`);
    }
  });

  it('is loopback-only unless a host is asked for', async () => {
    assert.equal(new URL(server.url).hostname, '127.0.0.1');
    // this machine's own non-loopback address (when it has one) does not reach the page
    const other = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (other) {
      const reached = await new Promise<boolean>((resolve) => {
        const req = request({ host: other, port: server.port, path: '/', timeout: 2000 }, () => resolve(true));
        req.on('error', () => resolve(false));
        req.on('timeout', () => {
          req.destroy();
          resolve(false);
        });
        req.end();
      });
      assert.equal(reached, false, `not reachable on ${other}`);
    }
  });

  it('refuses other Host names (DNS rebinding)', async () => {
    assert.equal((await get(server.port, '/', 'evil.example:80')).status, 421);
    assert.equal((await get(server.port, '/', `localhost:${server.port}`)).status, 200);
  });

  it('speaks the stepper protocol over /ws, and refuses WebSockets from other origins', async () => {
    const bad = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { origin: 'http://evil.example' });
    const refused = await new Promise<boolean>((resolve) => {
      bad.on('error', () => resolve(true));
      bad.on('open', () => resolve(false));
    });
    assert.ok(refused, 'cross-origin WebSocket refused');

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { origin: `http://127.0.0.1:${server.port}` });
    const got: HostMessage[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve());
      ws.on('error', reject);
    });
    ws.on('message', (d) => got.push(parseHostMessage(JSON.parse(String(d)))));
    ws.send(JSON.stringify({ type: 'ready', version: PROTOCOL_VERSION }));
    ws.send(JSON.stringify({ type: 'runScenario', requestId: 1, name: 'tutorial-1-hello-world' }));
    const deadline = Date.now() + 10_000;
    while (!got.some((m) => m.type === 'reply') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(
      got.find((m) => m.type === 'reply'),
      { type: 'reply', requestId: 1, ok: true },
    );
    assert.ok(got.some((m) => m.type === 'events' && m.messages.some((x) => x.body === 'Hello World!')));
    ws.close();
  });
});
