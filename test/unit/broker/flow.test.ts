// BrokerConnection.setDeliveriesPaused: the wire layer's output flow control (a client that does not read).
// While paused, the connection's consumers are skipped like consumers without prefetch credit; the others go on.
import { strict as assert } from 'node:assert';
import { sinkOf } from '../../../src/broker';
import { Harness, bytes, text } from './harness';

describe('broker: deliveries paused for a connection (output flow control)', () => {
  it('a paused consumer is skipped in round-robin; the others share the messages; it rejoins on resume', () => {
    const h = new Harness();
    const a = h.client('a'),
      b = h.client('b'),
      c = h.client('c');
    const pub = h.client('pub').channel();
    pub.queueDeclare({ queue: 'q' });
    for (const x of [a, b, c]) x.channel().basicConsume({ queue: 'q', noAck: true });
    b.conn.setDeliveriesPaused(true);
    assert.equal(b.conn.deliveriesArePaused, true);
    h.publish(pub, 'q', '1', '2', '3', '4', '5', '6');
    assert.deepEqual(a.bodies(), ['1', '3', '5']);
    assert.deepEqual(b.bodies(), []);
    assert.deepEqual(c.bodies(), ['2', '4', '6']);
    b.conn.setDeliveriesPaused(false);
    assert.deepEqual(b.bodies(), [], 'nothing ready: resuming delivers nothing');
    h.publish(pub, 'q', '7', '8', '9');
    assert.deepEqual([a.bodies().length, b.bodies().length, c.bodies().length], [4, 1, 4], 'b takes its turn again');
  });

  it('with the only consumer paused, messages stay ready; basic.get on that connection still answers; resume delivers the rest in order', () => {
    const h = new Harness();
    const w = h.client('worker');
    const ch = w.channel();
    ch.queueDeclare({ queue: 'q' });
    ch.basicConsume({ queue: 'q', noAck: true });
    w.conn.setDeliveriesPaused(true);
    h.publish(ch, 'q', 'a', 'b', 'c', 'd');
    assert.deepEqual(w.bodies(), []);
    assert.deepEqual(h.counts('q'), { ready: 4, unacked: 0, consumers: 1 });
    const g = ch.basicGet({ queue: 'q', noAck: false });
    assert.ok(g);
    assert.equal(text(g.body), 'a');
    assert.deepEqual(h.counts('q'), { ready: 3, unacked: 1, consumers: 1 });
    ch.basicAck({ deliveryTag: g.deliveryTag });
    w.conn.setDeliveriesPaused(false);
    assert.deepEqual(w.bodies(), ['b', 'c', 'd']);
    assert.deepEqual(h.counts('q'), { ready: 0, unacked: 0, consumers: 1 });
  });

  it('prefetch accounting is unchanged: acks while paused free credit, resume fills it up to the limit only', () => {
    const h = new Harness();
    const w = h.client('worker');
    const ch = w.channel();
    ch.queueDeclare({ queue: 'q' });
    ch.basicQos({ prefetchCount: 2 });
    ch.basicConsume({ queue: 'q' });
    h.publish(ch, 'q', '1', '2', '3', '4', '5');
    assert.deepEqual(w.bodies(), ['1', '2']);
    w.conn.setDeliveriesPaused(true);
    ch.basicAck({ deliveryTag: 2, multiple: true });
    assert.deepEqual(w.bodies(), ['1', '2'], 'credit came back but the connection is paused');
    assert.deepEqual(h.counts('q'), { ready: 3, unacked: 0, consumers: 1 });
    w.conn.setDeliveriesPaused(false);
    assert.deepEqual(w.bodies(), ['1', '2', '3', '4']);
    assert.deepEqual(h.counts('q'), { ready: 1, unacked: 2, consumers: 1 });
    assert.deepEqual(
      w.rec.deliveries.map((d) => d.deliveryTag),
      [1, 2, 3, 4],
      'tags go on',
    );
  });

  it('single active consumer: a paused active consumer keeps the queue (no switch to the other); resume serves it', () => {
    const h = new Harness();
    const a = h.client('a'),
      b = h.client('b');
    const cha = a.channel();
    cha.queueDeclare({ queue: 'sac', arguments: { 'x-single-active-consumer': true } });
    cha.basicConsume({ queue: 'sac', noAck: true });
    b.channel().basicConsume({ queue: 'sac', noAck: true });
    a.conn.setDeliveriesPaused(true);
    h.publish(cha, 'sac', '1', '2');
    assert.deepEqual([a.bodies(), b.bodies()], [[], []]);
    assert.equal(h.counts('sac').ready, 2);
    a.conn.setDeliveriesPaused(false);
    assert.deepEqual([a.bodies(), b.bodies()], [['1', '2'], []]);
  });

  it('consumer priorities: a paused high-priority consumer lets the lower one have the messages until it resumes', () => {
    const h = new Harness();
    const hi = h.client('hi'),
      lo = h.client('lo');
    const ch = hi.channel();
    ch.queueDeclare({ queue: 'q' });
    ch.basicConsume({ queue: 'q', noAck: true, arguments: { 'x-priority': 10 } });
    lo.channel().basicConsume({ queue: 'q', noAck: true });
    h.publish(ch, 'q', '1');
    assert.deepEqual([hi.bodies(), lo.bodies()], [['1'], []]);
    hi.conn.setDeliveriesPaused(true);
    h.publish(ch, 'q', '2', '3');
    assert.deepEqual([hi.bodies(), lo.bodies()], [['1'], ['2', '3']]);
    hi.conn.setDeliveriesPaused(false);
    h.publish(ch, 'q', '4');
    assert.deepEqual(
      [hi.bodies(), lo.bodies()],
      [
        ['1', '4'],
        ['2', '3'],
      ],
    );
  });

  it('held deliveries (hold mode) are released to a paused connection as usual', () => {
    const h = new Harness();
    const w = h.client('w');
    const ch = w.channel();
    ch.queueDeclare({ queue: 'q' });
    ch.basicConsume({ queue: 'q', noAck: true });
    h.broker.setHoldDeliveries(true);
    h.publish(ch, 'q', 'held');
    w.conn.setDeliveriesPaused(true);
    h.publish(ch, 'q', 'later');
    assert.equal(h.broker.pendingDeliveries().length, 1, 'the paused consumer got no new (held) delivery');
    assert.ok(h.broker.releaseNextDelivery());
    assert.deepEqual(w.bodies(), ['held']);
    h.broker.setHoldDeliveries(false);
    w.conn.setDeliveriesPaused(false);
    assert.deepEqual(w.bodies(), ['held', 'later']);
  });

  it("resume dispatches the connection's queues in channel-open order", () => {
    const h = new Harness();
    const w = h.client('w');
    const ch2 = w.channel(2),
      ch1 = w.channel(1);
    ch1.queueDeclare({ queue: 'qa' });
    ch1.queueDeclare({ queue: 'qb' });
    w.conn.setDeliveriesPaused(true);
    ch1.basicConsume({ queue: 'qa', noAck: true });
    ch2.basicConsume({ queue: 'qb', noAck: true });
    h.publish(ch1, 'qa', 'a1', 'a2');
    h.publish(ch1, 'qb', 'b1');
    w.conn.setDeliveriesPaused(false);
    assert.deepEqual(w.bodies(), ['b1', 'a1', 'a2'], 'channel 2 was opened first');
  });

  it('a sink can pause from deliveryQueued in the middle of one long dispatch (a consume on a backlog, corked or not)', () => {
    for (const corked of [false, true]) {
      const h = new Harness();
      const got: string[] = [];
      let queued = 0;
      const sink = sinkOf({
        deliveryQueued: () => {
          if (++queued === 3) conn.setDeliveriesPaused(true);
        },
        deliver: (_n, d) => {
          got.push(text(d.body));
        },
      });
      const conn = h.broker.connect({ clientName: 'slow' }, sink);
      const ch = conn.openChannel(1);
      ch.queueDeclare({ queue: 'q' });
      for (let i = 0; i < 10; i++) ch.basicPublish({ exchange: '', routingKey: 'q' }, {}, bytes(String(i)));
      if (corked) conn.cork();
      ch.basicConsume({ queue: 'q', noAck: true });
      if (corked) conn.uncork();
      assert.deepEqual(got, ['0', '1', '2'], `corked=${corked}`);
      assert.equal(h.counts('q').ready, 7);
      conn.setDeliveriesPaused(false);
      assert.equal(got.length, 10);
      assert.equal(queued, 10, 'every delivery was announced once');
    }
  });
});
