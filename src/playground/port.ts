// Which port the AMQP listener takes: the default 5672, or the first free one from 5673 when 5672
// is taken (with a notice); an explicitly chosen port must be free; 0 means any free port.
// The same rules for the extension (setting acklab.amqp.port) and `acklab serve` (--amqp-port).
import { createServer } from 'node:net';

export const DEFAULT_AMQP_PORT = 5672;

/** Where the requested port came from, for the error text: 'setting acklab.amqp.port' or '--amqp-port'. */
export type PortOrigin = string;

/**
 * Picks the AMQP port. `isFree` probes a port on the bind address. The notice says that 5672 was
 * taken and which port is used instead.
 */
export async function choosePort(
  requested: number,
  isFree: (port: number) => Promise<boolean>,
  maxTries = 100,
  origin: PortOrigin = 'setting acklab.amqp.port',
): Promise<{ port: number; notice?: string }> {
  if (await isFree(requested)) return { port: requested };
  if (requested !== DEFAULT_AMQP_PORT) {
    throw new Error(`AMQP port ${requested} (${origin}) is in use. Choose another port, or 5672 to let AckLab pick a free one.`);
  }
  for (let p = DEFAULT_AMQP_PORT + 1; p < DEFAULT_AMQP_PORT + 1 + maxTries && p <= 65535; p++) {
    if (await isFree(p)) {
      return { port: p, notice: `Port 5672 is taken (a RabbitMQ is probably running there); using ${p} instead. Connect with amqp://localhost:${p}.` };
    }
  }
  throw new Error(`No free AMQP port between 5672 and ${DEFAULT_AMQP_PORT + maxTries}.`);
}

/**
 * True when `port` can be bound on `host` right now (port 0 is always free). Rejects when the port
 * cannot be bound for another reason (an address this machine does not have): no other port helps.
 */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' || e.code === 'EACCES' ? res(false) : rej(e)));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => res(true)));
  });
}

/**
 * A port probe that, for the ports in `preferred`, waits up to `graceMs` for the port to be
 * released: after a window reload the previous extension host may still hold it for a moment.
 */
export function probeWithGrace(host: string, preferred: ReadonlySet<number>, graceMs: number): (port: number) => Promise<boolean> {
  return async (p) => {
    if (await portIsFree(host, p)) return true;
    if (!preferred.has(p) || graceMs <= 0) return false;
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      if (await portIsFree(host, p)) return true;
    }
    return false;
  };
}
