// A raw AMQP client that can stop reading its socket (node:net), and a fast amqplib publisher: the two sides of
// the output flow control tests, shared by the listener's tests and the differential check against RabbitMQ.
import { connect as tcpConnect, type Socket } from 'node:net';
import * as amqp from 'amqplib';
import { FrameReader, decodeMethod, encodeMethodFrame, PROTOCOL_HEADER } from '../../../src/amqp/codec';

export const BODY = 64 * 1024;

/** The client side of a raw handshake as guest (no heartbeats), then channel 1 opened: what a raw test client sends first. */
export function handshakeFrames(): Buffer[] {
  return [
    PROTOCOL_HEADER,
    encodeMethodFrame(0, 'connection.start-ok', { clientProperties: {}, mechanism: 'PLAIN', response: Buffer.from('\0guest\0guest'), locale: 'en_US' }),
    encodeMethodFrame(0, 'connection.tune-ok', { channelMax: 2047, frameMax: 131072, heartbeat: 0 }),
    encodeMethodFrame(0, 'connection.open', { virtualHost: '/' }),
    encodeMethodFrame(1, 'channel.open'),
  ];
}

/** A raw AMQP client: handshake, channel 1, declare + consume `queue` with no-ack; records each body's index. */
export interface RawConsumer {
  sock: Socket;
  received: number[];
  closed: boolean;
  closeMethod: string | undefined;
  consumeOk: Promise<void>;
}

export function rawConsumer(port: number, queue: string): Promise<RawConsumer> {
  return new Promise((resolve, reject) => {
    const sock = tcpConnect(port, '127.0.0.1');
    const reader = new FrameReader(1 << 20);
    let expectBody = false;
    let okResolve!: () => void;
    const c: RawConsumer = {
      sock,
      received: [],
      closed: false,
      closeMethod: undefined,
      consumeOk: new Promise<void>((r) => {
        okResolve = r;
      }),
    };
    sock.on('error', () => undefined);
    sock.on('close', () => {
      c.closed = true;
    });
    sock.on('data', (d: Buffer) => {
      reader.push(d);
      for (let f = reader.next(); f; f = reader.next()) {
        if (f.type === 1) {
          const m = decodeMethod(f.payload);
          if (m.spec.name === 'basic.deliver') expectBody = true;
          else if (m.spec.name === 'basic.consume-ok') okResolve();
          else if (m.spec.name === 'connection.close' || m.spec.name === 'channel.close') c.closeMethod = `${m.spec.name} ${String(m.args.replyText)}`;
        } else if (f.type === 3 && expectBody) {
          expectBody = false; // a 64 KiB body is one frame; its first 4 bytes are the message's index
          c.received.push(f.payload.readUInt32BE(0));
        }
      }
    });
    sock.on('connect', () => {
      sock.write(
        Buffer.concat([...handshakeFrames(), encodeMethodFrame(1, 'queue.declare', { queue }), encodeMethodFrame(1, 'basic.consume', { queue, noAck: true })]),
      );
      resolve(c);
    });
    sock.once('error', reject);
  });
}

/** Publishes `n` 64 KiB messages (body starts with its index) as fast as the listener takes them, with confirms. */
export async function publish(url: string, queue: string, n: number, during?: () => void): Promise<void> {
  const conn = await amqp.connect(url);
  try {
    const ch = await conn.createConfirmChannel();
    await ch.assertQueue(queue, { durable: false });
    for (let i = 0; i < n; i++) {
      const body = Buffer.alloc(BODY, i & 0xff);
      body.writeUInt32BE(i, 0);
      if (!ch.sendToQueue(queue, body)) await new Promise((r) => ch.once('drain', r));
      during?.();
    }
    await ch.waitForConfirms();
  } finally {
    await conn.close();
  }
}
