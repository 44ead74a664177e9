// Errors from a real broker's management HTTP API, classified so the tree and the log can say
// what is wrong and what to do, instead of showing an empty tree.
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export type ManagementErrorKind =
  | 'config' // bad settings (URL, missing password)
  | 'unreachable' // connection refused, host not found, reset
  | 'timeout' // no answer in time
  | 'unauthorized' // 401: wrong user name / password, or not a management user
  | 'forbidden' // 403: authenticated but not allowed (vhost permissions, user tags)
  | 'tls' // certificate problems, http/https mismatch
  | 'not-management' // something answers, but it is not the management API (404 on /api/overview, AMQP port, other HTTP server)
  | 'not-found' // 404 on an object (queue, vhost, exchange)
  | 'bad-request' // 400 / 405 / 412 / 413: the broker refused the request
  | 'server' // 5xx
  | 'bad-response'; // not the JSON we expected

export class ManagementError extends Error {
  override readonly name = 'ManagementError';
  constructor(
    readonly kind: ManagementErrorKind,
    /** One sentence for a tree item / notification: what is wrong and what to do. */
    readonly userMessage: string,
    readonly details: { url?: string; status?: number; reason?: string; code?: string; cause?: unknown } = {},
  ) {
    super(userMessage);
  }
}

/** Redacts user:password from a URL for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    u.search = ''; // queries (columns=…) only make messages long
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'EADDRNOTAVAIL']);
const TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|CERT_|EPROTO$|HOSTNAME_MISMATCH|ERR_OSSL)/;
/** undici's HTTP parser and socket errors: the peer spoke something that is not HTTP, or closed early. */
const NOT_HTTP = /^(HPE_|UND_ERR_SOCKET$|UND_ERR_INFO$)/;

/** Walks `cause` / AggregateError chains for the first error code. */
export function errorCode(err: unknown, depth = 0): string | undefined {
  if (depth > 5 || err === null || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown[] };
  if (typeof e.code === 'string') return e.code;
  if (Array.isArray(e.errors))
    for (const inner of e.errors) {
      const c = errorCode(inner, depth + 1);
      if (c) return c;
    }
  return errorCode(e.cause, depth + 1);
}

