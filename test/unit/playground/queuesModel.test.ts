// The Queues tree's view model in plain Node: a real playground broker (no listener), real events.
import { strict as assert } from 'node:assert';
import { Playground, QueuesModel, readSettings, type PlaygroundNode, type QueuesChange } from '../../../src/playground';

const enc = new TextEncoder();
const settings = { ...readSettings(() => undefined).settings, persist: false };

describe('playground/queuesModel', () => {
  let pg: Playground;
  let model: QueuesModel<'src'>;
  let changes: QueuesChange<'src'>[];
  beforeEach(async () => {
    pg = new Playground({ settings });
    await pg.start();
    model = new QueuesModel(pg, 'src' as const, 10_000);
    changes = [];
    model.onDidChange((c) => changes.push(c));
  });
  afterEach(async () => {
    model.dispose();
    await pg.dispose();
  });

  it('lists queues sorted, with ready/unacked/consumers and the row each one shows', () => {
    const ch = pg.channel();
    ch.queueDeclare({ queue: 'b-tasks', durable: true });
    ch.queueDeclare({ queue: 'a-quorum', durable: true, arguments: { 'x-queue-type': 'quorum' } });
    ch.basicPublish({ routingKey: 'b-tasks' }, {}, enc.encode('one'));
    model.flushNow();
    assert.deepEqual(
      model.queueNodes().map((n) => [n.snap.name, n.description]),
      [
        ['a-quorum', 'ready 0 · unacked 0'],
        ['b-tasks', 'ready 1 · unacked 0'],
      ],
    );
    assert.deepEqual(model.totals, { ready: 1, unacked: 0 });
    const view = model.view(model.queueNode('b-tasks')!);
    assert.equal(view.contextValue, 'acklab.playground.queue');
    assert.equal(view.icon, 'inbox');
    assert.equal(view.collapsible, 'none');
    assert.equal(model.view(model.queueNode('a-quorum')!).icon, 'server-process');
    const root = model.view(model.root);
    assert.equal(root.label, 'Playground');
    assert.equal(root.contextValue, 'acklab.playground.broker.running');
    assert.equal(root.description, 'in-process · rabbitmq');
  });

  it('reports only the queue whose counts changed, once per flush, not per message', () => {
    const ch = pg.channel();
    ch.queueDeclare({ queue: 'q1' });
    ch.queueDeclare({ queue: 'q2' });
    model.flushNow();
    changes.length = 0;
    for (let i = 0; i < 1000; i++) ch.basicPublish({ routingKey: 'q1' }, {}, enc.encode(`m${i}`));
    assert.equal(changes.length, 0, 'nothing before the flush');
    model.flushNow();
    assert.equal(changes.length, 1);
    const [c] = changes;
    assert.ok(Array.isArray(c));
    assert.deepEqual(
      c.map((n) => (n as { key?: string }).key),
      ['q1'],
    );
    assert.equal(model.queueNode('q1')!.description, 'ready 1000 · unacked 0');
  });

  it('an unacked delivery and its consumer are children of the queue, with the body preview', () => {
    const ch = pg.channel();
    ch.queueDeclare({ queue: 'work' });
    const conn = pg.broker!.connect(
      { clientName: 'worker.js' },
      { deliver() {}, basicReturn() {}, confirm() {}, consumerCancelled() {}, channelClosedByServer() {}, connectionClosedByServer() {} },
    );
    const wch = conn.openChannel(1);
    wch.basicQos({ prefetchCount: 1 });
    wch.basicConsume({ queue: 'work', consumerTag: 'w-1' });
    ch.basicPublish({ routingKey: 'work' }, {}, enc.encode('resize 42'));
    model.flushNow();
    const q = model.queueNode('work')!;
    assert.equal(q.description, 'ready 0 · unacked 1 · 1 consumer');
    assert.equal(model.view(q).collapsible, 'collapsed');
    const kids = model.children(q) as PlaygroundNode<'src'>[];
    const views = kids.map((k) => model.view(k));
    assert.deepEqual(
      views.map((v) => v.contextValue),
      ['acklab.playground.consumer', 'acklab.playground.delivery'],
    );
    assert.equal(views[0]!.description, 'worker.js ch 1 · manual ack · prefetch 1 · unacked 1');
    assert.match(views[1]!.description!, /^“resize 42” · \d+s · w-1$/);
    assert.equal(model.parent(kids[0]!), q);
    assert.equal(model.parent(q), model.root);
  });

  it('while hidden, changes are kept (totals current) and reported once when shown', () => {
    const ch = pg.channel();
    ch.queueDeclare({ queue: 'h' });
    model.flushNow();
    model.setVisible(false);
    changes.length = 0;
    ch.basicPublish({ routingKey: 'h' }, {}, enc.encode('x'));
    model.flushNow();
    assert.deepEqual(changes, []);
    assert.deepEqual(model.totals, { ready: 1, unacked: 0 });
    model.setVisible(true);
    assert.equal(changes.length, 1);
    const first = changes[0] as unknown;
    assert.ok(Array.isArray(first) && first.some((n: { key?: string }) => n.key === 'h'));
  });

  it('a stopped broker empties the model and the root says so', async () => {
    pg.channel().queueDeclare({ queue: 'gone' });
    model.flushNow();
    await pg.stop();
    model.flushNow();
    assert.equal(model.isEmpty(), true);
    assert.equal(model.view(model.root).description, 'stopped');
    assert.equal(model.view(model.root).contextValue, 'acklab.playground.broker.stopped');
  });
});
