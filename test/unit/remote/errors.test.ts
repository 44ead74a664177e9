import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagementClient } from '../../../src/remote/client';
import { ManagementError, redactUrl } from '../../../src/remote/errors';

// Real sockets on loopback, each misbehaving the way a wrong URL or a sick broker does,
// and the message the user would see for each.
const creds = { username: 'alice', password: 's3cret' };

const sockets: Socket[] = [];
async function listen(s: Server | HttpServer): Promise<number> {
  s.on('connection', (c: Socket) => sockets.push(c));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return (s.address() as { port: number }).port;
}
async function failure(p: Promise<unknown>): Promise<ManagementError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ManagementError, `expected a ManagementError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

describe('remote: management API error classification', function () {
  this.timeout(15_000);
  const servers: (Server | HttpServer)[] = [];
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'acklab-tls-'));
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    for (const s of servers) (s as HttpServer).closeAllConnections?.();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    rmSync(dir, { recursive: true, force: true });
  });

  async function httpServer(status: number, body: string, contentType = 'application/json'): Promise<string> {
    const s = createHttpServer((_req, res) => {
      res.writeHead(status, { 'content-type': contentType });
      res.end(body);
    });
    servers.push(s);
    return `http://127.0.0.1:${await listen(s)}`;
  }

  it('closed port: unreachable, suggesting the management plugin', async () => {
    const s = createTcpServer();
    const port = await listen(s);
    await new Promise((r) => s.close(r));
    const e = await failure(new ManagementClient({ baseUrl: `http://127.0.0.1:${port}`, credentials: creds }).overview());
    assert.equal(e.kind, 'unreachable');
    assert.match(e.userMessage, new RegExp(`connection refused on port ${port}.*rabbitmq_management`));
  });

  it('unknown host: unreachable, host not found', async () => {
    const e = await failure(new ManagementClient({ baseUrl: 'http://no-such-host.invalid:15672', credentials: creds }).overview());
    assert.equal(e.kind, 'unreachable');
    assert.match(e.userMessage, /host no-such-host.invalid not found/);
  });

  it('a server that accepts and never answers: timeout within the bound', async () => {
    const s = createTcpServer();
    servers.push(s);
    const port = await listen(s);
    const t0 = Date.now();
    const e = await failure(new ManagementClient({ baseUrl: `http://127.0.0.1:${port}`, credentials: creds, timeoutMs: 300 }).overview());
    assert.equal(e.kind, 'timeout');
    assert.match(e.userMessage, /No answer .* within 300 ms/);
    assert.ok(Date.now() - t0 < 5_000);
  });

  it('401 with the broker reason: login failed, names the user, never the password', async () => {
    const url = await httpServer(401, JSON.stringify({ error: 'not_authorized', reason: 'Login failed' }));
    const e = await failure(new ManagementClient({ baseUrl: url, credentials: creds }).overview());
    assert.equal(e.kind, 'unauthorized');
    assert.match(e.userMessage, /Login to .* failed for user alice.*HTTP 401.*Login failed/);
    assert.ok(!e.userMessage.includes('s3cret'));
  });

  it('401 "Not management user": tells which tag is missing', async () => {
    const url = await httpServer(401, JSON.stringify({ error: 'not_authorised', reason: 'Not management user' }));
    const e = await failure(new ManagementClient({ baseUrl: url, credentials: creds }).vhosts());
    assert.equal(e.kind, 'unauthorized');
    assert.match(e.userMessage, /alice may not use the management API.*"management"/);
  });

  it('403 (LavinMQ access_refused): forbidden', async () => {
    const url = await httpServer(403, JSON.stringify({ error: 'access_refused', reason: "User doesn't have permissions to read queue 'q'" }));
    const e = await failure(new ManagementClient({ baseUrl: url, credentials: creds }).purge('/', 'q'));
    assert.equal(e.kind, 'forbidden');
    assert.match(e.userMessage, /HTTP 403.*permissions to read queue 'q'/);
  });

  it('404 on /api/overview: not the management API; 404 elsewhere: not found', async () => {
    const url = await httpServer(404, '<html>Not Found</html>', 'text/html');
    const e = await failure(new ManagementClient({ baseUrl: url, credentials: creds }).overview());
    assert.equal(e.kind, 'not-management');
    assert.match(e.userMessage, /No management API at .*HTTP 404.*rabbitmq_management/);
    const e2 = await failure(new ManagementClient({ baseUrl: url, credentials: creds }).queue('/', 'gone'));
    assert.equal(e2.kind, 'not-found');
  });

  it('a web page answering 200 on /api/overview: not the management API', async () => {
    const url = await httpServer(200, '<html>hello</html>', 'text/html');
    const e = await failure(new ManagementClient({ baseUrl: url, credentials: creds }).overview());
    assert.equal(e.kind, 'not-management');
    const url2 = await httpServer(200, '{"hello":"world"}');
    const e2 = await failure(new ManagementClient({ baseUrl: url2, credentials: creds }).overview());
    assert.equal(e2.kind, 'not-management');
    assert.match(e2.userMessage, /not like a RabbitMQ or LavinMQ management API/);
  });

  it('a port that does not speak HTTP: not-management', async () => {
    const s = createTcpServer((sock) => {
      sock.end('SSH-2.0-OpenSSH_9.2\r\n');
    });
    servers.push(s);
    const port = await listen(s);
    const e = await failure(new ManagementClient({ baseUrl: `http://127.0.0.1:${port}`, credentials: creds, timeoutMs: 3_000 }).overview());
    assert.equal(e.kind, 'not-management');
    assert.match(e.userMessage, /did not answer with HTTP/);
  });

  describe('TLS', () => {
    let httpsPort: number;
    before(async function () {
      this.timeout(30_000);
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
        ],
        { stdio: 'ignore' },
      );
      const s = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('{}'));
      servers.push(s);
      httpsPort = await listen(s);
    });

    it('self-signed certificate: tls, with the NODE_EXTRA_CA_CERTS hint', async () => {
      const e = await failure(new ManagementClient({ baseUrl: `https://localhost:${httpsPort}`, credentials: creds }).overview());
      assert.equal(e.kind, 'tls');
      assert.match(e.userMessage, /self-signed.*NODE_EXTRA_CA_CERTS/);
    });

    it('http:// to a TLS port and https:// to a plain port: tls, saying which scheme to use', async () => {
      const plain = await httpServer(200, '{}');
      const e = await failure(new ManagementClient({ baseUrl: plain.replace('http:', 'https:'), credentials: creds }).overview());
      assert.equal(e.kind, 'tls');
      assert.match(e.userMessage, /speaks plain HTTP: use http:\/\//);
      const e2 = await failure(new ManagementClient({ baseUrl: `http://127.0.0.1:${httpsPort}`, credentials: creds, timeoutMs: 3_000 }).overview());
      assert.equal(e2.kind, 'tls');
      assert.match(e2.userMessage, /expects TLS: use https:\/\//);
    });
  });

  it('redacts passwords in URLs', () => {
    assert.equal(redactUrl('http://u:pw@h:1/x'), 'http://u:***@h:1/x');
    assert.equal(redactUrl('http://h:1/'), 'http://h:1');
  });
});
