// AMQP 0-9-1 listener over the in-process broker: a net.Server (127.0.0.1 by default) that speaks the
// protocol like RabbitMQ (handshake, PLAIN/AMQPLAIN, tune, heartbeats, channels, content assembly, errors)
// and maps every method to the broker's typed API. One AmqpConnection per socket; any failure in one
// connection ends that connection only (541 INTERNAL_ERROR at worst), never the process.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { AmqpError, type Broker, type BrokerChannel, type BrokerConnection } from '../broker';
import type { BasicProperties as BrokerProperties, ConnectionSink, Delivery, FieldTable as BrokerTable, ReturnedMessage, Confirm } from '../broker';
import {
  DecodeError,
  FrameError,
  FrameReader,
  HEARTBEAT_FRAME,
  PROTOCOL_HEADER,
  Reader,
  UnknownMethodError,
  Writer,
  decodeArgs,
  decodeContentHeader,
  decodeTable,
  writeContent,
  writeMethodFrame,
  type BasicProperties,
  type FieldTable,
  type MethodArgs,
} from './codec';
import { FRAME_BODY, FRAME_HEADER, FRAME_HEARTBEAT, FRAME_METHOD, FRAME_MIN_SIZE, methodById, methodByName, replyName, type MethodSpec } from './spec';

export interface AmqpUser {
  password: string;
  /** Allowed from non-loopback addresses. Default: true, except for guest. */ remote?: boolean;
}

export interface AmqpServerOptions {
  host?: string;
  /** 0 = any free port. Default 5672. */
  port?: number;
  /** Users allowed to log in. Default { guest: { password: 'guest' } } (guest: loopback only, like RabbitMQ). */
  users?: Record<string, AmqpUser>;
  frameMax?: number;
  channelMax?: number;
  /** Heartbeat the server proposes, seconds (0 = off). Default 60. */
  heartbeat?: number;
  /** Largest message body accepted (default 16 MiB, like RabbitMQ 4). */
  maxMessageSize?: number;
  /** Bytes of memory (see memoryUsed) above which publishers are blocked (connection.blocked). Default 1 GiB. */
  memoryHighWatermark?: number;
  /** Memory figure compared with the watermark. Default: process heap + external + array buffers. */
  memoryUsed?: () => number;
  /** How often memory is checked, ms. Default 1000. */
  memoryCheckMs?: number;
  /**
   * Output waiting for a client (socket buffer + deliveries being written) above which the broker makes no
   * new deliveries to that connection until the socket drains: a consumer that reads slowly or not at all
   * leaves the rest ready in its queues, other consumers get them, nothing is dropped (RabbitMQ's credit flow).
   * Input is still read (acks free prefetch). At most this plus one message is buffered. Default 8 MiB.
   */
  maxOutputBuffer?: number;
  /**
   * Last-resort safety net: socket output above which the client is considered stuck and the connection is
   * dropped. Deliveries cannot reach it (see maxOutputBuffer); only replies can — a client that keeps sending
   * requests (basic.get, confirms…) and never reads the answers. Manual-ack deliveries are requeued as on any
   * connection loss. Default 64 MiB.
   */
  hardOutputLimit?: number;
  /** Product name in connection.start. */
  product?: string;
  version?: string;
  /** Called for problems worth a log line (internal errors); default: nothing. */
  log?: (line: string) => void;
  /**
   * Persistence (src/broker/persistence): publisher confirms and tx.commit-ok are sent only once
   * `afterSync` calls back, i.e. when what they confirm is on disk. Default: sent at once.
   */
  durability?: { afterSync(fn: () => void): void };
}

const DEFAULTS = {
  host: '127.0.0.1',
  port: 5672,
  frameMax: 131072,
  channelMax: 2047,
  heartbeat: 60,
  maxMessageSize: 16 * 1024 * 1024,
  memoryHighWatermark: 1024 * 1024 * 1024,
  memoryCheckMs: 1000,
  maxOutputBuffer: 8 * 1024 * 1024,
  hardOutputLimit: 64 * 1024 * 1024,
};

const M = {
  start: methodByName('connection.start'),
  tune: methodByName('connection.tune'),
  openOk: methodByName('connection.open-ok'),
  close: methodByName('connection.close'),
  closeOk: methodByName('connection.close-ok'),
  blocked: methodByName('connection.blocked'),
  unblocked: methodByName('connection.unblocked'),
  updateSecretOk: methodByName('connection.update-secret-ok'),
  chOpenOk: methodByName('channel.open-ok'),
  chFlowOk: methodByName('channel.flow-ok'),
  chClose: methodByName('channel.close'),
  chCloseOk: methodByName('channel.close-ok'),
  accessRequestOk: methodByName('access.request-ok'),
  exDeclareOk: methodByName('exchange.declare-ok'),
  exDeleteOk: methodByName('exchange.delete-ok'),
  exBindOk: methodByName('exchange.bind-ok'),
  exUnbindOk: methodByName('exchange.unbind-ok'),
  qDeclareOk: methodByName('queue.declare-ok'),
  qBindOk: methodByName('queue.bind-ok'),
  qPurgeOk: methodByName('queue.purge-ok'),
  qDeleteOk: methodByName('queue.delete-ok'),
  qUnbindOk: methodByName('queue.unbind-ok'),
  qosOk: methodByName('basic.qos-ok'),
  consumeOk: methodByName('basic.consume-ok'),
  cancel: methodByName('basic.cancel'),
  cancelOk: methodByName('basic.cancel-ok'),
  ret: methodByName('basic.return'),
  publish: methodByName('basic.publish'),
  deliver: methodByName('basic.deliver'),
  getOk: methodByName('basic.get-ok'),
  getEmpty: methodByName('basic.get-empty'),
  ack: methodByName('basic.ack'),
  nack: methodByName('basic.nack'),
  recoverOk: methodByName('basic.recover-ok'),
  confirmSelectOk: methodByName('confirm.select-ok'),
  txSelectOk: methodByName('tx.select-ok'),
  txCommitOk: methodByName('tx.commit-ok'),
  txRollbackOk: methodByName('tx.rollback-ok'),
};

