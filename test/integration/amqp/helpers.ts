// Shared helpers for the listener's integration tests: an in-process broker + listener on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { Broker } from '../../../src/broker';
import { AmqpServer, type AmqpServerOptions } from '../../../src/amqp/server';

export interface Running {
  broker: Broker;
  server: AmqpServer;
  url: string;
  port: number;
  logs: string[];
  stop(): Promise<void>;
}

export async function startAcklab(opts: AmqpServerOptions = {}): Promise<Running> {
  const broker = new Broker();
  const logs: string[] = [];
  const server = new AmqpServer(broker, { port: 0, log: (l) => logs.push(l), ...opts });
  const { port } = await server.listen();
  return { broker, server, port, url: `amqp://guest:guest@127.0.0.1:${port}`, logs, stop: () => server.close(500) };
}

export function queueCounts(broker: Broker, name: string): { ready: number; unacked: number; consumers: number } | undefined {
  const q = broker.snapshot().queues.find((x) => x.name === name);
  return q && { ready: q.ready, unacked: q.unacked, consumers: q.consumers };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** A child process whose stdout lines are collected. */
export interface Child {
  proc: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Child {
  const proc = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((r) =>
    proc.on('exit', (code) => {
      if (buf) lines.push(buf);
      if (err) lines.push(`[stderr] ${err}`);
      r(code);
    }),
  );
  return { proc, lines, exited };
}