function innermostMessage(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object' && (e as { cause?: unknown }).cause; i++) e = (e as { cause: unknown }).cause;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Classifies a network-level failure of `fetch(url)` (the request never got an HTTP status).
 * When the peer did not speak HTTP, probes whether it is an AMQP port (a common mix-up).
 */
export async function classifyNetworkError(err: unknown, url: string, timeoutMs: number): Promise<ManagementError> {
  if (err instanceof ManagementError) return err;
  const where = redactUrl(url);
  const name = (err as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ManagementError('timeout', `No answer from ${where} within ${timeoutMs} ms. The broker may be overloaded or a firewall drops the traffic.`, {
      url: where,
      cause: err,
    });
  }
  const code = errorCode(err);
  const msg = innermostMessage(err);
  if (code && TIMEOUT.has(code)) {
    return new ManagementError('timeout', `No answer from ${where} (${code}). The broker may be overloaded or a firewall drops the traffic.`, {
      url: where,
      code,
      cause: err,
    });
  }
  if ((code && TLS_CODES.test(code)) || /certificate|ssl|tls/i.test(msg)) {
    let hint = 'check the certificate (a private CA can be added with NODE_EXTRA_CA_CERTS)';
    if ((code && /WRONG_VERSION_NUMBER|EPROTO/.test(code)) || /wrong version number|packet length too long/i.test(msg)) {
      hint = url.startsWith('https:') ? 'the port speaks plain HTTP: use http:// or the TLS port' : 'the port expects TLS: use https://';
    } else if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') {
      hint = 'the certificate is self-signed: add its CA with NODE_EXTRA_CA_CERTS';
    } else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      hint = 'the certificate does not name this host: use the host name the certificate was issued for';
    } else if (code === 'CERT_HAS_EXPIRED') {
      hint = 'the certificate has expired';
    }
    return new ManagementError('tls', `TLS problem with ${where}: ${hint} (${code ?? msg}).`, { url: where, code, cause: err });
  }
  // Accepted, then closed without an HTTP answer: often a TLS or AMQP port behind an http:// URL.
  const hungUp = code === 'ECONNRESET' && /socket hang up|other side closed/i.test(msg);
  if (code && UNREACHABLE.has(code) && !hungUp) {
    const u = safeUrl(url);
    const port = u ? Number(u.port || (u.protocol === 'https:' ? 443 : 80)) : undefined;
    const plugin =
      code === 'ECONNREFUSED'
        ? ' Is the broker running, and is the management plugin enabled (rabbitmq-plugins enable rabbitmq_management; port 15672 by default)?'
        : '';
    const what =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `host ${u?.hostname ?? ''} not found`
        : code === 'ECONNREFUSED'
          ? `connection refused on port ${port}`
          : code;
    return new ManagementError('unreachable', `Cannot reach ${where}: ${what}.${plugin}`, { url: where, code, cause: err });
  }
  if (hungUp || (code && NOT_HTTP.test(code)) || /other side closed|invalid|parse/i.test(msg)) {
    const u = safeUrl(url);
    const port = u ? Number(u.port || (u.protocol === 'https:' ? 443 : 80)) : 0;
    const probeMs = Math.min(timeoutMs, 3_000);
    if (u && (await looksLikeAmqp(u.hostname, port, probeMs))) {
      return new ManagementError(
        'not-management',
        `${where} is an AMQP port, not the management API. Use the management URL (e.g. http://${u.hostname}:15672).`,
        { url: where, code, cause: err },
      );
    }
    if (u && u.protocol === 'http:' && (await speaksTls(u.hostname, port, probeMs))) {
      return new ManagementError('tls', `TLS problem with ${where}: the port expects TLS: use https://.`, { url: where, code, cause: err });
    }
    return new ManagementError('not-management', `${where} did not answer with HTTP (${code ?? msg}). Check the management URL and port.`, {
      url: where,
      code,
      cause: err,
    });
  }
  return new ManagementError('unreachable', `Cannot reach ${where}: ${code ? `${code}: ` : ''}${msg}.`, { url: where, code, cause: err });
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Classifies an HTTP error status from the management API, using the JSON `{error, reason}` body when present. */
export function classifyHttpError(status: number, bodyText: string, url: string, context: { user?: string; overview?: boolean } = {}): ManagementError {
  const where = redactUrl(url);
  let reason: string | undefined;
  try {
    const j = JSON.parse(bodyText) as { error?: unknown; reason?: unknown };
    reason = [j.error, j.reason].filter((x) => typeof x === 'string' && x !== '').join(': ') || undefined;
  } catch {
    reason = bodyText.trim().slice(0, 200) || undefined;
  }
  const details = { url: where, status, reason };
  const why = reason ? ` (${reason})` : '';
  if (status === 401) {
    const notMgmt = /not management user|not_authorised.*management/i.test(reason ?? '');
    return new ManagementError(
      'unauthorized',
      notMgmt
        ? `User ${context.user ?? ''} may not use the management API: give it the "management" (or "monitoring") tag.`
        : `Login to ${where} failed for user ${context.user ?? '(none)'}: check the user name and password (HTTP 401${why}).`,
      details,
    );
  }
  if (status === 403) {
    return new ManagementError(
      'forbidden',
      `User ${context.user ?? ''} is not allowed to do this on ${where} (HTTP 403${why}). Check its permissions and tags.`,
      details,
    );
  }
  if (status === 404) {
    if (context.overview) {
      return new ManagementError(
        'not-management',
        `No management API at ${where} (HTTP 404). Check the management URL (e.g. http://host:15672, without /api) and that rabbitmq_management is enabled.`,
        details,
      );
    }
    return new ManagementError('not-found', `Not found: ${where}${why}. It may have been deleted.`, details);
  }
  if (status >= 500) return new ManagementError('server', `The broker failed to answer ${where} (HTTP ${status}${why}).`, details);
  return new ManagementError('bad-request', `The broker refused the request to ${where} (HTTP ${status}${why}).`, details);
}

/** True when host:port answers an AMQP 0-9-1 protocol header like an AMQP broker (header or connection.start). */
export function looksLikeAmqp(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.once('error', () => finish(false));
    sock.once('close', () => finish(false));
    sock.once('connect', () => sock.write(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1')));
    sock.once('data', (d: Buffer) => finish(d[0] === 1 || d.subarray(0, 4).toString('latin1') === 'AMQP'));
  });
}

/** True when host:port completes a TLS handshake (certificate not checked: this only identifies the protocol). */
export function speaksTls(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = tlsConnect({ host, port, rejectUnauthorized: false, ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }) });
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.once('secureConnect', () => finish(true));
    sock.once('error', () => finish(false));
    sock.once('close', () => finish(false));
  });
}