/** The AMQP listener. */
export class AmqpServer {
  readonly options: Required<Omit<AmqpServerOptions, 'log' | 'memoryUsed' | 'product' | 'version' | 'durability'>> &
    Pick<AmqpServerOptions, 'log' | 'durability'> & { product: string; version: string };
  private server: Server | undefined;
  private readonly conns = new Set<AmqpConnection>();
  private memTimer: NodeJS.Timeout | undefined;
  private memoryUsed: () => number;
  /** True while memory is above the watermark: publishers are blocked. */
  blocked = false;

  constructor(
    readonly broker: Broker,
    options: AmqpServerOptions = {},
  ) {
    this.options = {
      ...DEFAULTS,
      users: { guest: { password: 'guest', remote: false } },
      product: 'AckLab',
      version: '0.1.0',
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    } as AmqpServer['options'];
    this.memoryUsed =
      options.memoryUsed ??
      (() => {
        const m = process.memoryUsage();
        return m.heapUsed + m.external + m.arrayBuffers;
      });
  }

  /** Starts accepting; resolves with the bound address. Rejects (EADDRINUSE…) if the port cannot be bound. */
  listen(): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const server = createServer({ noDelay: true }, (sock) => this.accept(sock));
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        server.on('error', (e) => this.options.log?.(`amqp listener error: ${e.message}`));
        this.server = server;
        const a = server.address() as AddressInfo;
        this.memTimer = setInterval(() => this.checkMemory(), this.options.memoryCheckMs);
        this.memTimer.unref();
        resolve({ host: a.address, port: a.port });
      });
    });
  }

  get address(): { host: string; port: number } | undefined {
    const a = this.server?.address();
    return a && typeof a === 'object' ? { host: a.address, port: a.port } : undefined;
  }

  /** Open client connections. */
  get connectionCount(): number {
    return this.conns.size;
  }

  /** Read-only figures per open connection (output flow control), for tests and diagnostics. */
  connectionStats(): AmqpConnectionStats[] {
    return [...this.conns].map((c) => c.stats());
  }

  /**
   * Stops accepting, sends connection.close (320 CONNECTION_FORCED, like `rabbitmqctl close_connection` /
   * a node shutdown) to every client, waits up to `graceMs` for close-ok, then destroys what is left.
   */
  async close(graceMs = 2000): Promise<void> {
    if (this.memTimer) clearInterval(this.memTimer);
    const closing = new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    for (const c of this.conns) c.forceClose(320, "CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'");
    const deadline = Date.now() + graceMs;
    while (this.conns.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const c of this.conns) c.destroy();
    await closing;
  }

  /** Checks memory against the watermark; blocks or unblocks publishers. Public for tests. */
  checkMemory(): void {
    const used = this.memoryUsed();
    const over = used > this.options.memoryHighWatermark;
    if (over === this.blocked) return;
    this.blocked = over;
    for (const c of this.conns) c.setBlocked(over);
  }

  private accept(sock: Socket): void {
    const c = new AmqpConnection(this, sock);
    this.conns.add(c);
    sock.once('close', () => this.conns.delete(c));
  }
}

export interface AmqpConnectionStats {
  /** The client's port (the socket's remote port). */
  remotePort: number | undefined;
  /** Broker connection id, once the handshake is done. */
  connectionId: number | undefined;
  /** Bytes written by the server and not yet taken by the kernel (socket buffer + the unflushed batch). */
  bytesWaiting: number;
  /** The largest bytesWaiting seen since the connection opened. */
  peakBytesWaiting: number;
  /** True while the broker makes no deliveries to this connection because its output is full. */
  deliveriesPaused: boolean;
}

type ConnState = 'header' | 'start-ok' | 'secure-ok' | 'tune-ok' | 'open' | 'running' | 'closing' | 'closed';

interface ChannelState {
  n: number;
  ch: BrokerChannel | undefined;
  /** closing: we sent channel.close and wait for close-ok; everything else is dropped. */
  closing: boolean;
  /** Content being assembled for basic.publish. */
  publish: MethodArgs | undefined;
  props: BasicProperties | undefined;
  bodySize: number;
  parts: Buffer[];
  received: number;
  /** The content is dropped (message too large: the channel is closed). */
  discard: boolean;
}

const ACK_ID = (60 << 16) | 80;
const PUBLISH_ID = (60 << 16) | 40;

/** basic.publish arguments without the generic decoder; undefined when anything is off (the generic path reports it). */
function decodePublishFast(p: Buffer): MethodArgs | undefined {
  let pos = 6; // class, method, ticket
  const el = p[pos]!;
  pos += 1;
  if (pos + el + 1 > p.length) return undefined;
  const exchange = el === 0 ? '' : p.toString('utf8', pos, pos + el);
  pos += el;
  const rl = p[pos]!;
  pos += 1;
  if (pos + rl + 1 !== p.length) return undefined;
  const routingKey = p.toString('utf8', pos, pos + rl);
  const bits = p[pos + rl]!;
  return { exchange, routingKey, mandatory: (bits & 1) !== 0, immediate: (bits & 2) !== 0 };
}

const isLoopback = (addr: string | undefined) => addr === undefined || addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');

/** One client connection. */
export class AmqpConnection implements ConnectionSink {
  private state: ConnState = 'header';
  private headerBuf = Buffer.alloc(0);
  private readonly reader: FrameReader;
  private out = new Writer(16 * 1024);
  private flushScheduled = false;
  private frameMax: number;
  private channelMax: number;
  private heartbeat = 0;
  /** rabbit_reader's timeout_sec: 3 s until tune-ok, then the negotiated heartbeat. Bounds the closing wait. */
  private timeoutSec = 3;
  private lastRead = Date.now();
  private lastWrite = Date.now();
  private hbTimer: NodeJS.Timeout | undefined;
  private handshakeTimer: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private readonly channels = new Map<number, ChannelState>();
  private conn: BrokerConnection | undefined;
  private user = '';
  private clientProps: FieldTable = {};
  private capabilities: FieldTable = {};
  private blockedSent = false;
  private pausedForBlock = false;
  /** Estimated bytes of deliveries the broker made for us that have not reached deliver() yet. */
  private queuedDeliveryBytes = 0;
  private deliveriesPaused = false;
  private resumeScheduled = false;
  private peakWaiting = 0;
  private publishedWhileBlocked = false;

