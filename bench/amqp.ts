// npm run bench:amqp — end-to-end AMQP throughput, same client (amqplib), same workload, same machine, one run:
//   1 publisher + 2 consumers (manual ack, prefetch 100), 64-byte messages, one queue,
// against `acklab serve` (a separate Node process, like a real broker) and against Debian's RabbitMQ (a
// private node started here). Also the same workload on the in-process broker API (no sockets, no codec), to
// show what the listener costs. Then the persistent-confirm workload (durable queue, persistent messages,
// confirms) against both. Env: ACKLAB_BENCH_MESSAGES (default 200000), ACKLAB_BENCH_PERSISTENT_MESSAGES
// (default 50000), ACKLAB_BENCH_RUNS (default 2).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { Broker, type Delivery } from '../src/broker';
import { rabbitmqAvailable, startRabbitMQ } from '../test/support/rabbitmq';

const N = Number(process.env.ACKLAB_BENCH_MESSAGES ?? 200_000);
const RUNS = Number(process.env.ACKLAB_BENCH_RUNS ?? 2);
const PREFETCH = 100;
const BODY = Buffer.alloc(64, 0x61);

async function amqpRun(url: string, queue: string): Promise<number> {
  const pubConn = await amqp.connect(url);
  const consConns = [await amqp.connect(url), await amqp.connect(url)];
  const setup = await pubConn.createChannel();
  await setup.assertQueue(queue, { durable: false });
  await setup.purgeQueue(queue);
  let acked = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => {
    resolveDone = r;
  });
  for (const c of consConns) {
    const ch = await c.createChannel();
    await ch.prefetch(PREFETCH);
    await ch.consume(
      queue,
      (m) => {
        if (!m) return;
        ch.ack(m);
        if (++acked === N) resolveDone();
      },
      { noAck: false },
    );
  }
  const pub = await pubConn.createChannel();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    if (!pub.sendToQueue(queue, BODY)) await new Promise((r) => pub.once('drain', r));
  }
  await done;
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  await setup.deleteQueue(queue);
  for (const c of [pubConn, ...consConns]) await c.close();
  return N / secs;
}

const NP = Number(process.env.ACKLAB_BENCH_PERSISTENT_MESSAGES ?? 50_000);
/** Publisher confirms outstanding at most (the publisher waits for confirms beyond this). */
const CONFIRM_WINDOW = 1000;

/**
 * Persistent + confirms: a durable queue, persistent messages, a confirm channel (at most CONFIRM_WINDOW
 * unconfirmed), the same 2 acking consumers. The rate counts a message once it is confirmed AND acked: a
 * confirm means "on disk" on both brokers (acklab: after fdatasync of its log, group commit).
 */
async function persistentRun(url: string, queue: string): Promise<number> {
  const pubConn = await amqp.connect(url);
  const consConns = [await amqp.connect(url), await amqp.connect(url)];
  const setup = await pubConn.createChannel();
  await setup.assertQueue(queue, { durable: true });
  await setup.purgeQueue(queue);
  let acked = 0;
  let confirmed = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => {
    resolveDone = r;
  });
  const check = () => {
    if (acked === NP && confirmed === NP) resolveDone();
  };
  for (const c of consConns) {
    const ch = await c.createChannel();
    await ch.prefetch(PREFETCH);
    await ch.consume(
      queue,
      (m) => {
        if (!m) return;
        ch.ack(m);
        acked++;
        check();
      },
      { noAck: false },
    );
  }
  const pub = await pubConn.createConfirmChannel();
  let outstanding = 0;
  let wake: (() => void) | undefined;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < NP; i++) {
    while (outstanding >= CONFIRM_WINDOW)
      await new Promise<void>((r) => {
        wake = r;
      });
    outstanding++;
    const ok = pub.publish('', queue, BODY, { persistent: true }, (err) => {
      if (err) throw err;
      outstanding--;
      confirmed++;
      check();
      if (wake && outstanding < CONFIRM_WINDOW / 2) {
        const w = wake;
        wake = undefined;
        w();
      }
    });
    if (!ok) await new Promise((r) => pub.once('drain', r));
  }
  await done;
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  await setup.deleteQueue(queue);
  for (const c of [pubConn, ...consConns]) await c.close();
  return NP / secs;
}

