// One test (or more) per numbered rule of docs/semantics.md, named with the rule number.
// Both profiles where they differ.
import { strict as assert } from 'node:assert';
import type { BrokerChannel } from '../../../src/broker';
import { Harness, bytes, text, throwsAmqp } from './harness';

const unknownTag = (n: number, methodId: number) => ({
  scope: 'channel' as const,
  code: 406,
  text: `PRECONDITION_FAILED - unknown delivery tag ${n}`,
  classId: 60,
  methodId,
});

describe('broker: ack semantics (docs/semantics.md)', () => {
  // ------------------------------------------------------------------ A. delivery tags
  describe('A. delivery tags', () => {
    it('rule 1: tags are per channel, start at 1 and increase by 1', () => {
      const h = new Harness();
      const c = h.client();
      const ch1 = c.channel(),
        ch2 = c.channel();
      ch1.queueDeclare({ queue: 'q1' });
      ch1.queueDeclare({ queue: 'q2' });
      h.publish(ch1, 'q1', 'a', 'b', 'c');
      h.publish(ch1, 'q2', 'x', 'y');
      ch1.basicConsume({ queue: 'q1' });
      ch2.basicConsume({ queue: 'q2' });
      assert.deepEqual(
        c.rec.deliveries.filter((d) => d.channel === 1).map((d) => d.deliveryTag),
        [1, 2, 3],
      );
      assert.deepEqual(
        c.rec.deliveries.filter((d) => d.channel === 2).map((d) => d.deliveryTag),
        [1, 2],
      );
    });

    it('rule 2: consumer deliveries (manual and auto ack) and get-ok take tags; get-empty does not', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', '1', '2', '3');
      assert.deepEqual(
        [ch.basicGet({ queue: 'q' })!.deliveryTag, ch.basicGet({ queue: 'q', noAck: true })!.deliveryTag, ch.basicGet({ queue: 'q' })!.deliveryTag],
        [1, 2, 3],
      );
      assert.equal(ch.basicGet({ queue: 'q' }), null);
      h.publish(ch, 'q', '4', '5');
      ch.basicConsume({ queue: 'q', noAck: true });
      assert.deepEqual(
        c.rec.deliveries.map((d) => d.deliveryTag),
        [4, 5],
        'get-empty used no tag',
      );
    });

    it('rule 3: tags are plain non-negative integers that keep growing (64-bit on the wire)', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      for (let i = 0; i < 1000; i++) {
        h.publish(ch, 'q', 'm');
        const g = ch.basicGet({ queue: 'q' })!;
        ch.basicAck({ deliveryTag: g.deliveryTag });
      }
      h.publish(ch, 'q', 'last');
      const g = ch.basicGet({ queue: 'q' })!;
      assert.equal(g.deliveryTag, 1001);
      assert.ok(Number.isSafeInteger(g.deliveryTag));
    });

    it('rule 4: publisher-confirm sequence numbers are a separate counter on the same channel', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      ch.confirmSelect();
      h.publish(ch, 'q', 'a', 'b');
      const g = ch.basicGet({ queue: 'q' })!;
      assert.equal(g.deliveryTag, 1);
      h.publish(ch, 'q', 'c');
      assert.deepEqual(
        c.rec.confirms.map((x) => x.deliveryTag),
        [1, 2, 3],
      );
      assert.equal(ch.basicGet({ queue: 'q' })!.deliveryTag, 2);
    });
  });

  // ------------------------------------------------------------------ B. ack / nack / reject
  describe('B. ack / nack / reject', () => {
    function fourOutstanding(profile: 'rabbitmq' | 'lavinmq' = 'rabbitmq') {
      const h = new Harness({ profile });
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', '1', '2', '3', '4', '5');
      const g1 = ch.basicGet({ queue: 'q' })!;
      ch.basicAck({ deliveryTag: g1.deliveryTag });
      for (let i = 0; i < 4; i++) ch.basicGet({ queue: 'q' });
      return { h, c, ch };
    }

    it('rule 5: multiple=true settles every outstanding tag <= N; multiple=false exactly N', () => {
      const a = fourOutstanding();
      a.ch.basicAck({ deliveryTag: 5, multiple: true });
      assert.deepEqual(a.h.counts('q'), { ready: 0, unacked: 0, consumers: 0 });
      const b = fourOutstanding();
      b.ch.basicAck({ deliveryTag: 5, multiple: false });
      assert.equal(b.h.counts('q').unacked, 3);
      b.ch.basicAck({ deliveryTag: 3 });
      b.ch.basicAck({ deliveryTag: 4, multiple: true }); // settles 2 and 4
      assert.equal(b.h.counts('q').unacked, 0);
    });

    it('rule 5: nack multiple requeues every tag <= N, in original order', () => {
      const a = fourOutstanding();
      a.ch.basicNack({ deliveryTag: 4, multiple: true, requeue: true });
      assert.deepEqual(a.h.counts('q'), { ready: 3, unacked: 1, consumers: 0 });
      assert.deepEqual(a.h.readyBodies('q'), ['2*', '3*', '4*']);
    });

    it('rule 6: ack(0, multiple=true) settles everything outstanding, and is a no-op when nothing is', () => {
      const a = fourOutstanding();
      a.ch.basicAck({ deliveryTag: 0, multiple: true });
      assert.equal(a.h.counts('q').unacked, 0);
      a.ch.basicAck({ deliveryTag: 0, multiple: true });
      assert.ok(a.ch.isOpen);
      a.ch.basicNack({ deliveryTag: 0, multiple: true, requeue: true });
      assert.ok(a.ch.isOpen, 'rabbitmq: nack(0, multiple) with nothing outstanding is fine');
    });

    it('rule 6 [LavinMQ]: nack(0, multiple=true) with nothing outstanding is an unknown-tag error', () => {
      const a = fourOutstanding('lavinmq');
      a.ch.basicNack({ deliveryTag: 0, multiple: true, requeue: true });
      assert.equal(a.h.counts('q').ready, 4);
      a.ch.basicAck({ deliveryTag: 0, multiple: true }); // ack(0) with nothing outstanding is still fine there
      throwsAmqp(() => a.ch.basicNack({ deliveryTag: 0, multiple: true }), unknownTag(0, 120));
      assert.equal(a.ch.isOpen, false);
    });

    it('rule 7: double ack closes the channel with 406 unknown delivery tag, class/method 60/80', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', 'a', 'b');
      ch.basicGet({ queue: 'q' });
      ch.basicGet({ queue: 'q' });
      ch.basicAck({ deliveryTag: 1 });
      throwsAmqp(() => ch.basicAck({ deliveryTag: 1 }), unknownTag(1, 80));
      assert.equal(ch.isOpen, false);
      // the channel closed: its other unacked message went back
      assert.deepEqual(h.counts('q'), { ready: 1, unacked: 0, consumers: 0 });
      assert.deepEqual(h.readyBodies('q'), ['b*']);
    });

    it('rule 7: future tag, tag 0 without multiple, reject 60/90 and nack 60/120 texts', () => {
      const cases: [(ch: BrokerChannel) => void, number, number][] = [
        [(ch) => ch.basicAck({ deliveryTag: 99 }), 80, 99],
        [(ch) => ch.basicAck({ deliveryTag: 0 }), 80, 0],
        [(ch) => ch.basicReject({ deliveryTag: 7, requeue: true }), 90, 7],
        [(ch) => ch.basicNack({ deliveryTag: 8, multiple: true }), 120, 8],
      ];
      for (const [fn, methodId, tag] of cases) {
        const h = new Harness();
        const ch = h.client().channel();
        ch.queueDeclare({ queue: 'q' });
        h.publish(ch, 'q', 'a');
        ch.basicGet({ queue: 'q' });
        throwsAmqp(() => fn(ch), unknownTag(tag, methodId));
        assert.equal(h.counts('q').ready, 1, 'nothing settled; the channel close requeued it');
      }
    });

    it('rule 7: a tag from an auto-ack delivery is unknown', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', 'a');
      ch.basicConsume({ queue: 'q', noAck: true });
      throwsAmqp(() => ch.basicAck({ deliveryTag: 1 }), unknownTag(1, 80));
    });

    it('rule 7: a tag settled on another channel than the one it was delivered on is unknown there', () => {
      const h = new Harness();
      const c = h.client();
      const ch1 = c.channel(),
        ch2 = c.channel();
      ch1.queueDeclare({ queue: 'q' });
      h.publish(ch1, 'q', 'a');
      ch1.basicGet({ queue: 'q' });
      throwsAmqp(() => ch2.basicAck({ deliveryTag: 1 }), unknownTag(1, 80));
      assert.equal(ch2.isOpen, false);
      assert.ok(ch1.isOpen);
      assert.equal(h.counts('q').unacked, 1, 'still outstanding on channel 1');
      ch1.basicAck({ deliveryTag: 1 });
      assert.equal(h.counts('q').unacked, 0);
    });

    it('rule 7: a bad frame settles nothing — multiple=true with an unknown tag leaves earlier tags to the close', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-dead-letter-exchange': 'amq.fanout' } });
      ch.queueDeclare({ queue: 'dlq' });
      ch.queueBind({ queue: 'dlq', exchange: 'amq.fanout' });
      h.publish(ch, 'q', 'a', 'b');
      ch.basicGet({ queue: 'q' });
      ch.basicGet({ queue: 'q' });
      ch.basicAck({ deliveryTag: 2 });
      throwsAmqp(() => ch.basicNack({ deliveryTag: 2, multiple: true, requeue: false }), unknownTag(2, 120));
      assert.deepEqual(h.counts('dlq').ready, 0, 'tag 1 was not dead-lettered');
      assert.deepEqual(h.readyBodies('q'), ['a*']);
    });

    it('rule 8: basic.reject has no multiple flag; basic.nack does', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', 'a', 'b', 'c');
      for (let i = 0; i < 3; i++) ch.basicGet({ queue: 'q' });
      // reject takes (deliveryTag, requeue) only: rejecting 3 leaves 1 and 2 outstanding
      (ch.basicReject as (a: unknown) => void)({ deliveryTag: 3, requeue: true, multiple: true });
      assert.deepEqual(h.counts('q'), { ready: 1, unacked: 2, consumers: 0 });
      ch.basicNack({ deliveryTag: 2, multiple: true, requeue: true });
      assert.deepEqual(h.counts('q'), { ready: 3, unacked: 0, consumers: 0 });
    });

    it('rule 9: requeue=false dead-letters (reason rejected) with a DLX, otherwise drops', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.exchangeDeclare({ exchange: 'dlx', type: 'fanout' });
      ch.queueDeclare({ queue: 'dlq' });
      ch.queueBind({ queue: 'dlq', exchange: 'dlx' });
      ch.queueDeclare({ queue: 'with', arguments: { 'x-dead-letter-exchange': 'dlx' } });
      ch.queueDeclare({ queue: 'without' });
      h.publish(ch, 'with', 'a');
      h.publish(ch, 'without', 'b');
      const a = ch.basicGet({ queue: 'with' })!;
      const b = ch.basicGet({ queue: 'without' })!;
      ch.basicReject({ deliveryTag: a.deliveryTag, requeue: false });
      ch.basicNack({ deliveryTag: b.deliveryTag, requeue: false });
      assert.deepEqual(h.broker.messageState(a.messageId), { state: 'dead-lettered', messageId: a.messageId, vhost: '/', queue: 'with', reason: 'rejected' });
      assert.deepEqual(h.broker.messageState(b.messageId), { state: 'dropped', messageId: b.messageId, vhost: '/', queue: 'without', reason: 'rejected' });
      const d = ch.basicGet({ queue: 'dlq' })!;
      assert.equal(text(d.body), 'a');
      const death = (d.properties.headers!['x-death'] as Record<string, unknown>[])[0]!;
      assert.equal(death.reason, 'rejected');
      assert.equal(h.counts('without').ready, 0);
    });
  });

  // ------------------------------------------------------------------ C. requeue position
  describe('C. requeue position and redelivered', () => {
    for (const profile of ['rabbitmq', 'lavinmq'] as const) {
      it(`rule 10 [CQ${profile === 'lavinmq' ? ', LavinMQ' : ''}]: a requeued message returns to its original position, ahead of never-delivered ones`, () => {
        const h = new Harness({ profile });
        const c = h.client();
        const ch = c.channel();
        ch.queueDeclare({ queue: 'q' });
        h.publish(ch, 'q', '1', '2', '3', '4', '5');
        for (let i = 0; i < 3; i++) ch.basicGet({ queue: 'q' });
        ch.basicNack({ deliveryTag: 2, requeue: true });
        assert.deepEqual(h.readyBodies('q'), ['2*', '4', '5']);
        // whatever order the nacks come in, original publish order is kept
        ch.basicNack({ deliveryTag: 3, requeue: true });
        ch.basicNack({ deliveryTag: 1, requeue: true });
        assert.deepEqual(h.readyBodies('q'), ['1*', '2*', '3*', '4', '5']);
        const order = [];
        for (let g = ch.basicGet({ queue: 'q', noAck: true }); g; g = ch.basicGet({ queue: 'q', noAck: true }))
          order.push(text(g.body) + (g.redelivered ? '*' : ''));
        assert.deepEqual(order, ['1*', '2*', '3*', '4', '5']);
      });
    }

    it('rule 11 [QQ]: requeued messages go to a returns list served first, in return order (CQ: original order)', () => {
      for (const [type, expected] of [
        ['quorum', ['m3', 'm1', 'm4']],
        ['classic', ['m1', 'm3', 'm4']],
      ] as const) {
        const h = new Harness();
        const c = h.client();
        const ch = c.channel();
        ch.queueDeclare({ queue: 'q', durable: true, arguments: { 'x-queue-type': type } });
        h.publish(ch, 'q', 'm1', 'm2', 'm3', 'm4');
        ch.basicQos({ prefetchCount: 3 });
        ch.basicConsume({ queue: 'q', consumerTag: 'c1' });
        assert.deepEqual(c.bodies(), ['m1', 'm2', 'm3']);
        ch.basicCancel({ consumerTag: 'c1' });
        ch.basicNack({ deliveryTag: 3, requeue: true });
        ch.basicNack({ deliveryTag: 1, requeue: true });
        assert.deepEqual(
          h.readyBodies('q'),
          [...expected].map((b) => (b === 'm4' ? b : b + '*')),
          type,
        );
      }
    });

    it('rule 12: redelivered is true on every delivery of a message delivered before, false on a first delivery', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', 'a', 'b');
      ch.basicConsume({ queue: 'q', consumerTag: 'k' });
      ch.basicReject({ deliveryTag: 1, requeue: true });
      ch.basicReject({ deliveryTag: 3, requeue: true });
      assert.deepEqual(
        c.rec.deliveries.map((d) => [text(d.body), d.deliveryTag, d.redelivered]),
        [
          ['a', 1, false],
          ['b', 2, false],
          ['a', 3, true],
          ['a', 4, true],
        ],
      );
    });

    it('rule 13: on requeue, messages past their TTL are expired (dead-lettered expired); the original expiry is kept', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'dlq' });
      ch.queueDeclare({ queue: 'q', arguments: { 'x-message-ttl': 1000, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' } });
      h.publish(ch, 'q', 'a');
      const g = ch.basicGet({ queue: 'q' })!;
      h.clock.advance(1500); // expired while unacked: nothing happens yet
      assert.equal(h.counts('q').unacked, 1);
      ch.basicNack({ deliveryTag: g.deliveryTag, requeue: true });
      assert.deepEqual(h.counts('q'), { ready: 0, unacked: 0, consumers: 0 });
      assert.equal(h.broker.messageState(g.messageId)!.state, 'dead-lettered');
      const d = ch.basicGet({ queue: 'dlq' })!;
      assert.equal((d.properties.headers!['x-death'] as Record<string, unknown>[])[0]!.reason, 'expired');
    });

    it('rule 13: a message requeued before its TTL keeps its original expiry time', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-message-ttl': 1000 } });
      h.publish(ch, 'q', 'a');
      const g = ch.basicGet({ queue: 'q' })!;
      h.clock.advance(600);
      ch.basicNack({ deliveryTag: g.deliveryTag, requeue: true });
      assert.equal(h.counts('q').ready, 1);
      h.clock.advance(399);
      assert.equal(h.counts('q').ready, 1);
      h.clock.advance(1);
      assert.equal(h.counts('q').ready, 0, 'expired at 1000 ms after publish, not after the requeue');
    });

    it('rule 13: max-length is enforced again on requeue (drop-head drops from the head)', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-max-length': 2 } });
      h.publish(ch, 'q', 'a', 'b');
      const g = ch.basicGet({ queue: 'q' })!;
      h.publish(ch, 'q', 'c');
      assert.deepEqual(h.readyBodies('q'), ['b', 'c']);
      ch.basicNack({ deliveryTag: g.deliveryTag, requeue: true });
      // a goes back to the head, the queue holds 3 > 2, the head (a) is dropped
      assert.deepEqual(h.readyBodies('q'), ['b', 'c']);
      assert.deepEqual(h.broker.messageState(g.messageId), { state: 'dropped', messageId: g.messageId, vhost: '/', queue: 'q', reason: 'maxlen' });
    });
  });

  // ------------------------------------------------------------------ D. delivery limit
  describe('D. delivery limit and x-delivery-count', () => {
    function qq(h: Harness, args: Record<string, unknown> = {}) {
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'dlq' });
      ch.queueDeclare({
        queue: 'q',
        durable: true,
        arguments: { 'x-queue-type': 'quorum', 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq', ...args } as never,
      });
      return { c, ch };
    }

    it('rule 14 [QQ]: default delivery limit 20 — at most 21 deliveries, then dead-lettered delivery_limit', () => {
      const h = new Harness();
      const { c, ch } = qq(h);
      h.publish(ch, 'q', 'poison');
      ch.basicConsume({ queue: 'q', consumerTag: 'k' });
      let n = 0;
      while (c.rec.deliveries.length > n) {
        const d = c.rec.deliveries[n++]!;
        ch.basicNack({ deliveryTag: d.deliveryTag, requeue: true });
      }
      assert.equal(c.rec.deliveries.length, 21);
      assert.equal(h.counts('dlq').ready, 1);
      const d = ch.basicGet({ queue: 'dlq' })!;
      assert.equal((d.properties.headers!['x-death'] as Record<string, unknown>[])[0]!.reason, 'delivery_limit');
    });

    it('rule 14 [QQ]: x-delivery-count (long) counts returns, absent on the first delivery', () => {
      const h = new Harness();
      const { c, ch } = qq(h, { 'x-delivery-limit': 3 });
      h.publish(ch, 'q', 'm');
      ch.basicConsume({ queue: 'q' });
      ch.basicReject({ deliveryTag: 1, requeue: true });
      ch.basicRecover({ requeue: true });
      ch.close();
      const ch2 = c.channel();
      const g = ch2.basicGet({ queue: 'q' })!;
      const counts = c.rec.deliveries.map((d) => d.properties.headers?.['x-delivery-count']);
      assert.deepEqual(counts, [undefined, { $type: 'l', value: 1 }, { $type: 'l', value: 2 }]);
      assert.deepEqual(g.properties.headers!['x-delivery-count'], { $type: 'l', value: 3 }, 'channel close counts as a return');
      ch2.basicNack({ deliveryTag: g.deliveryTag, requeue: true });
      assert.equal(h.counts('q').ready, 0, 'limit 3: the 4th return dead-letters');
      assert.equal(h.counts('dlq').ready, 1);
    });

    it('rule 14 [QQ]: a negative limit is unlimited; with a policy too the lower one wins; no DLX drops', () => {
      const h = new Harness();
      const { ch } = qq(h, { 'x-delivery-limit': -1 });
      h.publish(ch, 'q', 'm');
      for (let i = 0; i < 50; i++) {
        const g = ch.basicGet({ queue: 'q' })!;
        ch.basicNack({ deliveryTag: g.deliveryTag, requeue: true });
      }
      assert.equal(h.counts('q').ready, 1, 'unlimited');
      h.broker.setPolicy({ name: 'dl', pattern: '^q$', definition: { 'delivery-limit': 2 } });
      const g1 = ch.basicGet({ queue: 'q' })!;
      ch.basicNack({ deliveryTag: g1.deliveryTag, requeue: true });
      assert.equal(h.counts('q').ready, 0, 'policy 2 < unlimited: already past the limit');
      const h2 = new Harness();
      const c2 = h2.client().channel();
      c2.queueDeclare({ queue: 'nodlx', durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 } });
      h2.broker.setPolicy({ name: 'dl', pattern: 'nodlx', definition: { 'delivery-limit': 1 } });
      h2.publish(c2, 'nodlx', 'm');
      const a = c2.basicGet({ queue: 'nodlx' })!;
      c2.basicNack({ deliveryTag: a.deliveryTag });
      const b = c2.basicGet({ queue: 'nodlx' })!;
      c2.basicNack({ deliveryTag: b.deliveryTag });
      assert.deepEqual(h2.broker.messageState(b.messageId), { state: 'dropped', messageId: b.messageId, vhost: '/', queue: 'nodlx', reason: 'delivery_limit' });
    });

    it('rule 15 [CQ]: x-delivery-limit on a classic queue is refused with 406', () => {
      const h = new Harness();
      const ch = h.client().channel();
      throwsAmqp(() => ch.queueDeclare({ queue: 'q', arguments: { 'x-delivery-limit': 5 } }), {
        scope: 'channel',
        code: 406,
        classId: 50,
        methodId: 10,
        text: "PRECONDITION_FAILED - invalid arg 'x-delivery-limit' for queue 'q' in vhost '/' of queue type rabbit_classic_queue",
      });
    });

    it('rule 16 [LavinMQ]: no default limit, x-delivery-limit on any queue, negatives refused, x-delivery-count is an Int32', () => {
      const h = new Harness({ profile: 'lavinmq' });
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'free' });
      h.publish(ch, 'free', 'm');
      for (let i = 0; i < 40; i++) {
        const g = ch.basicGet({ queue: 'free' })!;
        assert.equal(g.properties.headers, undefined);
        ch.basicNack({ deliveryTag: g.deliveryTag });
      }
      assert.equal(h.counts('free').ready, 1, 'no default limit');
      ch.queueDeclare({ queue: 'q', arguments: { 'x-delivery-limit': 2 } });
      h.publish(ch, 'q', 'm');
      const seen = [];
      for (let g = ch.basicGet({ queue: 'q' }); g; g = ch.basicGet({ queue: 'q' })) {
        seen.push(g.properties.headers?.['x-delivery-count']);
        ch.basicNack({ deliveryTag: g.deliveryTag });
      }
      assert.deepEqual(seen, [undefined, { $type: 'I', value: 1 }, { $type: 'I', value: 2 }], 'limit 2: at most 3 deliveries');
      throwsAmqp(() => ch.queueDeclare({ queue: 'neg', arguments: { 'x-delivery-limit': -1 } }), {
        scope: 'channel',
        code: 406,
        text: 'PRECONDITION_FAILED - x-delivery-limit header less than minimum value 0',
      });
    });
  });

  // ------------------------------------------------------------------ E. close, cancel, recover
  describe('E. channel close, cancel, recover', () => {
    it('rule 17: closing a channel requeues its unacked deliveries, marked redelivered, in original order', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', '1', '2', '3', '4', '5', '6');
      for (let i = 0; i < 4; i++) ch.basicGet({ queue: 'q' });
      ch.basicAck({ deliveryTag: 2 });
      ch.close();
      assert.deepEqual(h.readyBodies('q'), ['1*', '3*', '4*', '5', '6']);
    });

    it('rule 17: closing the connection (and a channel error) requeues too', () => {
      const h = new Harness();
      const a = h.client('a');
      const ch = a.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', '1', '2');
      ch.basicGet({ queue: 'q' });
      const ch2 = a.channel();
      ch2.basicGet({ queue: 'q' });
      a.conn.close();
      assert.deepEqual(h.readyBodies('q'), ['1*', '2*']);
      const b = h.client('b');
      const bch = b.channel();
      bch.basicGet({ queue: 'q' });
      throwsAmqp(() => bch.basicAck({ deliveryTag: 9 }), unknownTag(9, 80));
      assert.deepEqual(h.readyBodies('q'), ['1*', '2*']);
    });

    it('rule 18: basic.cancel keeps the unacked messages outstanding and settleable; unknown tags still answer cancel-ok', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', 'a', 'b', 'c');
      ch.basicQos({ prefetchCount: 2 });
      ch.basicConsume({ queue: 'q', consumerTag: 'k' });
      assert.equal(ch.basicCancel({ consumerTag: 'k' }), 'k');
      assert.deepEqual(h.counts('q'), { ready: 1, unacked: 2, consumers: 0 });
      ch.basicAck({ deliveryTag: 1 });
      ch.basicNack({ deliveryTag: 2, requeue: true });
      assert.deepEqual(h.counts('q'), { ready: 2, unacked: 0, consumers: 0 });
      assert.equal(ch.basicCancel({ consumerTag: 'nobody' }), 'nobody');
      assert.ok(ch.isOpen);
    });

    it('rule 19: recover(requeue=true) requeues every unacked delivery, basic.get ones too', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', 'a', 'b', 'c');
      ch.basicGet({ queue: 'q' });
      ch.basicQos({ prefetchCount: 1 });
      ch.basicConsume({ queue: 'q', consumerTag: 'k' });
      ch.basicRecover({ requeue: true });
      // b goes back to the consumer at once (it has capacity again), a stays ready ahead of c
      assert.deepEqual(
        c.rec.deliveries.map((d) => [text(d.body), d.deliveryTag, d.redelivered]),
        [
          ['b', 2, false],
          ['a', 3, true],
        ],
      );
      assert.deepEqual(h.readyBodies('q'), ['b*', 'c']);
    });

    it('rule 19: recover(requeue=false) is connection error 540 NOT_IMPLEMENTED', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      throwsAmqp(() => ch.basicRecover({ requeue: false }), {
        scope: 'connection',
        code: 540,
        text: 'NOT_IMPLEMENTED - requeue=false',
        classId: 60,
        methodId: 110,
      });
      assert.equal(c.conn.isOpen, false);
    });

    it('rule 19 [LavinMQ]: recover(requeue=false) redelivers to the same consumer with new tags, redelivered=true', () => {
      const h = new Harness({ profile: 'lavinmq' });
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', 'a', 'b');
      ch.basicConsume({ queue: 'q', consumerTag: 'k' });
      ch.basicRecover({ requeue: false });
      assert.deepEqual(
        c.rec.deliveries.map((d) => [text(d.body), d.deliveryTag, d.redelivered, d.consumerTag]),
        [
          ['a', 1, false, 'k'],
          ['b', 2, false, 'k'],
          ['a', 3, true, 'k'],
          ['b', 4, true, 'k'],
        ],
      );
      assert.deepEqual(h.counts('q'), { ready: 0, unacked: 2, consumers: 1 });
      throwsAmqp(() => ch.basicAck({ deliveryTag: 1 }), unknownTag(1, 80));
    });
  });

  // ------------------------------------------------------------------ F. prefetch and dispatch
  describe('F. prefetch and dispatch', () => {
    it('rule 20: qos(global=false) applies to consumers created afterwards; existing ones keep theirs', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      ch.basicQos({ prefetchCount: 1 });
      ch.basicConsume({ queue: 'q', consumerTag: 'old' });
      ch.basicQos({ prefetchCount: 3 });
      h.publish(ch, 'q', '1', '2', '3', '4', '5');
      assert.equal(c.rec.deliveries.length, 1, 'old consumer still limited to 1');
      ch.basicConsume({ queue: 'q', consumerTag: 'new' });
      assert.deepEqual(
        c.rec.deliveries.map((d) => d.consumerTag),
        ['old', 'new', 'new', 'new'],
      );
      assert.deepEqual(
        h.broker.snapshot().connections[0]!.channels[0]!.consumers.map((k) => [k.consumerTag, k.prefetch]),
        [
          ['old', 1],
          ['new', 3],
        ],
      );
    });

    it('rule 20 [LavinMQ]: qos(global=false) changes existing consumers at once', () => {
      const h = new Harness({ profile: 'lavinmq' });
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      ch.basicQos({ prefetchCount: 1 });
      ch.basicConsume({ queue: 'q', consumerTag: 'k' });
      h.publish(ch, 'q', '1', '2', '3', '4');
      assert.equal(c.rec.deliveries.length, 1);
      ch.basicQos({ prefetchCount: 3 });
      assert.equal(c.rec.deliveries.length, 3);
    });

    it('rule 21: prefetch 0 is unlimited on a classic queue; a quorum queue treats 0 as 2000 credits', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'cq' });
      ch.queueDeclare({ queue: 'qq', durable: true, arguments: { 'x-queue-type': 'quorum' } });
      for (let i = 0; i < 2500; i++) {
        ch.basicPublish({ routingKey: 'cq' }, {}, bytes('x'));
        ch.basicPublish({ routingKey: 'qq' }, {}, bytes('x'));
      }
      ch.basicConsume({ queue: 'cq', consumerTag: 'c' });
      ch.basicConsume({ queue: 'qq', consumerTag: 'q' });
      assert.equal(c.rec.deliveries.filter((d) => d.consumerTag === 'c').length, 2500);
      assert.equal(c.rec.deliveries.filter((d) => d.consumerTag === 'q').length, 2000);
      assert.deepEqual(h.counts('qq'), { ready: 500, unacked: 2000, consumers: 1 });
    });

    it('rule 21 [LavinMQ]: a channel that never sent basic.qos has prefetch 65535', () => {
      const h = new Harness({ profile: 'lavinmq' });
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q' });
      ch.basicConsume({ queue: 'q' });
      assert.equal(h.broker.snapshot().connections[0]!.channels[0]!.consumers[0]!.prefetch, 65535);
    });

    it('rule 22: global=true is a channel-wide limit enforced alongside the per-consumer one', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'a' });
      ch.queueDeclare({ queue: 'b' });
      ch.basicQos({ prefetchCount: 2, global: false });
      ch.basicQos({ prefetchCount: 3, global: true });
      h.publish(ch, 'a', 'a1', 'a2', 'a3');
      h.publish(ch, 'b', 'b1', 'b2', 'b3');
      ch.basicConsume({ queue: 'a', consumerTag: 'ka' });
      ch.basicConsume({ queue: 'b', consumerTag: 'kb' });
      assert.deepEqual(c.bodies(), ['a1', 'a2', 'b1'], 'per-consumer 2, channel 3');
      ch.basicAck({ deliveryTag: 1 });
      assert.deepEqual(c.bodies(), ['a1', 'a2', 'b1', 'a3'], 'one slot freed, one more delivery');
      assert.equal(h.counts('a').unacked + h.counts('b').unacked, 3);
    });

    it('rule 22 [QQ]: consuming a quorum queue on a channel with global qos is connection error 540', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'qq', durable: true, arguments: { 'x-queue-type': 'quorum' } });
      ch.basicQos({ prefetchCount: 10, global: true });
      throwsAmqp(() => ch.basicConsume({ queue: 'qq' }), {
        scope: 'connection',
        code: 540,
        text: "NOT_IMPLEMENTED - queue 'qq' in vhost '/' does not support global qos",
        classId: 60,
        methodId: 20,
      });
      assert.equal(c.conn.isOpen, false);
    });

    it('rule 23: prefetch_size != 0 is connection error 540', () => {
      const h = new Harness();
      const c = h.client();
      throwsAmqp(() => c.channel().basicQos({ prefetchSize: 1024, prefetchCount: 1 }), {
        scope: 'connection',
        code: 540,
        text: 'NOT_IMPLEMENTED - prefetch_size!=0 (1024)',
        classId: 60,
        methodId: 10,
      });
    });

    it("rule 24: prefetch counts a consumer's own manual-ack deliveries only; every settle frees a slot at once", () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', '1', '2', '3', '4', '5', '6', '7');
      ch.basicQos({ prefetchCount: 2 });
      ch.basicGet({ queue: 'q' }); // get: not counted
      ch.basicConsume({ queue: 'q', consumerTag: 'k' });
      assert.deepEqual(c.bodies(), ['2', '3']);
      ch.basicAck({ deliveryTag: 2 });
      assert.deepEqual(c.bodies(), ['2', '3', '4']);
      ch.basicReject({ deliveryTag: 3, requeue: false });
      assert.deepEqual(c.bodies(), ['2', '3', '4', '5']);
      ch.basicNack({ deliveryTag: 4, requeue: true });
      assert.deepEqual(c.bodies(), ['2', '3', '4', '5', '4'], 'the requeued message comes straight back');
    });

    it('rule 24: lowering qos while messages are in flight can leave more unacked than the new limit', () => {
      const h = new Harness({ profile: 'lavinmq' });
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      ch.basicQos({ prefetchCount: 5 });
      ch.basicConsume({ queue: 'q' });
      h.publish(ch, 'q', '1', '2', '3', '4', '5', '6');
      ch.basicQos({ prefetchCount: 2 });
      assert.equal(h.counts('q').unacked, 5);
      ch.basicAck({ deliveryTag: 1 });
      ch.basicAck({ deliveryTag: 2 });
      assert.equal(c.rec.deliveries.length, 5, 'no new delivery until below the new limit');
      ch.basicAck({ deliveryTag: 3, multiple: true });
      ch.basicAck({ deliveryTag: 4 });
      assert.equal(c.rec.deliveries.length, 6);
    });

    it('rule 25: dispatch is round-robin among consumers with capacity, highest x-priority first', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      ch.basicConsume({ queue: 'q', consumerTag: 'a' });
      ch.basicConsume({ queue: 'q', consumerTag: 'b' });
      ch.basicConsume({ queue: 'q', consumerTag: 'c' });
      h.publish(ch, 'q', '1', '2', '3', '4', '5', '6');
      assert.deepEqual(
        c.rec.deliveries.map((d) => d.consumerTag),
        ['a', 'b', 'c', 'a', 'b', 'c'],
      );
      const h2 = new Harness();
      const c2 = h2.client();
      const lo = c2.channel(),
        hi = c2.channel();
      lo.queueDeclare({ queue: 'q' });
      hi.basicQos({ prefetchCount: 2 });
      lo.basicConsume({ queue: 'q', consumerTag: 'low' });
      hi.basicConsume({ queue: 'q', consumerTag: 'high', arguments: { 'x-priority': 10 } });
      h2.publish(lo, 'q', '1', '2', '3', '4');
      assert.deepEqual(
        c2.rec.deliveries.map((d) => d.consumerTag),
        ['high', 'high', 'low', 'low'],
      );
      hi.basicAck({ deliveryTag: 1 });
      h2.publish(lo, 'q', '5');
      assert.equal(c2.rec.deliveries.at(-1)!.consumerTag, 'high');
    });
  });

  // ------------------------------------------------------------------ G. consumer timeout
  describe('G. consumer acknowledgement timeout', () => {
    const text30 = (ch: number, ms: number) =>
      `PRECONDITION_FAILED - delivery acknowledgement on channel ${ch} timed out. Timeout value used: ${ms} ms. This timeout value can be configured, see consumers doc guide to learn more`;

    it('rule 26: default 30 min, checked on the 60 s channel tick; 406 class/method 0/0; unacked requeued', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', 'a', 'b');
      ch.basicConsume({ queue: 'q' });
      h.clock.advance(30 * 60_000);
      assert.ok(ch.isOpen, 'not yet: the timeout must be exceeded');
      h.clock.advance(60_000);
      assert.equal(ch.isOpen, false);
      assert.equal(c.rec.channelClosed.length, 1);
      const e = c.rec.channelClosed[0]!.error;
      assert.deepEqual([e.scope, e.code, e.replyText, e.classId, e.methodId], ['channel', 406, text30(1, 1_800_000), 0, 0]);
      assert.deepEqual(h.readyBodies('q'), ['a*', 'b*']);
      assert.ok(c.conn.isOpen, 'only the channel closes');
    });

    it('rule 26: basic.get deliveries count; acked channels are left alone', () => {
      const h = new Harness();
      const c = h.client();
      const ch1 = c.channel(),
        ch2 = c.channel();
      ch1.queueDeclare({ queue: 'q' });
      h.publish(ch1, 'q', 'a', 'b');
      ch1.basicGet({ queue: 'q' });
      const g = ch2.basicGet({ queue: 'q' })!;
      ch2.basicAck({ deliveryTag: g.deliveryTag });
      h.clock.advance(32 * 60_000);
      assert.equal(ch1.isOpen, false);
      assert.ok(ch2.isOpen);
    });

    it('rule 26: x-consumer-timeout overrides per queue (lower wins with a policy)', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-consumer-timeout': 90_000 } });
      h.publish(ch, 'q', 'a');
      ch.basicConsume({ queue: 'q' });
      h.clock.advance(120_000);
      assert.equal(ch.isOpen, false);
      assert.equal(c.rec.channelClosed[0]!.error.replyText, text30(1, 90_000));
      const ch2 = c.channel();
      h.broker.setPolicy({ name: 'ct', pattern: '^q$', definition: { 'consumer-timeout': 30_000 } });
      ch2.basicConsume({ queue: 'q' });
      h.clock.advance(60_000);
      assert.equal(ch2.isOpen, false);
      assert.equal(c.rec.channelClosed[1]!.error.replyText, text30(2, 30_000));
    });

    it('rule 26: a consumer-timeout policy set after the channel opened still applies', () => {
      const h = new Harness({ consumerTimeoutMs: 0 });
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', 'a');
      ch.basicGet({ queue: 'q' });
      h.clock.advance(10 * 60_000);
      assert.ok(ch.isOpen, 'no timeout configured');
      h.broker.setPolicy({ name: 'ct', pattern: '.*', definition: { 'consumer-timeout': 60_000 } });
      h.clock.advance(120_000);
      assert.equal(ch.isOpen, false);
    });

    it('rule 26 [LavinMQ]: no timeout by default; when configured the text is "consumer timeout"', () => {
      const h = new Harness({ profile: 'lavinmq' });
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', 'a');
      ch.basicConsume({ queue: 'q' });
      h.clock.advance(10 * 60 * 60_000);
      assert.ok(ch.isOpen);
      const h2 = new Harness({ profile: 'lavinmq', consumerTimeoutMs: 1000 });
      const c2 = h2.client();
      const ch2 = c2.channel();
      ch2.queueDeclare({ queue: 'q' });
      h2.publish(ch2, 'q', 'a');
      ch2.basicConsume({ queue: 'q' });
      h2.clock.advance(61_000);
      assert.equal(c2.rec.channelClosed[0]!.error.replyText, 'PRECONDITION_FAILED - consumer timeout');
    });
  });

  // ------------------------------------------------------------------ H. dead lettering
  describe('H. dead lettering', () => {
    function dlxSetup(profile: 'rabbitmq' | 'lavinmq' = 'rabbitmq') {
      const h = new Harness({ profile });
      const ch = h.client().channel();
      ch.exchangeDeclare({ exchange: 'dlx', type: 'direct' });
      ch.queueDeclare({ queue: 'dlq' });
      ch.queueBind({ queue: 'dlq', exchange: 'dlx', routingKey: 'work' });
      ch.queueDeclare({ queue: 'work', arguments: { 'x-dead-letter-exchange': 'dlx', 'x-message-ttl': 100, 'x-max-length': 1 } });
      return { h, ch };
    }

    it('rule 27: reasons rejected, expired, maxlen, delivery_limit', () => {
      const { h, ch } = dlxSetup();
      h.publish(ch, 'work', 'one', 'two'); // one: maxlen
      h.clock.advance(100); // two: expired
      h.publish(ch, 'work', 'three');
      const g = ch.basicGet({ queue: 'work' })!;
      ch.basicReject({ deliveryTag: g.deliveryTag, requeue: false }); // three: rejected
      const reasons = [];
      for (let d = ch.basicGet({ queue: 'dlq' }); d; d = ch.basicGet({ queue: 'dlq' }))
        reasons.push([text(d.body), d.properties.headers!['x-first-death-reason']]);
      assert.deepEqual(reasons, [
        ['one', 'maxlen'],
        ['two', 'expired'],
        ['three', 'rejected'],
      ]);
      // delivery_limit: see rule 14
    });

    it('rule 28: x-death entries (count long, reason, queue, time, exchange, routing-keys, original-expiration), first/last death headers', () => {
      const h = new Harness();
      h.clock.advance(5000);
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'a', arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'b' } });
      ch.queueDeclare({ queue: 'b', arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'a' } });
      ch.basicPublish({ routingKey: 'a' }, { expiration: '60000', headers: { app: 'x' } }, bytes('m'));
      let g = ch.basicGet({ queue: 'a' })!;
      ch.basicReject({ deliveryTag: g.deliveryTag, requeue: false });
      g = ch.basicGet({ queue: 'b' })!;
      ch.basicReject({ deliveryTag: g.deliveryTag, requeue: false });
      g = ch.basicGet({ queue: 'a' })!;
      ch.basicReject({ deliveryTag: g.deliveryTag, requeue: false });
      g = ch.basicGet({ queue: 'b' })!;
      const hd = g.properties.headers!;
      assert.equal(g.properties.expiration, undefined, 'expiration removed');
      assert.equal(hd.app, 'x');
      const deaths = hd['x-death'] as Record<string, unknown>[];
      assert.equal(deaths.length, 2, 'one entry per {queue, reason}');
      assert.deepEqual(deaths[0], {
        count: { $type: 'l', value: 2 },
        reason: 'rejected',
        queue: 'a',
        time: { $type: 'T', value: 5 },
        exchange: '',
        'routing-keys': ['a'],
        'original-expiration': '60000',
      });
      assert.deepEqual(deaths[1]!.queue, 'b');
      assert.deepEqual(deaths[1]!.count, { $type: 'l', value: 1 });
      assert.deepEqual([hd['x-first-death-reason'], hd['x-first-death-queue'], hd['x-first-death-exchange']], ['rejected', 'a', '']);
      assert.deepEqual([hd['x-last-death-reason'], hd['x-last-death-queue'], hd['x-last-death-exchange']], ['rejected', 'a', '']);
    });

    it('rule 28 [LavinMQ]: no x-last-death-* headers', () => {
      const { h, ch } = dlxSetup('lavinmq');
      h.publish(ch, 'work', 'm');
      const g = ch.basicGet({ queue: 'work' })!;
      ch.basicReject({ deliveryTag: g.deliveryTag, requeue: false });
      const d = ch.basicGet({ queue: 'dlq' })!;
      assert.equal(d.properties.headers!['x-first-death-reason'], 'rejected');
      assert.equal(d.properties.headers!['x-last-death-reason'], undefined);
    });

    it('rule 29: x-dead-letter-routing-key if set, else the original key; a missing DLX silently drops', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.exchangeDeclare({ exchange: 'dlx', type: 'direct' });
      ch.queueDeclare({ queue: 'by-original' });
      ch.queueBind({ queue: 'by-original', exchange: 'dlx', routingKey: 'src' });
      ch.queueDeclare({ queue: 'by-dlrk' });
      ch.queueBind({ queue: 'by-dlrk', exchange: 'dlx', routingKey: 'dead' });
      ch.queueDeclare({ queue: 'src', arguments: { 'x-dead-letter-exchange': 'dlx' } });
      ch.queueDeclare({ queue: 'src2', arguments: { 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'dead' } });
      ch.queueDeclare({ queue: 'lost', arguments: { 'x-dead-letter-exchange': 'no-such-exchange' } });
      h.publish(ch, 'src', 'a');
      h.publish(ch, 'src2', 'b');
      h.publish(ch, 'lost', 'c');
      for (const q of ['src', 'src2', 'lost']) {
        const g = ch.basicGet({ queue: q })!;
        ch.basicReject({ deliveryTag: g.deliveryTag, requeue: false });
      }
      assert.deepEqual(h.counts('by-original').ready, 1);
      assert.deepEqual(h.counts('by-dlrk').ready, 1);
      assert.ok(ch.isOpen, 'a missing DLX is silent');
      const lost = h.broker.queueDetail('/', 'lost')!;
      assert.equal(lost.ready, 0);
    });

    it('rule 29: a dead-letter cycle is dropped unless a rejection happened in the cycle', () => {
      const h = new Harness();
      const ch = h.client().channel();
      // expiring into itself: a cycle with no rejection → dropped
      ch.queueDeclare({ queue: 'self', arguments: { 'x-message-ttl': 10, 'x-dead-letter-exchange': '' } });
      h.publish(ch, 'self', 'm');
      h.clock.advance(10);
      assert.equal(h.counts('self').ready, 0);
      assert.equal(h.broker.messageState(1)!.state, 'dropped');
      // rejected into itself: allowed, the message comes back
      ch.queueDeclare({ queue: 'retry', arguments: { 'x-dead-letter-exchange': '' } });
      h.publish(ch, 'retry', 'r');
      for (let i = 0; i < 3; i++) {
        const g = ch.basicGet({ queue: 'retry' })!;
        ch.basicReject({ deliveryTag: g.deliveryTag, requeue: false });
      }
      const g = ch.basicGet({ queue: 'retry' })!;
      assert.deepEqual((g.properties.headers!['x-death'] as Record<string, unknown>[])[0]!.count, { $type: 'l', value: 3 });
    });

    it('rule 30: TTL expiry happens at the queue head only', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q' });
      ch.basicPublish({ routingKey: 'q' }, { expiration: '10000' }, bytes('long'));
      ch.basicPublish({ routingKey: 'q' }, { expiration: '100' }, bytes('short'));
      h.clock.advance(1000);
      assert.equal(h.counts('q').ready, 2, 'the short one is behind an unexpired head');
      h.clock.advance(9000);
      assert.equal(h.counts('q').ready, 0, 'once the head expires, the expired one behind it goes too');
    });
  });

  // ------------------------------------------------------------------ I. auto-ack
  describe('I. auto-ack', () => {
    it('rule 31: an auto-ack delivery counts as acked when sent; never unacked; lost if the consumer dies', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', 'a', 'b');
      ch.basicConsume({ queue: 'q', noAck: true });
      assert.deepEqual(h.counts('q'), { ready: 0, unacked: 0, consumers: 1 });
      c.conn.close();
      assert.deepEqual(h.counts('q'), { ready: 0, unacked: 0, consumers: 0 });
      assert.equal(h.broker.messageState(1)!.state, 'acked');
      assert.equal(h.broker.messageState(2)!.state, 'acked');
    });
  });

  // ------------------------------------------------------------------ J. basic.get
  describe('J. basic.get', () => {
    it('rule 32: message_count = ready left after the fetch; empty → null with no tag; manual get counts as unacked, not prefetch', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q' });
      h.publish(ch, 'q', '1', '2', '3', '4', '5');
      assert.deepEqual(
        [1, 2, 3].map(() => ch.basicGet({ queue: 'q' })!.messageCount),
        [4, 3, 2],
      );
      assert.deepEqual(h.counts('q'), { ready: 2, unacked: 3, consumers: 0 });
      ch.basicQos({ prefetchCount: 1 });
      ch.basicConsume({ queue: 'q' });
      assert.equal(c.rec.deliveries.length, 1, "the 3 gets do not use the consumer's prefetch");
      ch.basicGet({ queue: 'q' });
      assert.equal(ch.basicGet({ queue: 'q' }), null);
    });
  });

  // ------------------------------------------------------------------ K. counters
  describe('K. counters', () => {
    it('rule 33: messages = ready + unacked; max-length counts ready messages only', () => {
      const h = new Harness();
      const ch = h.client().channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-max-length': 2 } });
      h.publish(ch, 'q', '1', '2');
      ch.basicGet({ queue: 'q' });
      ch.basicGet({ queue: 'q' });
      h.publish(ch, 'q', '3', '4');
      const s = h.broker.snapshot().queues[0]!;
      assert.deepEqual([s.ready, s.unacked, s.messages], [2, 2, 4]);
    });
  });

  // ------------------------------------------------------------------ L. publisher confirms
  describe('L. publisher confirms', () => {
    it('rule 34: sequence numbers start at 1 per channel; unroutable messages are confirmed at once, mandatory returns come first', () => {
      const h = new Harness();
      const c = h.client();
      const ch1 = c.channel(),
        ch2 = c.channel();
      ch1.queueDeclare({ queue: 'q' });
      ch1.confirmSelect();
      ch2.confirmSelect();
      h.publish(ch1, 'q', 'a');
      ch2.basicPublish({ routingKey: 'nowhere', mandatory: true }, {}, bytes('b'));
      h.publish(ch1, 'q', 'c');
      assert.deepEqual(c.rec.order, ['ack 1/1', 'return 2', 'ack 2/1', 'ack 1/2']);
      assert.deepEqual(c.rec.returns[0]!.replyCode, 312);
      assert.deepEqual(c.rec.returns[0]!.replyText, 'NO_ROUTE');
    });

    it('rule 34: basic.nack for a reject-publish overflow', () => {
      const h = new Harness();
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: 'q', arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' } });
      ch.confirmSelect();
      h.publish(ch, 'q', 'a', 'b');
      assert.deepEqual(
        c.rec.confirms.map((x) => [x.deliveryTag, x.nack]),
        [
          [1, false],
          [2, true],
        ],
      );
    });

    it('rule 34: switching between tx and confirm mode is a 406', () => {
      const h = new Harness();
      const c = h.client();
      const a = c.channel();
      a.txSelect();
      throwsAmqp(() => a.confirmSelect(), {
        scope: 'channel',
        code: 406,
        text: 'PRECONDITION_FAILED - cannot switch from tx to confirm mode',
        classId: 85,
        methodId: 10,
      });
      const b = c.channel();
      b.confirmSelect();
      throwsAmqp(() => b.txSelect(), {
        scope: 'channel',
        code: 406,
        text: 'PRECONDITION_FAILED - cannot switch from confirm to tx mode',
        classId: 90,
        methodId: 10,
      });
    });
  });
});
