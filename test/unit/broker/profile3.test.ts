// rule 40: the 'rabbitmq-3' profile, RabbitMQ 3.x where 4.x changed the rules (the differential suite runs
// the same profile against Debian's RabbitMQ 3.10.8).
import { strict as assert } from 'node:assert';
import type { Profile } from '../../../src/broker';
import { Harness, bytes } from './harness';

function quorum(profile: Profile) {
  const h = new Harness({ profile });
  const c = h.client();
  const ch = c.channel();
  ch.queueDeclare({ queue: 'q', durable: true, arguments: { 'x-queue-type': 'quorum' } });
  return { h, c, ch };
}

describe("profile 'rabbitmq-3' (rule 40)", () => {
  it("a quorum queue's first delivery carries x-delivery-count 0 on 3.x, none on 4.2", () => {
    const counts = (p: Profile) => {
      const { h, c, ch } = quorum(p);
      h.publish(ch, 'q', 'm');
      ch.basicConsume({ queue: 'q' });
      ch.basicNack({ deliveryTag: 1, requeue: true });
      return c.rec.deliveries.map((d) => d.properties.headers?.['x-delivery-count']);
    };
    assert.deepEqual(counts('rabbitmq-3'), [
      { $type: 'l', value: 0 },
      { $type: 'l', value: 1 },
    ]);
    assert.deepEqual(counts('rabbitmq'), [undefined, { $type: 'l', value: 1 }]);
  });

  it('quorum queues have no default delivery limit on 3.x (4.2: 20 returns, then dropped)', () => {
    const left = (p: Profile) => {
      const { h, ch } = quorum(p);
      h.publish(ch, 'q', 'm');
      for (let i = 0; i < 25; i++) {
        const g = ch.basicGet({ queue: 'q' });
        if (g === null) break;
        ch.basicNack({ deliveryTag: g.deliveryTag, requeue: true });
      }
      return h.counts('q').ready;
    };
    assert.equal(left('rabbitmq-3'), 1);
    assert.equal(left('rabbitmq'), 0);
  });

  it('a quorum queue without a delivery limit: nack/reject requeue to the back on 3.x, a closed channel to the front', () => {
    const order = (p: Profile) => {
      const { h, c, ch } = quorum(p);
      const drain = () => {
        const out: string[] = [];
        for (let g = ch.basicGet({ queue: 'q', noAck: true }); g; g = ch.basicGet({ queue: 'q', noAck: true })) out.push(Buffer.from(g.body).toString());
        return out;
      };
      h.publish(ch, 'q', 'm1', 'm2', 'm3');
      ch.basicNack({ deliveryTag: ch.basicGet({ queue: 'q' })!.deliveryTag, requeue: true });
      const afterNack = drain();
      h.publish(ch, 'q', 'c1', 'c2');
      const other = c.channel();
      other.basicGet({ queue: 'q' });
      other.close();
      return [afterNack, drain()];
    };
    assert.deepEqual(order('rabbitmq-3'), [
      ['m2', 'm3', 'm1'],
      ['c1', 'c2'],
    ]);
    assert.deepEqual(order('rabbitmq'), [
      ['m1', 'm2', 'm3'],
      ['c1', 'c2'],
    ]);
  });

  it('dead letters carry x-first-death-* only on 3.x, sorted by key; 4.2 adds x-last-death-*', () => {
    const keys = (p: Profile) => {
      const h = new Harness({ profile: p });
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'dlq' });
      ch.queueDeclare({ queue: 'src', arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' } });
      ch.basicPublish({ routingKey: 'src' }, { headers: { zeta: 1, Alpha: 2 } }, bytes('m'));
      const g = ch.basicGet({ queue: 'src' })!;
      ch.basicReject({ deliveryTag: g.deliveryTag, requeue: false });
      return Object.keys(ch.basicGet({ queue: 'dlq' })!.properties.headers!);
    };
    assert.deepEqual(keys('rabbitmq-3'), ['Alpha', 'x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason', 'zeta']);
    assert.deepEqual(keys('rabbitmq'), [
      'Alpha',
      'x-death',
      'x-first-death-exchange',
      'x-first-death-queue',
      'x-first-death-reason',
      'x-last-death-exchange',
      'x-last-death-queue',
      'x-last-death-reason',
      'zeta',
    ]);
  });
});