/** The same workload on the broker API directly: no TCP, no codec, no amqplib. */
function inProcessRun(): number {
  const broker = new Broker(); // defaults, like acklab serve (event log on)
  const pending: { ch: number; tag: number }[][] = [[], []];
  const noop = { basicReturn() {}, confirm() {}, consumerCancelled() {}, channelClosedByServer() {}, connectionClosedByServer() {} };
  const pubConn = broker.connect({ user: 'guest', vhost: '/' }, { ...noop, deliver() {} });
  const pub = pubConn.openChannel(1);
  pub.queueDeclare({ queue: 'bench' });
  const consumers = [0, 1].map((i) => {
    const conn = broker.connect(
      { user: 'guest', vhost: '/' },
      {
        ...noop,
        deliver(_c: number, d: Delivery) {
          pending[i]!.push({ ch: 1, tag: d.deliveryTag });
        },
      },
    );
    const ch = conn.openChannel(1);
    ch.basicQos({ prefetchCount: PREFETCH });
    ch.basicConsume({ queue: 'bench' });
    return ch;
  });
  let acked = 0;
  const t0 = process.hrtime.bigint();
  let published = 0;
  while (acked < N) {
    for (let k = 0; k < 100 && published < N; k++, published++) pub.basicPublish({ exchange: '', routingKey: 'bench' }, {}, BODY);
    for (let i = 0; i < 2; i++) {
      const p = pending[i]!;
      pending[i] = [];
      for (const d of p) {
        consumers[i]!.basicAck({ deliveryTag: d.tag });
        acked++;
      }
    }
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  return N / secs;
}

function startServe(dataDir: string): Promise<{ url: string; proc: ChildProcess }> {
  const cli = join(__dirname, '..', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} missing: run npm run build`);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [cli, 'serve', '--amqp-port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /AMQP listening on (amqp:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!.replace('amqp://', 'amqp://guest:guest@'), proc });
    });
    proc.on('exit', (code) => reject(new Error(`acklab serve exited with ${code}: ${out}`)));
  });
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

interface Sample {
  rate: number;
  cpuUsPerMsg: number;
}
async function measured(url: string, queue: string, pid: number | undefined, persistent = false): Promise<Sample> {
  const c0 = pid ? cpuSeconds(pid) : NaN;
  const rate = await (persistent ? persistentRun(url, queue) : amqpRun(url, queue));
  const c1 = pid ? cpuSeconds(pid) : NaN;
  return { rate, cpuUsPerMsg: ((c1 - c0) * 1e6) / (persistent ? NP : N) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number) => Math.round(x).toLocaleString('en');

async function main(): Promise<void> {
  console.log(
    `AMQP bench: amqplib, 1 publisher + 2 consumers, manual ack, prefetch ${PREFETCH}, ${N.toLocaleString('en')} × ${BODY.length}-byte messages, ${RUNS} runs each, alternating (median)`,
  );
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
  );

  const inproc: number[] = [];
  for (let r = 0; r < RUNS; r++) inproc.push(inProcessRun());

  // acklab's state log on the same disk as RabbitMQ's node directory (both under the OS temp dir)
  const dataDir = mkdtempSync(join(tmpdir(), 'acklab-bench-data-'));
  const serve = await startServe(dataDir);
  const withRabbit = rabbitmqAvailable() && process.env.ACKLAB_SKIP_RABBITMQ !== '1';
  const node = withRabbit ? await startRabbitMQ() : undefined;
  const ack: Sample[] = [];
  const rmq: Sample[] = [];
  const ackP: Sample[] = [];
  const rmqP: Sample[] = [];
  try {
    const beamPid = node ? Number(/\d+/.exec(await node.ctlAsync(['eval', 'list_to_integer(os:getpid()).']))?.[0]) : undefined;
    if (node) await amqpRun(node.url, 'warmup');
    await amqpRun(serve.url, 'warmup');
    // alternate, so both see the same background load on this shared machine
    for (let r = 0; r < RUNS; r++) {
      ack.push(await measured(serve.url, `bench-${r}`, serve.proc.pid));
      if (node) rmq.push(await measured(node.url, `bench-${r}`, beamPid));
    }
    for (let r = 0; r < RUNS; r++) {
      ackP.push(await measured(serve.url, `bench-p-${r}`, serve.proc.pid, true));
      if (node) rmqP.push(await measured(node.url, `bench-p-${r}`, beamPid, true));
    }
  } finally {
    serve.proc.kill('SIGINT');
    await node?.stop();
    if (serve.proc.exitCode === null && serve.proc.signalCode === null) await new Promise((r) => serve.proc.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (!node) console.log('RabbitMQ not available: skipped');

  const a = median(ack.map((x) => x.rate));
  const line = (name: string, xs: number[], cpu?: number[]) =>
    console.log(
      `  ${name.padEnd(36)} ${fmt(median(xs)).padStart(9)} msg/s${cpu ? `   server CPU ${median(cpu).toFixed(1).padStart(5)} µs/msg` : ''}   (runs: ${xs.map(fmt).join(', ')})`,
    );
  console.log('');
  line(
    'acklab serve (AMQP, amqplib)',
    ack.map((x) => x.rate),
    ack.map((x) => x.cpuUsPerMsg),
  );
  if (rmq.length)
    line(
      'RabbitMQ 3.10.8 (AMQP, amqplib)',
      rmq.map((x) => x.rate),
      rmq.map((x) => x.cpuUsPerMsg),
    );
  line('acklab broker in-process (no AMQP)', inproc);
  console.log('');
  console.log(
    `persistent + confirms: durable queue, persistent messages, confirm window ${CONFIRM_WINDOW}, ${NP.toLocaleString('en')} messages (confirmed and acked)`,
  );
  line(
    'acklab serve --data-dir (fdatasync)',
    ackP.map((x) => x.rate),
    ackP.map((x) => x.cpuUsPerMsg),
  );
  if (rmqP.length) {
    line(
      'RabbitMQ 3.10.8 (fsync)',
      rmqP.map((x) => x.rate),
      rmqP.map((x) => x.cpuUsPerMsg),
    );
    console.log(
      `  acklab / RabbitMQ persistent-confirm throughput: ${(median(ackP.map((x) => x.rate)) / median(rmqP.map((x) => x.rate))).toFixed(2)}x   (goal ≥ 1x)`,
    );
  }
  console.log('');
  if (rmq.length) {
    console.log(`  acklab / RabbitMQ throughput:          ${(a / median(rmq.map((x) => x.rate))).toFixed(2)}x   (goal ≥ 1.5x)`);
    console.log(`  RabbitMQ / acklab server CPU per msg:  ${(median(rmq.map((x) => x.cpuUsPerMsg)) / median(ack.map((x) => x.cpuUsPerMsg))).toFixed(2)}x`);
  }
  console.log(
    `  in-process / over AMQP:                ${(median(inproc) / a).toFixed(1)}x   (end to end: what the listener, TCP and the amqplib client cost)`,
  );
  const brokerUs = 1e6 / median(inproc);
  const serverUs = median(ack.map((x) => x.cpuUsPerMsg));
  console.log(
    `  listener overhead per message:         ${(serverUs - brokerUs).toFixed(1)} µs server CPU (acklab serve ${serverUs.toFixed(1)} µs/msg − in-process broker ${brokerUs.toFixed(1)} µs/msg)`,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
