import { strict as assert } from 'node:assert';
import * as amqp from 'amqplib';
import { ManagementClient, type QueueInfo } from '../../../src/remote/client';
import { ManagementError } from '../../../src/remote/errors';
import { BrokerModel, type RemoteTreeNode } from '../../../src/remote/tree';
import { WorkerManagementClient } from '../../../src/remote/workerClient';
import { freePort, startRabbitMQ, type RabbitMQNode } from '../../support/rabbitmq';

// The management client and the tree models against a real RabbitMQ 3.10 with rabbitmq_management.
// The management stats lag behind AMQP (collect_statistics_interval, here 500 ms instead of 5 s):
// counts are polled with a bound, never read once.

async function eventually<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (ok(last)) return last;
    } catch (e) {
      lastErr = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`${what}: not reached within ${timeoutMs} ms; last value ${JSON.stringify(last)}${lastErr ? `, last error ${String(lastErr)}` : ''}`);
}
const counts = (q: QueueInfo) => ({ ready: q.ready, unacked: q.unacked, consumers: q.consumers });
async function failure(p: Promise<unknown>): Promise<ManagementError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ManagementError, `expected a ManagementError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

describe('remote: management API against a real RabbitMQ', function () {
  this.timeout(60_000);
  let rmq: RabbitMQNode;
  let client: ManagementClient;
  let conn: amqp.ChannelModel;

  before(async function () {
    this.timeout(180_000);
    rmq = await startRabbitMQ({ management: true, config: ['collect_statistics_interval = 500'] });
    client = new ManagementClient({ baseUrl: rmq.managementUrl!, credentials: { username: rmq.user, password: rmq.password } });
    conn = await amqp.connect(rmq.amqpUrl);
  });
  after(async function () {
    this.timeout(60_000);
    await conn?.close().catch(() => undefined);
    await rmq?.stop();
  });

  it('reads the overview: product, version, answering node', async () => {
    const o = await client.overview();
    assert.equal(o.product, 'rabbitmq');
    assert.match(o.productVersion, /^3\.10\./);
    assert.equal(o.node, rmq.nodename);
    assert.ok((await client.vhosts()).some((v) => v.name === '/'));
    assert.deepEqual(await client.nodes(), [{ name: rmq.nodename, running: true }]);
  });

  describe('paging with 2,000 queues', () => {
    const vhost = 'paging';
    const name = (i: number) => `page-q-${String(i).padStart(4, '0')}`;
    before(async function () {
      this.timeout(180_000);
      await client.request('PUT', `/api/vhosts/${vhost}`, {});
      await client.request('PUT', `/api/permissions/${vhost}/guest`, { configure: '.*', write: '.*', read: '.*' });
      const c = await amqp.connect(`${rmq.amqpUrl}/${vhost}`);
      const ch = await c.createChannel();
      // Declared in reverse order so that name order (what the API sorts by) differs from creation order.
      for (let i = 1999; i >= 0; i--) void ch.assertQueue(name(i), { durable: false });
      await ch.assertQueue(name(0), { durable: false });
      await c.close();
      await eventually(
        'all 2,000 queues in the management API',
        () => client.queuesPage(vhost, { pageSize: 1 }),
        (p) => p.totalCount === 2000,
        90_000,
      );
    });

    it('lists them page by page, sorted by name, with page counts', async () => {
      const p1 = await client.queuesPage(vhost, { page: 1, pageSize: 500 });
      assert.equal(p1.totalCount, 2000);
      assert.equal(p1.pageCount, 4);
      assert.equal(p1.items.length, 500);
      assert.equal(p1.items[0]!.name, name(0));
      assert.equal(p1.items[499]!.name, name(499));
      assert.equal(p1.items[0]!.node, rmq.nodename);
      const p4 = await client.queuesPage(vhost, { page: 4, pageSize: 500 });
      assert.equal(p4.items.at(-1)!.name, name(1999));
      const all = await client.allQueues(vhost);
      assert.equal(new Set(all.map((q) => q.name)).size, 2000);
      const filtered = await client.queuesPage(vhost, { name: 'page-q-19', pageSize: 500 });
      assert.equal(filtered.filteredCount, 100);
      assert.equal(filtered.totalCount, 2000);
    });

    it('rejects page sizes the broker would refuse, before asking it', async () => {
      await assert.rejects(client.queuesPage(vhost, { pageSize: 501 }), /pageSize must be an integer in 1..500/);
      await assert.rejects(client.queuesPage(vhost, { page: 0 }), /page must be an integer >= 1/);
    });

    it('shows them in the tree 200 at a time with a "load more" node, until all are shown', async function () {
      this.timeout(120_000);
      const model = new BrokerModel({ name: 'local', managementUrl: rmq.managementUrl!, username: 'guest', vhosts: [vhost] }, client, { pageSize: 200 });
      const vhosts = await model.children(model.root);
      assert.deepEqual(
        vhosts.map((v) => v.label),
        [vhost],
      );
      let kids = await model.children(vhosts[0]!);
      assert.equal(kids.length, 201);
      assert.equal(kids[0]!.label, name(0));
      const more = kids.at(-1)!;
      assert.equal(more.kind, 'loadMore');
      assert.equal(more.label, 'Load 200 more…');
      assert.equal(more.description, '200 of 2000 shown');
      assert.deepEqual(more.command?.arguments, ['local', vhost]);
      for (let i = 0; i < 9; i++) await model.loadMore(vhost);
      kids = await model.children(vhosts[0]!);
      assert.equal(kids.length, 2000);
      assert.ok(kids.every((k) => k.kind === 'queue'));
      assert.equal(kids.at(-1)!.label, name(1999));
      assert.match(vhosts[0]!.description, /2000 queues/);
      // A refresh re-reads the 2,000 shown queues and reports no change when nothing changed.
      const r = await model.refresh();
      assert.equal(r.error, undefined);
      assert.deepEqual(r.structure, []);
      assert.deepEqual(
        r.changed.filter((n) => n.kind === 'queue'),
        [],
      );
    });
    it('"load all" fetches the remaining pages concurrently, in order, without duplicates', async function () {
      this.timeout(120_000);
      const model = new BrokerModel({ name: 'local', managementUrl: rmq.managementUrl!, username: 'guest', vhosts: [vhost] }, client, { pageSize: 200 });
      const [vh] = await model.children(model.root);
      await model.loadAll(vhost, 3);
      const kids = await model.children(vh!);
      assert.deepEqual(
        kids.map((k) => k.label),
        Array.from({ length: 2000 }, (_, i) => name(i)),
      );
    });
  });

  describe('counts after publish, get, consume and ack', () => {
    const q = 'work';
    let ch: amqp.Channel;
    let consumerCh: amqp.Channel;
    let model: BrokerModel;
    let node: RemoteTreeNode;
    before(async () => {
      ch = await conn.createChannel();
      await ch.assertQueue(q, { durable: false });
      model = new BrokerModel({ name: 'local', managementUrl: rmq.managementUrl!, username: 'guest', vhosts: ['/'] }, client);
      const [vh] = await model.children(model.root);
      await eventually(
        'queue listed',
        async () => (await model.children(vh!)).find((n) => n.label === q),
        (n) => n !== undefined,
      );
      node = (await model.children(vh!)).find((n) => n.label === q)!;
    });

    it('publish: 3 through the HTTP API (routed), 2 through AMQP -> ready 5', async () => {
      for (let i = 0; i < 3; i++) assert.deepEqual(await client.publish('/', '', { routingKey: q, payload: `http ${i}` }), { routed: true });
      assert.deepEqual(await client.publish('/', '', { routingKey: 'no-such-queue', payload: 'x' }), { routed: false });
      ch.sendToQueue(q, Buffer.from('amqp 3'));
      ch.sendToQueue(q, Buffer.from('amqp 4'));
      await eventually(
        'ready 5',
        () => client.queue('/', q),
        (x) => x.ready === 5 && x.unacked === 0,
      );
    });

    it('two basic.get without ack -> ready 3, unacked 2; ack -> unacked 0', async () => {
      const m1 = await ch.get(q, { noAck: false });
      const m2 = await ch.get(q, { noAck: false });
      assert.ok(m1 && m2);
      assert.deepEqual(
        counts(
          await eventually(
            'unacked 2',
            () => client.queue('/', q),
            (x) => x.unacked === 2,
          ),
        ),
        { ready: 3, unacked: 2, consumers: 0 },
      );
      ch.ack(m2, true);
      assert.deepEqual(
        counts(
          await eventually(
            'unacked 0',
            () => client.queue('/', q),
            (x) => x.unacked === 0,
          ),
        ),
        { ready: 3, unacked: 0, consumers: 0 },
      );
    });

    it('a consumer holding one (prefetch 1) shows in the tree: ready 2 · unacked 1 · 1 consumer, with rates', async () => {
      consumerCh = await conn.createChannel();
      await consumerCh.prefetch(1);
      await consumerCh.consume(q, () => undefined, { noAck: false });
      await eventually(
        'held by the consumer',
        () => client.queue('/', q),
        (x) => x.consumers === 1 && x.unacked === 1 && x.ready === 2,
      );
      const r = await eventually(
        'tree refreshed',
        () => model.refresh(),
        () => /^ready 2 · unacked 1 · 1 consumer · in [\d.]+\/s · out [\d.]+\/s$/.test(node.description),
      );
      assert.equal(r.error, undefined);
      assert.match(node.tooltip, new RegExp(`node ${rmq.nodename}`));
      assert.match(model.root.description, /^RabbitMQ 3\.10\.\d+ · ready \d+ · unacked \d+/);
    });

    it('a refresh reports the changed queue node (same object) when its counts change', async () => {
      await model.refresh();
      await consumerCh.close(); // the held message returns to the queue
      let reported = false;
      await eventually(
        'change reported',
        async () => {
          const r = await model.refresh();
          assert.deepEqual(r.structure, []);
          reported ||= r.changed.includes(node);
          return node.description;
        },
        (d) => /^ready 3 · unacked 0 · 0 consumers/.test(d),
      );
      assert.ok(reported, 'the queue node was reported changed');
    });

    it("reloadQueues reports only what changed since the caller's version; the worker client gives the same tree", async () => {
      const full = await client.reloadQueues('/', 10);
      assert.deepEqual(full.names, [q]);
      const same = await eventually(
        'stable',
        () => client.reloadQueues('/', 10, full.version),
        (r) => r.changed.length === 0,
      );
      assert.equal(same.names, undefined);
      assert.equal(same.total, 1);
      assert.deepEqual((await client.reloadQueues('/', 10, 12345)).names, [q], 'an unknown version gets the full list');
      const worker = new WorkerManagementClient({ baseUrl: rmq.managementUrl!, credentials: { username: 'guest', password: 'guest' } });
      try {
        const wm = new BrokerModel({ name: 'local', managementUrl: rmq.managementUrl!, username: 'guest', vhosts: ['/'] }, worker);
        const [vh] = await wm.children(wm.root);
        const [wq] = await wm.children(vh!);
        assert.equal(wq!.label, q);
        assert.equal(wq!.description.replace(/ · in.*/, ''), node.description.replace(/ · in.*/, ''));
        assert.match(wm.root.description, /^RabbitMQ 3\.10/);
      } finally {
        worker.close();
      }
    });

    it('peek requeues and marks the message redelivered; remove takes it; purge empties; delete removes', async () => {
      const [first] = await client.get('/', q, { mode: 'peek' });
      assert.equal(first!.payload, 'http 2');
      assert.equal(first!.redelivered, true); // it was held by the closed consumer
      const [second] = await client.get('/', q, { mode: 'peek' });
      assert.equal(second!.redelivered, true);
      const taken = await client.get('/', q, { mode: 'remove', count: 2 });
      assert.deepEqual(
        taken.map((m) => m.payload),
        ['http 2', 'amqp 3'],
      );
      assert.equal(taken[1]!.messageCount, 1);
      await eventually(
        'ready 1',
        () => client.queue('/', q),
        (x) => x.ready === 1,
      );
      await client.purge('/', q);
      await eventually(
        'ready 0',
        () => client.queue('/', q),
        (x) => x.ready === 0,
      );
      assert.deepEqual(await client.get('/', q, { mode: 'peek' }), []);
      await client.deleteQueue('/', q, { ifEmpty: true });
      const e = await failure(client.queue('/', q));
      assert.equal(e.kind, 'not-found');
    });
  });

  describe('errors a user would hit', () => {
    it('wrong password: login failed (and in the tree)', async () => {
      const bad = new ManagementClient({ baseUrl: rmq.managementUrl!, credentials: { username: 'guest', password: 'wrong' } });
      const e = await failure(bad.overview());
      assert.equal(e.kind, 'unauthorized');
      assert.match(e.userMessage, /failed for user guest.*HTTP 401/);
      const model = new BrokerModel({ name: 'local', managementUrl: rmq.managementUrl!, username: 'guest' }, bad);
      const kids = await model.children(model.root);
      assert.equal(model.root.description, 'login failed');
      assert.equal(kids[0]!.kind, 'error');
      assert.equal(kids[0]!.errorKind, 'unauthorized');
    });

    it('a user without the management tag: told which tag to add', async () => {
      await client.request('PUT', '/api/users/plain', { password: 'pw', tags: '' });
      const e = await failure(new ManagementClient({ baseUrl: rmq.managementUrl!, credentials: { username: 'plain', password: 'pw' } }).overview());
      assert.equal(e.kind, 'unauthorized');
      assert.match(e.userMessage, /plain may not use the management API.*"management"/);
    });

    it('closed port: unreachable', async () => {
      const port = await freePort();
      const e = await failure(new ManagementClient({ baseUrl: `http://127.0.0.1:${port}`, credentials: { username: 'guest', password: 'guest' } }).overview());
      assert.equal(e.kind, 'unreachable');
      assert.match(e.userMessage, /connection refused/);
    });

    it('the AMQP port given as the management URL: says so', async () => {
      const e = await failure(
        new ManagementClient({ baseUrl: `http://127.0.0.1:${rmq.port}`, credentials: { username: 'guest', password: 'guest' } }).overview(),
      );
      assert.equal(e.kind, 'not-management');
      assert.match(e.userMessage, /is an AMQP port, not the management API/);
    });
  });
});