  constructor(
    private readonly server: AmqpServer,
    private readonly sock: Socket,
  ) {
    const o = server.options;
    this.frameMax = o.frameMax;
    this.channelMax = o.channelMax;
    this.reader = new FrameReader(Math.max(FRAME_MIN_SIZE, o.frameMax));
    sock.setNoDelay(true);
    sock.on('data', (d) => this.onData(d));
    sock.on('error', () => {
      /* reset by peer etc.: 'close' follows */
    });
    sock.on('close', () => this.onSocketClosed());
    sock.on('drain', () => this.resumeDeliveries());
    // RabbitMQ's handshake_timeout: 10 s to complete the handshake.
    this.handshakeTimer = setTimeout(() => this.destroy(), 10_000);
    this.handshakeTimer.unref();
  }

  // ------------------------------------------------------------------------------------------ input

  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private onData(data: Buffer): void {
    this.lastRead = Date.now();
    try {
      if (this.state === 'header') {
        this.headerBuf = Buffer.concat([this.headerBuf, data]);
        if (this.headerBuf.length < 8) {
          if (!PROTOCOL_HEADER.subarray(0, this.headerBuf.length).equals(this.headerBuf)) this.badHeader();
          return;
        }
        if (!this.headerBuf.subarray(0, 8).equals(PROTOCOL_HEADER)) {
          this.badHeader();
          return;
        }
        const rest = this.headerBuf.subarray(8);
        this.headerBuf = Buffer.alloc(0);
        this.state = 'start-ok';
        this.sendStart();
        if (rest.length === 0) {
          this.flush();
          return;
        }
        data = rest;
      }
      if (this.isClosed()) return;
      this.reader.push(data);
      // One read batch = one flush of server pushes: confirms decided in it go out coalesced (rule 37).
      const corked = this.state === 'running' ? this.conn : undefined;
      corked?.cork();
      try {
        for (;;) {
          if (this.isClosed()) break;
          const f = this.reader.next();
          if (!f) break;
          this.onFrame(f.type, f.channel, f.payload);
        }
      } finally {
        corked?.uncork();
      }
    } catch (err) {
      this.onFailure(err);
    }
    // Replies are flushed once per event-loop turn (setImmediate), so the data events of one turn share a write.
    if (this.out.pos > 0) this.afterWrite();
    if (this.state === 'closed') return;
    if (this.publishedWhileBlocked && this.server.blocked) {
      this.pausedForBlock = true;
      this.updatePause();
    }
  }

  private badHeader(): void {
    // RabbitMQ answers a wrong protocol header with the header it speaks and closes the socket.
    this.state = 'closed';
    this.sock.end(PROTOCOL_HEADER);
    this.cleanup();
  }

