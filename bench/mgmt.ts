// npm run bench:mgmt — real brokers in the tree, against a private RabbitMQ 3.10 with rabbitmq_management.
//
// 1. List 5,000 queues into tree models (BrokerModel, pages of 500, only the columns the tree shows),
//    side by side with what a naive client does: one unpaged GET /api/queues/{vhost} with every column.
//    Goal: under 2 s.
// 2. Event-loop cost of one refresh with 1,000 queues shown (what the refresh interval costs the
//    extension host): event-loop active time (ELU) per refresh and the longest block, side by side with a
//    naive refresh (unpaged, all columns, all nodes rebuilt). Goal: under 5 ms.
import * as amqp from 'amqplib';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { cpus, loadavg, totalmem } from 'node:os';
import { ManagementClient, toQueueInfo } from '../src/remote/client';
import { BrokerModel, queueDescription } from '../src/remote/tree';
import { WorkerManagementClient } from '../src/remote/workerClient';
import { startRabbitMQ, type RabbitMQNode } from '../test/support/rabbitmq';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0)) + ' ms';

async function createQueues(rmq: RabbitMQNode, client: ManagementClient, vhost: string, n: number): Promise<void> {
  await client.request('PUT', `/api/vhosts/${vhost}`, {});
  await client.request('PUT', `/api/permissions/${vhost}/guest`, { configure: '.*', write: '.*', read: '.*' });
  const c = await amqp.connect(`${rmq.amqpUrl}/${vhost}`);
  const ch = await c.createChannel();
  const all: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) all.push(ch.assertQueue(`${vhost}-q-${String(i).padStart(5, '0')}`, { durable: false }));
  await Promise.all(all);
  // A little traffic so message_stats (rates) exist, as on a live broker.
  for (let i = 0; i < n; i += 7) ch.sendToQueue(`${vhost}-q-${String(i).padStart(5, '0')}`, Buffer.from('x'));
  await c.close();
  const deadline = Date.now() + 180_000;
  for (;;) {
    const p = await client.queuesPage(vhost, { pageSize: 1 });
    if (p.totalCount === n) return;
    if (Date.now() > deadline) throw new Error(`only ${p.totalCount} of ${n} queues visible after 180 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Event-loop cost of `fn`: ELU active time (busy, not waiting for I/O) and process CPU time, measured
 * without a delay monitor (its 1 ms timer would itself add activity); the longest block is measured
 * in a separate call with monitorEventLoopDelay.
 */
async function loopCost(fn: () => Promise<unknown>): Promise<{ activeMs: number; cpuMs: number; wallMs: number }> {
  const c0 = process.cpuUsage();
  const e0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  const e = performance.eventLoopUtilization(e0);
  const c = process.cpuUsage(c0);
  return { activeMs: e.active, cpuMs: (c.user + c.system) / 1000, wallMs };
}
async function longestBlock(fn: () => Promise<unknown>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await fn();
  h.disable();
  return Math.max(0, h.max / 1e6 - 1);
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(
    `machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; load average ${load()}`,
  );
  const t0 = Date.now();
  const rmq = await startRabbitMQ({ management: true });
  console.log(`RabbitMQ node up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  try {
    const client = new ManagementClient({ baseUrl: rmq.managementUrl!, credentials: { username: rmq.user, password: rmq.password }, timeoutMs: 60_000 });
    const version = (await client.overview()).productVersion;
    await createQueues(rmq, client, 'big', 5_000);
    await createQueues(rmq, client, 'k1', 1_000);
    console.log(`RabbitMQ ${version}: 5,000 queues in vhost "big", 1,000 in "k1"`);

    // 1. List 5,000 queues into tree models.
    const listTree: number[] = [];
    const listNaive: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      const model = new BrokerModel({ name: 'bench', managementUrl: rmq.managementUrl!, username: 'guest', vhosts: ['big'] }, client, { pageSize: 500 });
      const [vh] = await model.children(model.root);
      await model.loadAll('big');
      const kids = await model.children(vh!);
      listTree.push(performance.now() - t);
      if (kids.length !== 5_000) throw new Error(`tree shows ${kids.length} queues, expected 5000`);

      t = performance.now();
      const raw = (await client.request('GET', '/api/queues/big')) as unknown[];
      const naive = raw.map((r) => {
        const q = toQueueInfo(r);
        return { id: q.name, label: q.name, description: queueDescription(q) };
      });
      listNaive.push(performance.now() - t);
      if (naive.length !== 5_000) throw new Error(`naive list has ${naive.length} queues`);
    }

    // 2. Event-loop cost of one refresh with 1,000 queues shown: the model over the in-thread client and
    //    over the worker client (what the extension uses), and a naive refresh.
    const worker = new WorkerManagementClient({ baseUrl: rmq.managementUrl!, credentials: { username: rmq.user, password: rmq.password }, timeoutMs: 60_000 });
    const makeModel = async (c: typeof client | WorkerManagementClient) => {
      const m = new BrokerModel({ name: 'bench', managementUrl: rmq.managementUrl!, username: 'guest', vhosts: ['k1'] }, c, { pageSize: 500 });
      const [vh] = await m.children(m.root);
      await m.children(vh!);
      await m.loadMore('k1');
      const shown = (await m.children(vh!)).length;
      if (shown !== 1_000) throw new Error(`refresh model shows ${shown} queues, expected 1000`);
      await m.refresh(); // warm-up (first diff is a full list)
      await m.refresh();
      return m;
    };
    const model = await makeModel(client);
    const wmodel = await makeModel(worker);
    type Cost = { activeMs: number; cpuMs: number; wallMs: number };
    const refresh: Cost[] = [];
    const wrefresh: Cost[] = [];
    const naiveRefresh: Cost[] = [];
    const blocks: number[] = [];
    const wblocks: number[] = [];
    const naiveBlocks: number[] = [];
    const naive = async (): Promise<unknown> => {
      const raw = (await client.request('GET', '/api/queues/k1')) as unknown[];
      return raw.map((r) => ({ label: toQueueInfo(r).name, description: queueDescription(toQueueInfo(r)) }));
    };
    for (let i = 0; i < runs * 4; i++) {
      refresh.push(await loopCost(() => model.refresh()));
      wrefresh.push(await loopCost(() => wmodel.refresh()));
      naiveRefresh.push(await loopCost(naive));
      blocks.push(await longestBlock(() => model.refresh()));
      wblocks.push(await longestBlock(() => wmodel.refresh()));
      naiveBlocks.push(await longestBlock(naive));
    }
    worker.close();
    const pick = (xs: Cost[], k: keyof Cost) => median(xs.map((x) => x[k]));

    const lt = median(listTree);
    const ln = median(listNaive);
    console.log('\n| measurement | AckLab tree model | naive (unpaged, all columns) | ratio | goal |');
    console.log('|---|---|---|---|---|');
    console.log(
      `| list 5,000 queues into tree nodes (wall, median of ${runs}) | ${fmt(lt)} | ${fmt(ln)} | ${(lt / ln).toFixed(2)}× | < 2 s: ${lt < 2000 ? 'met' : 'MISSED'} |`,
    );
    const n = runs * 4;
    const row = (label: string, a: number, b: number, goal = '') => console.log(`| ${label} | ${fmt(a)} | ${fmt(b)} | ${(a / b).toFixed(2)}× | ${goal} |`);
    const wa = pick(wrefresh, 'activeMs');
    const na = pick(naiveRefresh, 'activeMs');
    row(`refresh at 1,000 queues, worker client (extension): event-loop active time (median of ${n})`, wa, na, `< 5 ms: ${wa < 5 ? 'met' : 'MISSED'}`);
    row('refresh at 1,000 queues, in-thread client: event-loop active time', pick(refresh, 'activeMs'), na);
    row('refresh at 1,000 queues, worker client: process CPU time (all threads)', pick(wrefresh, 'cpuMs'), pick(naiveRefresh, 'cpuMs'));
    row('refresh at 1,000 queues, in-thread client: process CPU time', pick(refresh, 'cpuMs'), pick(naiveRefresh, 'cpuMs'));
    row('refresh at 1,000 queues, worker client: longest event-loop block', median(wblocks), median(naiveBlocks));
    row('refresh at 1,000 queues, in-thread client: longest event-loop block', median(blocks), median(naiveBlocks));
    row('refresh at 1,000 queues, worker client: wall time', pick(wrefresh, 'wallMs'), pick(naiveRefresh, 'wallMs'));
    console.log(`\n(load average at the end: ${load()})`);
  } finally {
    await rmq.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
