// A raw client that sends connection.close and then does NOT close its socket: what the server does after
// close-ok (RabbitMQ leaves the socket to the client, then closes it after its closing timeout).
import { connect as tcpConnect } from 'node:net';
import { FrameReader, decodeMethod, encodeMethodFrame, PROTOCOL_HEADER } from '../../../src/amqp/codec';

export interface CloseObservation {
  closeOk: boolean;
  /** The socket was still open `openCheckMs` after close-ok. */
  openAfterCloseOk: boolean;
  /** Whole seconds from close-ok until the server closed the socket (undefined: not within `limitMs`). */
  closedAfterSeconds: number | undefined;
  /** Frames the server sent after close-ok (heartbeats: RabbitMQ keeps sending them until the socket closes). */
  framesAfterCloseOk: number;
}

export function observeCloseWait(port: number, heartbeat: number, openCheckMs = 1000, limitMs = 8000): Promise<CloseObservation> {
  return new Promise((resolve) => {
    const sock = tcpConnect(port, '127.0.0.1');
    const reader = new FrameReader(1 << 20);
    let closeOkAt: number | undefined;
    let framesAfter = 0;
    let openAfter = false;
    const finish = (closedAfterSeconds: number | undefined): void => {
      clearTimeout(limit);
      sock.destroy();
      resolve({ closeOk: closeOkAt !== undefined, openAfterCloseOk: openAfter, closedAfterSeconds, framesAfterCloseOk: framesAfter });
    };
    const limit = setTimeout(() => finish(undefined), limitMs);
    sock.on('error', () => undefined);
    sock.on('close', () => finish(closeOkAt === undefined ? undefined : Math.round((Date.now() - closeOkAt) / 1000)));
    sock.on('data', (d: Buffer) => {
      reader.push(d);
      for (let f = reader.next(); f; f = reader.next()) {
        if (closeOkAt !== undefined) {
          framesAfter++;
          continue;
        }
        if (f.type !== 1) continue;
        const name = decodeMethod(f.payload).spec.name;
        if (name === 'connection.start') {
          sock.write(
            encodeMethodFrame(0, 'connection.start-ok', { clientProperties: {}, mechanism: 'PLAIN', response: Buffer.from('\0guest\0guest'), locale: 'en_US' }),
          );
        } else if (name === 'connection.tune') {
          sock.write(
            Buffer.concat([
              encodeMethodFrame(0, 'connection.tune-ok', { channelMax: 2047, frameMax: 131072, heartbeat }),
              encodeMethodFrame(0, 'connection.open', { virtualHost: '/' }),
            ]),
          );
        } else if (name === 'connection.open-ok') {
          sock.write(encodeMethodFrame(0, 'connection.close', { replyCode: 200, replyText: 'bye', classId: 0, methodId: 0 }));
        } else if (name === 'connection.close-ok') {
          closeOkAt = Date.now();
          setTimeout(() => {
            openAfter = !sock.destroyed && sock.readyState === 'open';
          }, openCheckMs);
        }
      }
    });
    sock.on('connect', () => sock.write(PROTOCOL_HEADER));
  });
}