  // Deliberate differences from RabbitMQ 3.10 (probed with the fuzzer's inputs against a real node): for an
  // unknown class/method id and for an unknown field-table type RabbitMQ's reader crashes and drops the
  // socket without connection.close; we send 540 NOT_IMPLEMENTED and 501 FRAME_ERROR so the learner sees why.
  private onFailure(err: unknown): void {
    if (err instanceof FrameError) return this.connectionError(err.code, err.message, 0, 0);
    if (err instanceof UnknownMethodError) {
      return this.connectionError(540, `NOT_IMPLEMENTED - unknown method {${err.classId},${err.methodId}}`, err.classId, err.methodId);
    }
    if (err instanceof DecodeError) return this.connectionError(err.code, `${replyName(err.code)} - cannot decode: ${err.message}`, 0, 0);
    if (err instanceof AmqpError) return this.connectionError(err.code, err.replyText, err.classId, err.methodId);
    this.server.options.log?.(`amqp connection internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    this.connectionError(541, `INTERNAL_ERROR - ${err instanceof Error ? err.message : String(err)}`.slice(0, 255), 0, 0);
  }

  private onFrame(type: number, channel: number, payload: Buffer): void {
    if (this.state === 'closing') {
      // rabbit_reader in state closed: close-ok ends the socket, close is answered with close-ok, the rest is dropped.
      if (type === FRAME_METHOD && channel === 0 && payload.length >= 4) {
        const id = payload.readUInt32BE(0);
        if (id === ((10 << 16) | 51)) {
          this.destroy();
          return;
        }
        if (id === ((10 << 16) | 50)) {
          this.writeMethod(0, M.closeOk, {});
          this.flush();
        }
      }
      return;
    }
    if (type === FRAME_HEARTBEAT) {
      if (channel !== 0) throw new FrameError(`FRAME_ERROR - type 8, all octets = <<>>: {heartbeat_on_non_zero_channel,${channel}}`);
      return;
    }
    if (this.state !== 'running') {
      if (type !== FRAME_METHOD || channel !== 0) {
        throw new FrameError(`UNEXPECTED_FRAME - expected method frame on channel 0 during the handshake`, 505);
      }
      return this.onHandshake(payload);
    }
    if (channel === 0) {
      if (type !== FRAME_METHOD) throw new FrameError(`UNEXPECTED_FRAME - type ${type} on channel 0`, 505);
      return this.onConnectionMethod(payload);
    }
    const cs = this.channels.get(channel);
    if (!cs) {
      if (type !== FRAME_METHOD) throw new FrameError(`CHANNEL_ERROR - expected 'channel.open'`, 504);
      const id = payload.length >= 4 ? payload.readUInt32BE(0) : 0;
      if (id !== ((20 << 16) | 10)) throw new FrameError(`CHANNEL_ERROR - expected 'channel.open'`, 504);
      return this.openChannel(channel, payload);
    }
    if (cs.closing) {
      if (type === FRAME_METHOD && payload.length >= 4) {
        const id = payload.readUInt32BE(0);
        if (id === ((20 << 16) | 41)) this.channels.delete(channel);
        else if (id === ((20 << 16) | 40)) {
          this.writeMethod(channel, M.chCloseOk, {});
        }
      }
      return;
    }
    if (type === FRAME_METHOD) {
      if (cs.publish) {
        throw new FrameError(
          cs.props
            ? 'UNEXPECTED_FRAME - expected content body, got non content body frame instead'
            : 'UNEXPECTED_FRAME - expected content header for class 60, got non content header frame instead',
          505,
        );
      }
      return this.onChannelMethod(cs, payload);
    }
    if (type === FRAME_HEADER) {
      if (!cs.publish) throw new FrameError(`UNEXPECTED_FRAME - expected method frame, got non method frame instead`, 505);
      if (cs.props) throw new FrameError(`UNEXPECTED_FRAME - expected content body, got non content body frame instead`, 505);
      const h = decodeContentHeader(payload);
      if (h.classId !== 60) throw new FrameError(`UNEXPECTED_FRAME - expected content header for class 60, got one for class ${h.classId} instead`, 505);
      cs.props = h.properties;
      cs.bodySize = h.bodySize;
      cs.parts = [];
      cs.received = 0;
      if (h.bodySize > this.server.options.maxMessageSize) {
        cs.discard = true;
        // RabbitMQ 4 (rabbit_channel:check_msg_size): a channel error; body frames still follow.
        this.channelError(
          cs,
          406,
          `PRECONDITION_FAILED - message size ${h.bodySize} is larger than configured max size ${this.server.options.maxMessageSize}`,
          60,
          40,
        );
        cs.publish = undefined;
        cs.props = undefined;
        return;
      }
      if (h.bodySize === 0) this.completePublish(cs);
      return;
    }
    if (type === FRAME_BODY) {
      if (!cs.publish) throw new FrameError(`UNEXPECTED_FRAME - expected method frame, got non method frame instead`, 505);
      if (!cs.props) throw new FrameError(`UNEXPECTED_FRAME - expected content header for class 60, got non content header frame instead`, 505);
      cs.received += payload.length;
      if (cs.received > cs.bodySize)
        throw new FrameError(`UNEXPECTED_FRAME - content body exceeds the size in its header (${cs.received} > ${cs.bodySize})`, 505);
      cs.parts.push(payload);
      if (cs.received === cs.bodySize) this.completePublish(cs);
    }
  }

  // ------------------------------------------------------------------------------------------ handshake

  private sendStart(): void {
    const o = this.server.options;
    this.writeMethod(0, M.start, {
      versionMajor: 0,
      versionMinor: 9,
      serverProperties: {
        product: o.product,
        version: o.version,
        platform: `Node.js ${process.version}`,
        copyright: 'AckLab playground broker',
        information: 'An in-process RabbitMQ-style broker for learning acknowledgements',
        cluster_name: 'acklab',
        capabilities: {
          publisher_confirms: true,
          exchange_exchange_bindings: true,
          'basic.nack': true,
          consumer_cancel_notify: true,
          'connection.blocked': true,
          consumer_priorities: true,
          authentication_failure_close: true,
          per_consumer_qos: true,
          direct_reply_to: true,
        },
      },
      mechanisms: Buffer.from('PLAIN AMQPLAIN'),
      locales: Buffer.from('en_US'),
    });
  }

  private onHandshake(payload: Buffer): void {
    const r = new Reader(payload);
    const classId = r.u16();
    const methodId = r.u16();
    const spec = methodById(classId, methodId);
    if (!spec) throw new UnknownMethodError(classId, methodId);
    const args = this.decodeArgsOrFail(r, spec);
    const expected =
      this.state === 'start-ok'
        ? 'connection.start-ok'
        : this.state === 'secure-ok'
          ? 'connection.secure-ok'
          : this.state === 'tune-ok'
            ? 'connection.tune-ok'
            : 'connection.open';
    if (spec.name === 'connection.close') {
      this.clientClose();
      return;
    }
    if (spec.name !== expected) {
      return this.connectionError(503, `COMMAND_INVALID - expected '${expected}', got '${spec.name}'`, classId, methodId);
    }
    switch (spec.name) {
      case 'connection.start-ok': {
        this.clientProps = (args.clientProperties as FieldTable) ?? {};
        const caps = this.clientProps.capabilities;
        this.capabilities =
          caps && typeof caps === 'object' && !Array.isArray(caps) && !(caps instanceof Uint8Array) && !('$type' in caps) ? (caps as FieldTable) : {};
        const mech = String(args.mechanism);
        const resp = args.response as Buffer;
        let user: string | undefined;
        let pass: string | undefined;
        if (mech === 'PLAIN') {
          const parts = resp.toString('utf8').split('\0');
          if (parts.length === 3) {
            user = parts[1];
            pass = parts[2];
          }
        } else if (mech === 'AMQPLAIN') {
          try {
            const t = decodeTable(resp);
            user = typeof t.LOGIN === 'string' ? t.LOGIN : undefined;
            pass = typeof t.PASSWORD === 'string' ? t.PASSWORD : undefined;
          } catch {
            /* refused below */
          }
        } else {
          return this.connectionError(503, `COMMAND_INVALID - unknown authentication mechanism '${mech}'`, 10, 11);
        }
        const u = user !== undefined ? this.server.options.users[user] : undefined;
        if (user === undefined || !u || u.password !== pass) {
          return this.refuse(mech, `user '${user ?? ''}' - invalid credentials`);
        }
        const remoteAllowed = u.remote ?? user !== 'guest';
        if (!remoteAllowed && !isLoopback(this.sock.remoteAddress)) {
          return this.refuse(mech, `user '${user}' can only connect via localhost`);
        }
        this.user = user;
        this.state = 'tune-ok';
        const o = this.server.options;
        this.writeMethod(0, M.tune, { channelMax: o.channelMax, frameMax: o.frameMax, heartbeat: o.heartbeat });
        return;
      }
      case 'connection.tune-ok': {
        const o = this.server.options;
        const fm = Number(args.frameMax);
        const cm = Number(args.channelMax);
        // rabbit_reader:validate_negotiated_integer_value. During tuning RabbitMQ closes the socket without
        // connection.close (probed on 3.10: channel_max = 0 → "failed to negotiate connection parameters").
        const fail = (field: string, kind: 'min' | 'max', limit: number, value: number) => {
          this.server.options.log?.(
            `failed to negotiate connection parameters: negotiated ${field} = ${value}${value === 0 ? ' (no limit)' : ''} is ${kind === 'min' ? 'lower' : 'higher'} than the ${kind === 'min' ? 'minimum' : 'maximum'} allowed value (${limit})`,
          );
          this.destroy();
        };
        if (fm !== 0 && fm < FRAME_MIN_SIZE) return fail('frame_max', 'min', FRAME_MIN_SIZE, fm);
        if (fm === 0 || fm > o.frameMax) return fail('frame_max', 'max', o.frameMax, fm);
        if (cm === 0 || cm > o.channelMax) return fail('channel_max', 'max', o.channelMax, cm);
        this.frameMax = fm;
        this.channelMax = cm;
        this.reader.frameMax = this.frameMax;
        this.heartbeat = Number(args.heartbeat);
        this.timeoutSec = this.heartbeat;
        this.state = 'open';
        this.startHeartbeats();
        return;
      }
      case 'connection.open': {
        const vhost = String(args.virtualHost || '/');
        try {
          this.conn = this.server.broker.connect(
            {
              user: this.user,
              vhost,
              clientName: typeof this.clientProps.connection_name === 'string' ? this.clientProps.connection_name : undefined,
              remoteAddress: `${this.sock.remoteAddress ?? ''}:${this.sock.remotePort ?? ''}`,
              clientProperties: this.clientProps as BrokerTable,
            },
            this,
          );
        } catch (e) {
          if (e instanceof AmqpError)
            return this.connectionError(e.code === 404 ? 530 : e.code, e.code === 404 ? `NOT_ALLOWED - vhost ${vhost} not found` : e.replyText, 10, 40);
          throw e;
        }
        if (this.handshakeTimer) {
          clearTimeout(this.handshakeTimer);
          this.handshakeTimer = undefined;
        }
        this.state = 'running';
        this.writeMethod(0, M.openOk, { knownHosts: '' });
        if (this.server.blocked) this.setBlocked(true);
        return;
      }
      default:
        return;
    }
  }

  /**
   * A refused login, as rabbit_reader's auth_fail: the reason goes to the log only; a client with the
   * authentication_failure_close capability gets connection.close 403 with the same "safe" text whatever the
   * reason (wrong password, or guest from another host: probed on RabbitMQ 3.10 from a network namespace,
   * test/integration/amqp/auth-netns.test.ts); without the capability the socket just closes.
   */
  private refuse(mech: string, reason: string): void {
    this.server.options.log?.(`${mech} login refused: ${reason} (from ${this.sock.remoteAddress ?? '?'})`);
    const text = `ACCESS_REFUSED - Login was refused using authentication mechanism ${mech}. For details see the broker logfile.`;
    // RabbitMQ 3.10 (probed): class and method ids 0 on this close, unlike other handshake errors.
    if (this.capabilities.authentication_failure_close === true) this.connectionError(403, text, 0, 0);
    else {
      this.state = 'closed';
      this.flush();
      this.sock.end();
      this.cleanup();
    }
  }

  private decodeArgsOrFail(r: Reader, spec: MethodSpec): MethodArgs {
    try {
      return decodeArgs(r, spec);
    } catch (e) {
      if (e instanceof DecodeError) {
        throw new FrameError(`FRAME_ERROR - cannot decode method '${spec.name}': ${e.message}`, e.code === 501 ? 501 : e.code);
      }
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------------ heartbeats

  private startHeartbeats(): void {
    if (this.heartbeat <= 0) return;
    const ms = this.heartbeat * 1000;
    const tick = Math.max(100, Math.floor(ms / 2));
    this.hbTimer = setInterval(() => {
      const now = Date.now();
      if (now - this.lastRead > ms * 2 && this.state !== 'closing') {
        // RabbitMQ: "missed heartbeats from client, timeout: Ns" — the socket is closed without connection.close.
        this.server.options.log?.(`closing AMQP connection: missed heartbeats from client, timeout: ${this.heartbeat}s`);
        this.destroy();
        return;
      }
      if (now - this.lastWrite >= tick) {
        this.out.bytes(HEARTBEAT_FRAME);
        this.flush();
      }
    }, tick);
    this.hbTimer.unref();
  }

  // ------------------------------------------------------------------------------------------ connection & channels

  private onConnectionMethod(payload: Buffer): void {
    const r = new Reader(payload);
    const classId = r.u16();
    const methodId = r.u16();
    const spec = methodById(classId, methodId);
    if (!spec) throw new UnknownMethodError(classId, methodId);
    const args = this.decodeArgsOrFail(r, spec);
    switch (spec.name) {
      case 'connection.close':
        return this.clientClose();
      case 'connection.close-ok':
        this.destroy();
        return;
      case 'connection.update-secret':
        this.writeMethod(0, M.updateSecretOk, {});
        return;
      case 'connection.blocked':
      case 'connection.unblocked':
        return;
      default:
        void args;
        // RabbitMQ 3.10 (probed): rabbit_reader's handle_method0 fallback.
        return this.connectionError(504, 'CHANNEL_ERROR - unexpected method in connection state running', classId, methodId);
    }
  }

  /** connection.close from the client: close-ok, then the CLIENT closes the socket (RabbitMQ leaves it to the client). */
  private clientClose(): void {
    try {
      this.conn?.close();
    } catch {
      /* already closed */
    }
    this.conn = undefined;
    this.writeMethod(0, M.closeOk, {});
    this.flush();
    this.awaitSocketClose();
  }

  /**
   * AMQP-level close is done (close-ok sent, or connection.close sent): wait for the client to close the TCP
   * connection, or for close-ok, at most RabbitMQ's closing timeout (rabbit_reader:close_connection: the
   * negotiated heartbeat when it is 1-29 s, otherwise 30 s; 3 s before tuning). Heartbeats go on meanwhile.
   */
  private awaitSocketClose(): void {
    this.state = 'closing';
    if (this.closeTimer) clearTimeout(this.closeTimer);
    const seconds = this.timeoutSec > 0 && this.timeoutSec < 30 ? this.timeoutSec : 30;
    this.closeTimer = setTimeout(() => this.destroy(), seconds * 1000);
    this.closeTimer.unref();
  }

  private openChannel(n: number, payload: Buffer): void {
    // rabbit_reader:create_channel counts open channels; a number above channel_max alone is fine (probed on 3.10.8)
    if (this.channels.size >= this.channelMax) {
      const text = `NOT_ALLOWED - number of channels opened (${this.channels.size}) has reached the negotiated channel_max (${this.channelMax})`;
      return this.connectionError(530, text, 0, 0);
    }
    const cs: ChannelState = { n, ch: undefined, closing: false, publish: undefined, props: undefined, bodySize: 0, parts: [], received: 0, discard: false };
    this.decodeArgsOrFail(new Reader(payload, 4), methodByName('channel.open'));
    this.channels.set(n, cs);
    try {
      cs.ch = this.conn!.openChannel(n);
    } catch (e) {
      this.channels.delete(n);
      if (e instanceof AmqpError) return this.amqpError(cs, e);
      throw e;
    }
    this.writeMethod(n, M.chOpenOk, { channelId: Buffer.alloc(0) });
  }

  private onChannelMethod(cs: ChannelState, payload: Buffer): void {
    let spec: MethodSpec | undefined;
    let a: MethodArgs | undefined;
    let classId = 0;
    let methodId = 0;
    // Fast paths for the two hottest methods; anything unusual falls through to the generic decoder.
    if (payload.length === 13 && payload.readUInt32BE(0) === ACK_ID) {
      spec = M.ack;
      a = { deliveryTag: payload.readUInt32BE(4) * 4294967296 + payload.readUInt32BE(8), multiple: (payload[12]! & 1) !== 0 };
      classId = 60;
      methodId = 80;
    } else if (payload.length >= 9 && payload.readUInt32BE(0) === PUBLISH_ID) {
      a = decodePublishFast(payload);
      if (a) {
        spec = M.publish;
        classId = 60;
        methodId = 40;
      }
    }
    if (!spec || !a) {
      const r = new Reader(payload);
      classId = r.u16();
      methodId = r.u16();
      spec = methodById(classId, methodId);
      if (!spec) throw new UnknownMethodError(classId, methodId);
      a = this.decodeArgsOrFail(r, spec);
    }
    const ch = cs.ch!;
    const n = cs.n;
    const conn = this.conn!;
    try {
      switch (spec.name) {
        case 'basic.publish':
          cs.publish = a;
          cs.props = undefined;
          if (this.server.blocked) this.publishedWhileBlocked = true;
          return;
        case 'basic.ack':
          ch.basicAck({ deliveryTag: a.deliveryTag, multiple: a.multiple });
          return;
        case 'basic.nack':
          ch.basicNack({ deliveryTag: a.deliveryTag, multiple: a.multiple, requeue: a.requeue });
          return;
        case 'basic.reject':
          ch.basicReject({ deliveryTag: a.deliveryTag, requeue: a.requeue });
          return;
        case 'channel.close':
          ch.close();
          this.channels.delete(n);
          this.writeMethod(n, M.chCloseOk, {});
          return;
        case 'channel.close-ok':
          return this.connectionError(503, `COMMAND_INVALID - unexpected 'channel.close-ok'`, classId, methodId);
        case 'channel.open':
          return this.connectionError(504, `CHANNEL_ERROR - second 'channel.open' seen`, 20, 10);
        case 'channel.flow': {
          const active = ch.flow(a.active);
          this.writeMethod(n, M.chFlowOk, { active });
          return;
        }
        case 'channel.flow-ok':
          return;
        case 'access.request':
          this.writeMethod(n, M.accessRequestOk, { ticket: 1 });
          return;
        case 'exchange.declare':
          ch.exchangeDeclare({
            exchange: a.exchange,
            type: a.type,
            passive: a.passive,
            durable: a.durable,
            autoDelete: a.autoDelete,
            internal: a.internal,
            nowait: a.nowait,
            arguments: a.arguments,
          });
          if (!a.nowait) this.writeMethod(n, M.exDeclareOk, {});
          return;
        case 'exchange.delete':
          ch.exchangeDelete({ exchange: a.exchange, ifUnused: a.ifUnused, nowait: a.nowait });
          if (!a.nowait) this.writeMethod(n, M.exDeleteOk, {});
          return;
        case 'exchange.bind':
          ch.exchangeBind({ destination: a.destination, source: a.source, routingKey: a.routingKey, nowait: a.nowait, arguments: a.arguments });
          if (!a.nowait) this.writeMethod(n, M.exBindOk, {});
          return;
        case 'exchange.unbind':
          ch.exchangeUnbind({ destination: a.destination, source: a.source, routingKey: a.routingKey, nowait: a.nowait, arguments: a.arguments });
          if (!a.nowait) this.writeMethod(n, M.exUnbindOk, {});
          return;
        case 'queue.declare': {
          const ok = ch.queueDeclare({
            queue: a.queue,
            passive: a.passive,
            durable: a.durable,
            exclusive: a.exclusive,
            autoDelete: a.autoDelete,
            nowait: a.nowait,
            arguments: a.arguments,
          });
          if (!a.nowait) this.writeMethod(n, M.qDeclareOk, ok);
          return;
        }
        case 'queue.bind':
          conn.cork();
          try {
            ch.queueBind({ queue: a.queue, exchange: a.exchange, routingKey: a.routingKey, nowait: a.nowait, arguments: a.arguments });
            if (!a.nowait) this.writeMethod(n, M.qBindOk, {});
          } finally {
            conn.uncork();
          }
          return;
        case 'queue.unbind':
          ch.queueUnbind({ queue: a.queue, exchange: a.exchange, routingKey: a.routingKey, arguments: a.arguments });
          this.writeMethod(n, M.qUnbindOk, {});
          return;
        case 'queue.purge': {
          const ok = ch.queuePurge({ queue: a.queue, nowait: a.nowait });
          if (!a.nowait) this.writeMethod(n, M.qPurgeOk, ok);
          return;
        }
        case 'queue.delete': {
          const ok = ch.queueDelete({ queue: a.queue, ifUnused: a.ifUnused, ifEmpty: a.ifEmpty, nowait: a.nowait });
          if (!a.nowait) this.writeMethod(n, M.qDeleteOk, ok);
          return;
        }
        case 'basic.qos':
          conn.cork();
          try {
            ch.basicQos({ prefetchSize: a.prefetchSize, prefetchCount: a.prefetchCount, global: a.global });
            this.writeMethod(n, M.qosOk, {});
          } finally {
            conn.uncork();
          }
          return;
        case 'basic.consume':
          conn.cork();
          try {
            const tag = ch.basicConsume({
              queue: a.queue,
              consumerTag: a.consumerTag,
              noLocal: a.noLocal,
              noAck: a.noAck,
              exclusive: a.exclusive,
              nowait: a.nowait,
              arguments: a.arguments,
            });
            if (!a.nowait) this.writeMethod(n, M.consumeOk, { consumerTag: tag });
          } finally {
            conn.uncork();
          }
          return;
        case 'basic.cancel': {
          const tag = ch.basicCancel({ consumerTag: a.consumerTag, nowait: a.nowait });
          if (!a.nowait) this.writeMethod(n, M.cancelOk, { consumerTag: tag });
          return;
        }
        case 'basic.get': {
          const g = ch.basicGet({ queue: a.queue, noAck: a.noAck });
          if (!g) this.writeMethod(n, M.getEmpty, { clusterId: '' });
          else {
            writeContent(this.out, n, M.getOk, g, g.properties as BasicProperties, g.body as Buffer, this.frameMax);
            this.afterWrite();
          }
          return;
        }
        case 'basic.recover-async':
          ch.basicRecover({ requeue: a.requeue });
          return;
        case 'basic.recover':
          conn.cork();
          try {
            ch.basicRecover({ requeue: a.requeue });
            this.writeMethod(n, M.recoverOk, {});
          } finally {
            conn.uncork();
          }
          return;
        case 'confirm.select':
          ch.confirmSelect({ nowait: a.nowait });
          if (!a.nowait) this.writeMethod(n, M.confirmSelectOk, {});
          return;
        case 'tx.select':
          ch.txSelect();
          this.writeMethod(n, M.txSelectOk, {});
          return;
        case 'tx.commit':
          ch.txCommit();
          this.whenDurable(n, () => this.writeMethod(n, M.txCommitOk, {}));
          return;
        case 'tx.rollback':
          ch.txRollback();
          this.writeMethod(n, M.txRollbackOk, {});
          return;
        default:
          // Server-to-client methods (deliver, get-ok, return, *-ok…): rabbit_channel's last handle_method clause.
          return this.connectionError(503, 'COMMAND_INVALID - unimplemented method', classId, methodId);
      }
    } catch (e) {
      if (e instanceof AmqpError) return this.amqpError(cs, e);
      throw e;
    }
  }

  private completePublish(cs: ChannelState): void {
    const a = cs.publish!;
    const props = cs.props!;
    // Copy: a frame payload is a view into a socket chunk that must not stay alive in a queue.
    const body = Buffer.concat(cs.parts, cs.received);
    cs.publish = undefined;
    cs.props = undefined;
    cs.parts = [];
    try {
      cs.ch!.basicPublish({ exchange: a.exchange, routingKey: a.routingKey, mandatory: a.mandatory, immediate: a.immediate }, props as BrokerProperties, body);
    } catch (e) {
      if (e instanceof AmqpError) return this.amqpError(cs, e);
      throw e;
    }
  }

  private amqpError(cs: ChannelState, e: AmqpError): void {
    if (e.scope === 'connection') {
      this.conn = undefined; // the broker closed it already
      return this.connectionError(e.code, e.replyText, e.classId, e.methodId);
    }
    this.sendChannelClose(cs.n, e.code, e.replyText, e.classId, e.methodId);
  }

  /** A channel error found by the wire layer itself: close the broker channel too. */
  private channelError(cs: ChannelState, code: number, text: string, classId: number, methodId: number): void {
    try {
      cs.ch?.close();
    } catch {
      /* already closed */
    }
    this.sendChannelClose(cs.n, code, text, classId, methodId);
  }

  private sendChannelClose(n: number, code: number, text: string, classId: number, methodId: number): void {
    let cs = this.channels.get(n);
    if (!cs) {
      cs = { n, ch: undefined, closing: true, publish: undefined, props: undefined, bodySize: 0, parts: [], received: 0, discard: false };
      this.channels.set(n, cs);
    }
    cs.closing = true;
    cs.publish = undefined;
    cs.props = undefined;
    cs.parts = [];
    this.writeMethod(n, M.chClose, { replyCode: code, replyText: text.slice(0, 255), classId, methodId });
  }

  /** Sends connection.close and waits (bounded) for close-ok; the broker connection is closed now. */
  connectionError(code: number, text: string, classId: number, methodId: number): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    try {
      this.conn?.close();
    } catch {
      /* already closed */
    }
    this.conn = undefined;
    this.writeMethod(0, M.close, { replyCode: code, replyText: Buffer.from(text, 'utf8').subarray(0, 255).toString('utf8'), classId, methodId });
    this.flush();
    this.awaitSocketClose();
    if (this.pausedForBlock) {
      this.pausedForBlock = false;
      this.updatePause();
    }
  }

  /** Server-initiated close (shutdown). */
  forceClose(code: number, text: string): void {
    if (this.state === 'running') this.connectionError(code, text, 0, 0);
    else this.destroy();
  }

  setBlocked(blocked: boolean): void {
    if (this.state !== 'running') return;
    const cap = this.capabilities['connection.blocked'] === true;
    if (blocked) {
      if (cap && !this.blockedSent) {
        this.blockedSent = true;
        this.writeMethod(0, M.blocked, { reason: 'low on memory' });
        this.flush();
      }
    } else {
      if (cap && this.blockedSent) {
        this.blockedSent = false;
        this.writeMethod(0, M.unblocked, {});
        this.flush();
      }
      this.publishedWhileBlocked = false;
      if (this.pausedForBlock) {
        this.pausedForBlock = false;
        this.updatePause();
      }
    }
  }

  private updatePause(): void {
    if (this.state === 'closed') return;
    if (this.pausedForBlock) this.sock.pause();
    else this.sock.resume();
  }

  destroy(): void {
    if (this.state !== 'closed') this.state = 'closed';
    this.sock.destroy();
    this.cleanup();
  }

  private onSocketClosed(): void {
    this.state = 'closed';
    this.cleanup();
  }

  private cleanup(): void {
    if (this.hbTimer) {
      clearInterval(this.hbTimer);
      this.hbTimer = undefined;
    }
    if (this.handshakeTimer) {
      clearTimeout(this.handshakeTimer);
      this.handshakeTimer = undefined;
    }
    if (this.closeTimer && this.sock.destroyed) {
      clearTimeout(this.closeTimer);
      this.closeTimer = undefined;
    }
    if (this.conn) {
      const c = this.conn;
      this.conn = undefined;
      try {
        c.close();
      } catch (e) {
        this.server.options.log?.(`closing broker connection: ${String(e)}`);
      }
    }
    this.channels.clear();
  }

  // ------------------------------------------------------------------------------------------ output

  private writeMethod(channel: number, spec: MethodSpec, args: MethodArgs): void {
    writeMethodFrame(this.out, channel, spec, args);
    this.afterWrite();
  }

  private afterWrite(): void {
    if (this.out.pos > 256 * 1024) {
      this.flush();
      return;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  private flush(): void {
    if (this.out.pos === 0) return;
    if (this.sock.destroyed || !this.sock.writable) {
      this.out.pos = 0;
      return;
    }
    // Hand the filled buffer to the socket and start a fresh one (no copy).
    const data = this.out.buf.subarray(0, this.out.pos);
    this.out.buf = Buffer.allocUnsafe(Math.max(16 * 1024, Math.min(this.out.buf.length, 1024 * 1024)));
    this.out.pos = 0;
    this.lastWrite = Date.now();
    this.sock.write(data);
    if (this.sock.writableLength > this.peakWaiting) this.peakWaiting = this.sock.writableLength;
    if (this.sock.writableLength > this.server.options.hardOutputLimit) {
      this.server.options.log?.(`closing AMQP connection: client is not reading (${Math.round(this.sock.writableLength / 2 ** 20)} MiB waiting to be sent)`);
      // We may be inside a broker callback (deliver): stop taking output now, close the broker side later.
      this.state = 'closed';
      setImmediate(() => this.destroy());
      return;
    }
    this.checkOutput();
  }

  /** Output flow control: past maxOutputBuffer, the broker stops delivering to this connection. */
  private checkOutput(): void {
    if (this.deliveriesPaused || !this.conn) return;
    const waiting = this.sock.writableLength + this.out.pos + this.queuedDeliveryBytes;
    if (waiting <= this.server.options.maxOutputBuffer) return;
    this.deliveriesPaused = true;
    this.conn.setDeliveriesPaused(true);
    // 'drain' resumes; if the kernel took everything at once there is no 'drain': look again next turn.
    if (!this.resumeScheduled) {
      this.resumeScheduled = true;
      setImmediate(() => {
        this.resumeScheduled = false;
        if (!this.sock.writableNeedDrain) this.resumeDeliveries();
      });
    }
  }

  private resumeDeliveries(): void {
    if (!this.deliveriesPaused) return;
    this.deliveriesPaused = false;
    if (this.state !== 'running' || !this.conn) return;
    try {
      this.conn.setDeliveriesPaused(false);
    } catch (err) {
      this.onFailure(err);
    }
    if (this.out.pos > 0) this.afterWrite();
  }

  stats(): AmqpConnectionStats {
    const waiting = this.sock.writableLength + this.out.pos;
    return {
      remotePort: this.sock.remotePort,
      connectionId: this.conn?.id,
      bytesWaiting: waiting,
      peakBytesWaiting: Math.max(this.peakWaiting, waiting),
      deliveriesPaused: this.deliveriesPaused,
    };
  }

  // ------------------------------------------------------------------------------------------ ConnectionSink

  deliveryQueued(_channel: number, d: Delivery): void {
    // frames: method (~60 + tags) + header (~30 + properties) + body frames (8 bytes each); 256 covers common cases
    if (this.queuedDeliveryBytes === 0)
      queueMicrotask(() => {
        this.queuedDeliveryBytes = 0;
      }); // the outbox is empty by then
    this.queuedDeliveryBytes += (d.body as Buffer).length + 256;
    this.checkOutput();
  }

  deliver(channel: number, d: Delivery): void {
    this.queuedDeliveryBytes = Math.max(0, this.queuedDeliveryBytes - ((d.body as Buffer).length + 256));
    if (this.state !== 'running' && this.state !== 'closing') return;
    writeContent(this.out, channel, M.deliver, d, d.properties as BasicProperties, d.body as Buffer, this.frameMax);
    this.afterWrite();
  }

  basicReturn(channel: number, m: ReturnedMessage): void {
    if (this.state !== 'running') return;
    writeContent(this.out, channel, M.ret, m, m.properties as BasicProperties, m.body as Buffer, this.frameMax);
    this.afterWrite();
  }

  confirm(channel: number, c: Confirm): void {
    if (this.state !== 'running') return;
    this.whenDurable(channel, () => this.writeMethod(channel, c.nack ? M.nack : M.ack, { deliveryTag: c.deliveryTag, multiple: c.multiple, requeue: false }));
  }

  /** Runs `send` now, or (with options.durability) once the disk has what it confirms, if the channel is still the same one. */
  private whenDurable(channel: number, send: () => void): void {
    const d = this.server.options.durability;
    if (!d) return send();
    const cs = this.channels.get(channel);
    d.afterSync(() => {
      if (this.state === 'running' && this.channels.get(channel) === cs) send();
    });
  }

  consumerCancelled(channel: number, consumerTag: string): void {
    if (this.state !== 'running') return;
    if (this.capabilities.consumer_cancel_notify === true) this.writeMethod(channel, M.cancel, { consumerTag, nowait: true });
  }

  channelClosedByServer(channel: number, error: AmqpError): void {
    if (this.state !== 'running') return;
    this.sendChannelClose(channel, error.code, error.replyText, error.classId, error.methodId);
    this.flush();
  }

  connectionClosedByServer(error: AmqpError): void {
    this.conn = undefined;
    this.connectionError(error.code, error.replyText, error.classId, error.methodId);
  }

  blocked(reason: string): void {
    if (this.state === 'running' && this.capabilities['connection.blocked'] === true) this.writeMethod(0, M.blocked, { reason });
  }

  unblocked(): void {
    if (this.state === 'running' && this.capabilities['connection.blocked'] === true) this.writeMethod(0, M.unblocked, {});
  }
}
