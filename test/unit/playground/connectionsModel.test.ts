// The Connections tree's view model in plain Node: connection → channel → consumer.
import { strict as assert } from 'node:assert';
import { channelOfConnectionNode, connectionOfNode, ConnectionsModel, Playground, readSettings, type ConnectionsChange } from '../../../src/playground';
import { sinkOf } from '../../../src/broker';

const settings = { ...readSettings(() => undefined).settings, persist: false };

describe('playground/connectionsModel', () => {
  let pg: Playground;
  let model: ConnectionsModel;
  beforeEach(async () => {
    pg = new Playground({ settings });
    await pg.start();
    model = new ConnectionsModel(pg, 10_000);
  });
  afterEach(async () => {
    model.dispose();
    await pg.dispose();
  });

  it('shows client connections (not the playground admin one) with channels and consumers', () => {
    pg.channel().queueDeclare({ queue: 'jobs' }); // opens the admin connection
    const conn = pg.broker!.connect({ clientName: 'worker.js', remoteAddress: '127.0.0.1:5555' }, sinkOf());
    const ch = conn.openChannel(1);
    ch.basicQos({ prefetchCount: 5 });
    ch.basicConsume({ queue: 'jobs', consumerTag: 'c-1' });
    model.flushNow();
    const roots = model.children();
    assert.equal(roots.length, 1, 'the admin connection is hidden');
    const c = model.view(roots[0]!);
    assert.equal(c.label, 'worker.js');
    assert.equal(c.contextValue, 'acklab.playground.connection');
    assert.match(c.description!, /^127\.0\.0\.1:5555 · guest · 1 channel$/);
    const [chNode] = model.children(roots[0]);
    assert.equal(model.view(chNode!).description, 'unacked 0 · prefetch 5 · 1 consumer');
    assert.equal(model.view(chNode!).contextValue, 'acklab.playground.channel');
    const [cons] = model.children(chNode);
    assert.equal(model.view(cons!).label, 'c-1');
    assert.equal(model.view(cons!).contextValue, 'acklab.playground.channelConsumer');
    assert.deepEqual(channelOfConnectionNode(cons), { connectionId: conn.id, channel: 1 });
    assert.equal(connectionOfNode(cons), conn.id);
    assert.equal(model.parent(cons!), chNode);
  });

  it('a change on one channel reports that channel only; a new connection reports everything', () => {
    const conn = pg.broker!.connect({ clientName: 'a' }, sinkOf());
    const ch = conn.openChannel(1);
    model.flushNow();
    const changes: ConnectionsChange[] = [];
    model.onDidChange((c) => changes.push(c));
    ch.basicQos({ prefetchCount: 3 });
    model.flushNow();
    assert.equal(changes.length, 1);
    assert.ok(Array.isArray(changes[0]) && changes[0].length === 1 && changes[0][0]!.kind === 'channel');
    pg.broker!.connect({ clientName: 'b' }, sinkOf());
    model.flushNow();
    assert.equal(changes[1], undefined);
    assert.equal(changes.length, 2);
  });
});
