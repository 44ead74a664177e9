// Broker behaviour beyond the numbered ack rules: exchanges and routing, declares and their errors,
// TTL, max-length, dead lettering, confirms, tx, hold mode, events, snapshots, restart, clocks.
import { strict as assert } from 'node:assert';
import { Broker, RealClock, VirtualClock, sinkOf, type BrokerEvent, type MessageState } from '../../../src/broker';
import { Harness, bytes, text, throwsAmqp } from './harness';

describe('broker: exchanges and routing', () => {
  it('default exchange routes by queue name; amq.* exchanges exist in every vhost', () => {
    const h = new Harness({ vhosts: ['other'] });
    const names = h.broker
      .snapshot()
      .exchanges.filter((e) => e.vhost === 'other')
      .map((e) => e.name)
      .sort();
    assert.deepEqual(names, ['amq.direct', 'amq.fanout', 'amq.headers', 'amq.match', 'amq.rabbitmq.trace', 'amq.topic']);
    const ch = h.client().channel();
    ch.queueDeclare({ queue: 'q' });
    h.publish(ch, 'q', 'hello');
    assert.equal(h.counts('q').ready, 1);
  });

  it('direct, fanout, topic (* and #) and headers (all/any) exchanges', () => {
    const h = new Harness();
    const ch = h.client().channel();
    for (const q of ['d', 'f1', 'f2', 't1', 't2', 't3', 'hall', 'hany']) ch.queueDeclare({ queue: q });
    ch.exchangeDeclare({ exchange: 'dx', type: 'direct' });
    ch.exchangeDeclare({ exchange: 'fx', type: 'fanout' });
    ch.exchangeDeclare({ exchange: 'tx', type: 'topic' });
    ch.exchangeDeclare({ exchange: 'hx', type: 'headers' });
    ch.queueBind({ queue: 'd', exchange: 'dx', routingKey: 'red' });
    ch.queueBind({ queue: 'f1', exchange: 'fx' });
    ch.queueBind({ queue: 'f2', exchange: 'fx', routingKey: 'ignored' });
    ch.queueBind({ queue: 't1', exchange: 'tx', routingKey: '*.orange.*' });
    ch.queueBind({ queue: 't2', exchange: 'tx', routingKey: '*.*.rabbit' });
    ch.queueBind({ queue: 't2', exchange: 'tx', routingKey: 'lazy.#' });
    ch.queueBind({ queue: 't3', exchange: 'tx', routingKey: '#' });
    ch.queueBind({ queue: 'hall', exchange: 'hx', arguments: { 'x-match': 'all', format: 'pdf', type: 'report' } });
    ch.queueBind({ queue: 'hany', exchange: 'hx', arguments: { 'x-match': 'any', format: 'pdf', type: 'report' } });
    ch.basicPublish({ exchange: 'dx', routingKey: 'red' }, {}, bytes('1'));
    ch.basicPublish({ exchange: 'dx', routingKey: 'blue' }, {}, bytes('2'));
    ch.basicPublish({ exchange: 'fx', routingKey: 'x' }, {}, bytes('3'));
    for (const rk of [
      'quick.orange.rabbit',
      'lazy.orange.elephant',
      'quick.orange.fox',
      'lazy.brown.fox',
      'lazy',
      'quick.brown.fox',
      'orange',
      'quick.orange.new.rabbit',
    ]) {
      ch.basicPublish({ exchange: 'tx', routingKey: rk }, {}, bytes(rk));
    }
    ch.basicPublish({ exchange: 'hx' }, { headers: { format: 'pdf', type: 'report' } }, bytes('both'));
    ch.basicPublish({ exchange: 'hx' }, { headers: { format: 'pdf', type: 'log' } }, bytes('one'));
    const c = (q: string) => h.counts(q).ready;
    assert.deepEqual([c('d'), c('f1'), c('f2')], [1, 1, 1]);
    assert.deepEqual([c('t1'), c('t2'), c('t3')], [3, 4, 8]);
    assert.deepEqual([c('hall'), c('hany')], [1, 2]);
  });

  it('exchange-to-exchange bindings, each queue gets one copy', () => {
    const h = new Harness();
    const ch = h.client().channel();
    ch.exchangeDeclare({ exchange: 'a', type: 'fanout' });
    ch.exchangeDeclare({ exchange: 'b', type: 'fanout' });
    ch.exchangeBind({ destination: 'b', source: 'a' });
    ch.exchangeBind({ destination: 'a', source: 'b' }); // a cycle is harmless
    ch.queueDeclare({ queue: 'q' });
    ch.queueBind({ queue: 'q', exchange: 'a' });
    ch.queueBind({ queue: 'q', exchange: 'b' });
    ch.basicPublish({ exchange: 'a' }, {}, bytes('m'));
    assert.equal(h.counts('q').ready, 1);
    ch.exchangeUnbind({ destination: 'b', source: 'a' });
    ch.queueUnbind({ queue: 'q', exchange: 'a' });
    ch.basicPublish({ exchange: 'a' }, {}, bytes('m'));
    assert.equal(h.counts('q').ready, 1);
  });

  it('alternate-exchange takes what the exchange cannot route', () => {
    const h = new Harness();
    const ch = h.client().channel();
    ch.exchangeDeclare({ exchange: 'ae', type: 'fanout' });
    ch.exchangeDeclare({ exchange: 'main', type: 'direct', arguments: { 'alternate-exchange': 'ae' } });
    ch.queueDeclare({ queue: 'routed' });
    ch.queueDeclare({ queue: 'unrouted' });
    ch.queueBind({ queue: 'routed', exchange: 'main', routingKey: 'k' });
    ch.queueBind({ queue: 'unrouted', exchange: 'ae' });
    ch.basicPublish({ exchange: 'main', routingKey: 'k' }, {}, bytes('1'));
    ch.basicPublish({ exchange: 'main', routingKey: 'other', mandatory: true }, {}, bytes('2'));
    assert.deepEqual([h.counts('routed').ready, h.counts('unrouted').ready], [1, 1]);
  });

  it('mandatory unroutable publishes come back as basic.return 312 NO_ROUTE; without mandatory they vanish (logged)', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    const events: BrokerEvent[] = [];
    h.broker.events.subscribe((e) => events.push(e));
    ch.basicPublish({ exchange: 'amq.direct', routingKey: 'nobody', mandatory: true }, { messageId: 'm1' }, bytes('x'));
    ch.basicPublish({ exchange: 'amq.direct', routingKey: 'nobody' }, {}, bytes('y'));
    assert.deepEqual(
      c.rec.returns.map((r) => [r.replyCode, r.replyText, r.exchange, r.routingKey, r.properties.messageId, text(r.body)]),
      [[312, 'NO_ROUTE', 'amq.direct', 'nobody', 'm1', 'x']],
    );
    assert.deepEqual(
      events.map((e) => e.kind),
      ['published', 'unroutable', 'returned', 'published', 'unroutable'],
    );
  });

  it('internal exchanges refuse publishes; unknown exchanges are 404 on publish', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.exchangeDeclare({ exchange: 'inner', type: 'fanout', internal: true });
    throwsAmqp(() => ch.basicPublish({ exchange: 'inner' }, {}, bytes('x')), {
      scope: 'channel',
      code: 403,
      text: "ACCESS_REFUSED - cannot publish to internal exchange 'inner' in vhost '/'",
      classId: 60,
      methodId: 40,
    });
    const ch2 = c.channel();
    throwsAmqp(() => ch2.basicPublish({ exchange: 'nope' }, {}, bytes('x')), {
      scope: 'channel',
      code: 404,
      text: "NOT_FOUND - no exchange 'nope' in vhost '/'",
      classId: 60,
      methodId: 40,
    });
    throwsAmqp(() => c.channel().basicPublish({ exchange: '', immediate: true }, {}, bytes('x')), {
      scope: 'connection',
      code: 540,
      text: 'NOT_IMPLEMENTED - immediate=true',
    });
  });

  it('auto-delete exchanges go with their last binding', () => {
    const h = new Harness();
    const ch = h.client().channel();
    ch.exchangeDeclare({ exchange: 'ad', type: 'fanout', autoDelete: true });
    ch.queueDeclare({ queue: 'q' });
    ch.queueBind({ queue: 'q', exchange: 'ad' });
    assert.ok(h.broker.snapshot().exchanges.some((e) => e.name === 'ad'));
    ch.queueUnbind({ queue: 'q', exchange: 'ad' });
    assert.ok(!h.broker.snapshot().exchanges.some((e) => e.name === 'ad'));
  });
});

describe('broker: declares and their errors (RabbitMQ texts)', () => {
  it('passive declares: 404 for a missing queue or exchange, counts for an existing queue', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q' });
    h.publish(ch, 'q', 'a', 'b');
    ch.basicConsume({ queue: 'q', consumerTag: 'k', noAck: false });
    ch.basicConsume({ queue: 'q', consumerTag: 'k2', noAck: false });
    h.publish(ch, 'q', 'c');
    assert.deepEqual(ch.queueDeclare({ queue: 'q', passive: true }), { queue: 'q', messageCount: 0, consumerCount: 2 });
    throwsAmqp(() => ch.queueDeclare({ queue: 'missing', passive: true }), {
      scope: 'channel',
      code: 404,
      text: "NOT_FOUND - no queue 'missing' in vhost '/'",
      classId: 50,
      methodId: 10,
    });
    throwsAmqp(() => c.channel().exchangeDeclare({ exchange: 'nox', passive: true }), {
      scope: 'channel',
      code: 404,
      text: "NOT_FOUND - no exchange 'nox' in vhost '/'",
      classId: 40,
      methodId: 10,
    });
  });

  it('redeclare with other properties or arguments is 406 inequivalent arg', () => {
    const h = new Harness();
    const c = h.client();
    c.channel().queueDeclare({ queue: 'q', durable: true, arguments: { 'x-max-length': 5 } });
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', durable: false, arguments: { 'x-max-length': 5 } }), {
      code: 406,
      text: "PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'q' in vhost '/': received 'false' but current is 'true'",
    });
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', durable: true, arguments: { 'x-max-length': 6 } }), {
      code: 406,
      text: "PRECONDITION_FAILED - inequivalent arg 'x-max-length' for queue 'q' in vhost '/': received '6' but current is '5'",
    });
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', durable: true, arguments: { 'x-max-length': 5, 'x-message-ttl': { $type: 'I', value: 1000 } } }), {
      code: 406,
      text: "PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': received the value '1000' of type 'signedint' but current is none",
    });
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', durable: true, arguments: { 'x-max-length': 5, 'x-queue-type': 'quorum' } }), {
      code: 406,
      text: "PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue 'q' in vhost '/': received 'quorum' but current is 'classic'",
    });
    // the same declaration again is fine, with or without x-queue-type classic
    c.channel().queueDeclare({ queue: 'q', durable: true, arguments: { 'x-max-length': { $type: 'l', value: 5 }, 'x-queue-type': 'classic' } });
    c.channel().exchangeDeclare({ exchange: 'x', type: 'direct' });
    throwsAmqp(() => c.channel().exchangeDeclare({ exchange: 'x', type: 'fanout' }), {
      code: 406,
      text: "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'x' in vhost '/': received 'fanout' but current is 'direct'",
      classId: 40,
      methodId: 10,
    });
  });

  it('a quorum queue redeclared without x-queue-type is 406 (current is the value quorum)', () => {
    const h = new Harness();
    const c = h.client();
    c.channel().queueDeclare({ queue: 'qq', durable: true, arguments: { 'x-queue-type': 'quorum' } });
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'qq', durable: true }), {
      code: 406,
      text: "PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue 'qq' in vhost '/': received none but current is the value 'quorum' of type 'longstr'",
    });
  });

  it('quorum queues must be durable, not exclusive, not auto-delete', () => {
    const h = new Harness();
    const c = h.client();
    const qq = { 'x-queue-type': 'quorum' };
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'a', durable: false, arguments: qq }), {
      code: 406,
      text: "PRECONDITION_FAILED - invalid property 'non-durable' for queue 'a' in vhost '/'",
    });
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'b', durable: true, exclusive: true, arguments: qq }), {
      code: 406,
      text: "PRECONDITION_FAILED - invalid property 'exclusive-owner' for queue 'b' in vhost '/'",
    });
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'c', durable: true, autoDelete: true, arguments: qq }), {
      code: 406,
      text: "PRECONDITION_FAILED - invalid property 'auto-delete' for queue 'c' in vhost '/'",
    });
  });

  it('reserved amq. names, the default exchange, unknown exchange types', () => {
    const h = new Harness();
    const c = h.client();
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'amq.mine' }), {
      code: 403,
      text: "ACCESS_REFUSED - queue name 'amq.mine' contains reserved prefix 'amq.*'",
    });
    throwsAmqp(() => c.channel().exchangeDeclare({ exchange: 'amq.mine', type: 'direct' }), {
      code: 403,
      text: "ACCESS_REFUSED - exchange name 'amq.mine' contains reserved prefix 'amq.*'",
    });
    throwsAmqp(() => c.channel().queueBind({ queue: 'x', exchange: '' }), {
      code: 403,
      text: 'ACCESS_REFUSED - operation not permitted on the default exchange',
    });
    throwsAmqp(() => c.channel().exchangeDeclare({ exchange: 'e', type: 'nonsense' }), {
      scope: 'connection',
      code: 503,
      text: "COMMAND_INVALID - unknown exchange type 'nonsense'",
    });
  });

  it('binding to missing things is 404; unbinding what is not bound is fine', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q' });
    throwsAmqp(() => ch.queueBind({ queue: 'q', exchange: 'nope' }), {
      code: 404,
      text: "NOT_FOUND - no exchange 'nope' in vhost '/'",
      classId: 50,
      methodId: 20,
    });
    const ch2 = c.channel();
    throwsAmqp(() => ch2.queueBind({ queue: 'nope', exchange: 'amq.direct' }), { code: 404, text: "NOT_FOUND - no queue 'nope' in vhost '/'" });
    const ch3 = c.channel();
    ch3.queueUnbind({ queue: 'q', exchange: 'amq.direct', routingKey: 'never' });
    assert.ok(ch3.isOpen);
  });

  it("invalid queue arguments are 406 with RabbitMQ's reasons", () => {
    const h = new Harness();
    const c = h.client();
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', arguments: { 'x-message-ttl': -5 } }), {
      code: 406,
      text: "PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue 'q' in vhost '/': {value_negative,-5}",
    });
    throwsAmqp(() => c.channel().queueDeclare({ queue: 'q', arguments: { 'x-max-length': 'ten' } }), {
      code: 406,
      text: "PRECONDITION_FAILED - invalid arg 'x-max-length' for queue 'q' in vhost '/': \"expected integer, got longstr\"",
    });
  });

  it('server-named queues are amq.gen-…, reproducible with the same seed; "" means the last declared queue', () => {
    const names = () => {
      const h = new Harness({ seed: 7 });
      const ch = h.client().channel();
      const a = ch.queueDeclare({ queue: '', exclusive: true }).queue;
      h.publish(ch, a, 'x');
      ch.queueBind({ exchange: 'amq.fanout' }); // '' = a
      ch.basicPublish({ exchange: 'amq.fanout' }, {}, bytes('y'));
      assert.equal(ch.queuePurge({}).messageCount, 2);
      const tag = ch.basicConsume({});
      return [a, tag];
    };
    const [q1, t1] = names();
    assert.match(q1!, /^amq\.gen-[A-Za-z0-9_-]{22}$/);
    assert.match(t1!, /^amq\.ctag-[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(names(), [q1, t1]);
    const h = new Harness();
    throwsAmqp(() => h.client().channel().queuePurge({}), { code: 404, text: 'NOT_FOUND - no previously declared queue', classId: 50, methodId: 30 });
  });

  it('exclusive queues belong to their connection: 405 for others, deleted when it closes', () => {
    const h = new Harness();
    const a = h.client('a'),
      b = h.client('b');
    a.channel().queueDeclare({ queue: 'mine', exclusive: true });
    throwsAmqp(() => b.channel().basicConsume({ queue: 'mine' }), {
      code: 405,
      text: "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue 'mine' in vhost '/'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.",
    });
    a.conn.close();
    assert.ok(!h.broker.snapshot().queues.some((q) => q.name === 'mine'));
  });

  it('auto-delete queues go when their last consumer goes (cancel or channel close)', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'ad', autoDelete: true });
    ch.basicConsume({ queue: 'ad', consumerTag: 'k1' });
    ch.basicConsume({ queue: 'ad', consumerTag: 'k2' });
    ch.basicCancel({ consumerTag: 'k1' });
    assert.ok(h.broker.snapshot().queues.some((q) => q.name === 'ad'));
    ch.close();
    assert.ok(!h.broker.snapshot().queues.some((q) => q.name === 'ad'));
  });

  it('queue.delete: if-unused / if-empty 406, missing queue ok; consumers get a cancel notification', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q' });
    h.publish(ch, 'q', 'a', 'b');
    ch.basicConsume({ queue: 'q', consumerTag: 'k' });
    throwsAmqp(() => c.channel().queueDelete({ queue: 'q', ifUnused: true }), {
      code: 406,
      text: "PRECONDITION_FAILED - queue 'q' in vhost '/' in use",
      classId: 50,
      methodId: 40,
    });
    const ch2 = c.channel();
    ch2.basicCancel({ consumerTag: 'none' });
    assert.deepEqual(ch2.queueDelete({ queue: 'missing' }), { messageCount: 0 });
    ch.basicCancel({ consumerTag: 'k' });
    h.publish(ch, 'q', 'c');
    throwsAmqp(() => ch2.queueDelete({ queue: 'q', ifEmpty: true }), { code: 406, text: "PRECONDITION_FAILED - queue 'q' in vhost '/' not empty" });
    const ch3 = c.channel();
    ch3.basicConsume({ queue: 'q', consumerTag: 'k3' });
    assert.deepEqual(ch3.queueDelete({ queue: 'q' }), { messageCount: 0 }, 'c went to k3, a and b are unacked on channel 1');
    assert.deepEqual(c.rec.cancelled, [{ channel: ch3.number, consumerTag: 'k3' }]);
    // unacked copies of a deleted queue are dropped, and their tags can still be acked
    const state = h.broker.messageState(c.rec.deliveries.at(-1)!.messageId) as MessageState;
    assert.deepEqual([state.state, (state as { reason?: string }).reason], ['dropped', 'queue-deleted']);
    ch3.basicAck({ deliveryTag: c.rec.deliveries.at(-1)!.deliveryTag });
    assert.ok(ch3.isOpen);
  });

  it('consumers: duplicate tag is 530 (connection), exclusive consumers 403', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q' });
    ch.basicConsume({ queue: 'q', consumerTag: 'only', exclusive: true });
    throwsAmqp(() => c.channel().basicConsume({ queue: 'q' }), {
      code: 403,
      text: "ACCESS_REFUSED - queue 'q' in vhost '/' in exclusive use",
      classId: 60,
      methodId: 20,
    });
    throwsAmqp(() => ch.basicConsume({ queue: 'q', consumerTag: 'only' }), {
      scope: 'connection',
      code: 530,
      text: "NOT_ALLOWED - attempt to reuse consumer tag 'only'",
    });
  });

  it('connecting to an unknown vhost is 530; channel numbers cannot be opened twice (504)', () => {
    const h = new Harness();
    assert.throws(
      () => h.broker.connect({ vhost: 'nope' }, h.client().conn as never),
      (e: Error & { replyText?: string }) => e.replyText === 'NOT_ALLOWED - vhost nope not found',
    );
    const c = h.client();
    c.channel(1);
    throwsAmqp(() => c.conn.openChannel(1), { scope: 'connection', code: 504, text: "CHANNEL_ERROR - second 'channel.open' seen" });
  });
});

describe('broker: TTL, max-length, dead lettering', () => {
  it('per-queue TTL expires ready messages in order; the lower of queue and message TTL wins', () => {
    const h = new Harness();
    const ch = h.client().channel();
    ch.queueDeclare({ queue: 'q', arguments: { 'x-message-ttl': 1000 } });
    h.publish(ch, 'q', 'a');
    h.clock.advance(400);
    ch.basicPublish({ routingKey: 'q' }, { expiration: '100' }, bytes('b'));
    h.clock.advance(599);
    assert.deepEqual(h.readyBodies('q'), ['a', 'b']);
    h.clock.advance(1);
    assert.deepEqual(h.readyBodies('q'), [], 'a expired at 1000; b (expiry 500) was behind it and goes too');
  });

  it('a TTL message that reaches the head because a consumer took the one before it still expires on time', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q' });
    h.publish(ch, 'q', 'first');
    ch.basicPublish({ routingKey: 'q' }, { expiration: '100' }, bytes('short'));
    ch.basicQos({ prefetchCount: 1 });
    ch.basicConsume({ queue: 'q' });
    assert.deepEqual(h.readyBodies('q'), ['short']);
    h.clock.advance(150);
    assert.deepEqual(h.readyBodies('q'), []);
    assert.equal(h.counts('q').unacked, 1);
  });

  it('TTL 0: delivered if a consumer can take it at once, else expired', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q', arguments: { 'x-message-ttl': 0 } });
    h.publish(ch, 'q', 'nobody-there');
    h.clock.advance(0);
    assert.equal(h.counts('q').ready, 0);
    ch.basicConsume({ queue: 'q' });
    h.publish(ch, 'q', 'taken');
    assert.deepEqual(c.bodies(), ['taken']);
  });

  it('invalid expiration property is 406', () => {
    const h = new Harness();
    const ch = h.client().channel();
    ch.queueDeclare({ queue: 'q' });
    throwsAmqp(() => ch.basicPublish({ routingKey: 'q' }, { expiration: 'soon' }, bytes('x')), {
      code: 406,
      text: "PRECONDITION_FAILED - invalid expiration 'soon': no_integer",
      classId: 60,
      methodId: 40,
    });
  });

  it('max-length drop-head / reject-publish / reject-publish-dlx; max-length-bytes', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'dlq' });
    const dl = { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' };
    ch.queueDeclare({ queue: 'head', arguments: { 'x-max-length': 2, ...dl } });
    ch.queueDeclare({ queue: 'rej', arguments: { 'x-max-length': 2, 'x-overflow': 'reject-publish', ...dl } });
    ch.queueDeclare({ queue: 'rejdlx', arguments: { 'x-max-length': 2, 'x-overflow': 'reject-publish-dlx', ...dl } });
    ch.queueDeclare({ queue: 'bytes', arguments: { 'x-max-length-bytes': 10 } });
    for (const q of ['head', 'rej', 'rejdlx']) h.publish(ch, q, `${q}1`, `${q}2`, `${q}3`);
    h.publish(ch, 'bytes', '12345', '6789', 'abc');
    assert.deepEqual(h.readyBodies('head'), ['head2', 'head3']);
    assert.deepEqual(h.readyBodies('rej'), ['rej1', 'rej2']);
    assert.deepEqual(h.readyBodies('rejdlx'), ['rejdlx1', 'rejdlx2']);
    assert.deepEqual(h.readyBodies('bytes'), ['6789', 'abc']);
    assert.deepEqual(h.readyBodies('dlq'), ['head1', 'rejdlx3']);
  });

  it('dead-lettered copies keep the publish id; the DLX can route to several queues', () => {
    const h = new Harness();
    const ch = h.client().channel();
    ch.exchangeDeclare({ exchange: 'dlx', type: 'fanout' });
    ch.queueDeclare({ queue: 'd1' });
    ch.queueDeclare({ queue: 'd2' });
    ch.queueBind({ queue: 'd1', exchange: 'dlx' });
    ch.queueBind({ queue: 'd2', exchange: 'dlx' });
    ch.queueDeclare({ queue: 'q', arguments: { 'x-dead-letter-exchange': 'dlx' } });
    const events: BrokerEvent[] = [];
    h.broker.events.subscribe((e) => events.push(e));
    h.publish(ch, 'q', 'm');
    const g = ch.basicGet({ queue: 'q' })!;
    ch.basicReject({ deliveryTag: g.deliveryTag, requeue: false });
    const enq = events.filter((e) => e.kind === 'enqueued');
    assert.deepEqual(
      enq.map((e) => [e.queue, e.publishId]),
      [
        ['q', 1],
        ['d1', 1],
        ['d2', 1],
      ],
    );
    const dl = events.find((e) => e.kind === 'dead-lettered')!;
    assert.deepEqual([dl.queue, dl.deadLetterExchange, dl.reason, dl.messageId], ['q', 'dlx', 'rejected', g.messageId]);
  });
});

describe('broker: confirms, transactions, flow', () => {
  it('confirm.select: acks for routed messages, sequence per channel; reject-publish-dlx nacks too', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q', arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish-dlx' } });
    ch.confirmSelect();
    h.publish(ch, 'q', 'a', 'b');
    assert.deepEqual(
      c.rec.confirms.map((x) => [x.deliveryTag, x.multiple, x.nack]),
      [
        [1, false, false],
        [2, false, true],
      ],
    );
  });

  it('tx: publishes and acks take effect at commit; rollback discards publishes and restores acked messages', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q' });
    h.publish(ch, 'q', 'a', 'b');
    ch.txSelect();
    ch.basicPublish({ routingKey: 'q' }, {}, bytes('c'));
    const g = ch.basicGet({ queue: 'q' })!;
    ch.basicAck({ deliveryTag: g.deliveryTag });
    assert.deepEqual(h.counts('q'), { ready: 1, unacked: 1, consumers: 0 });
    throwsAmqp(() => ch.basicAck({ deliveryTag: g.deliveryTag }), { code: 406, text: `PRECONDITION_FAILED - unknown delivery tag ${g.deliveryTag}` });
    const ch2 = c.channel();
    ch2.txSelect();
    const g2 = ch2.basicGet({ queue: 'q' })!;
    ch2.basicAck({ deliveryTag: g2.deliveryTag });
    ch2.basicPublish({ routingKey: 'q' }, {}, bytes('d'));
    ch2.txCommit();
    assert.deepEqual(h.counts('q'), { ready: 2, unacked: 0, consumers: 0 }, 'a requeued by the channel error, b acked, d published');
    const ch3 = c.channel();
    ch3.txSelect();
    const g3 = ch3.basicGet({ queue: 'q' })!;
    ch3.basicAck({ deliveryTag: g3.deliveryTag });
    ch3.basicPublish({ routingKey: 'q' }, {}, bytes('e'));
    ch3.txRollback();
    assert.deepEqual(h.counts('q'), { ready: 1, unacked: 1, consumers: 0 });
    ch3.basicAck({ deliveryTag: g3.deliveryTag });
    ch3.txCommit();
    assert.deepEqual(h.counts('q'), { ready: 1, unacked: 0, consumers: 0 });
    throwsAmqp(() => c.channel().txCommit(), { code: 406, text: 'PRECONDITION_FAILED - channel is not transactional', classId: 90, methodId: 20 });
  });

  it('channel.flow: RabbitMQ refuses active=false (540); LavinMQ pauses deliveries', () => {
    const h = new Harness();
    const c = h.client();
    assert.equal(c.channel().flow(true), true);
    throwsAmqp(() => c.channel().flow(false), { scope: 'connection', code: 540, text: 'NOT_IMPLEMENTED - active=false', classId: 20, methodId: 20 });
    const l = new Harness({ profile: 'lavinmq' });
    const lc = l.client();
    const ch = lc.channel();
    ch.queueDeclare({ queue: 'q' });
    ch.basicConsume({ queue: 'q' });
    ch.flow(false);
    l.publish(ch, 'q', 'a');
    assert.equal(lc.rec.deliveries.length, 0);
    ch.flow(true);
    assert.equal(lc.rec.deliveries.length, 1);
  });
});

describe('broker: single-active-consumer, consumer priorities', () => {
  it('x-single-active-consumer: one consumer gets everything until it goes, then the next one', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q', arguments: { 'x-single-active-consumer': true } });
    ch.basicConsume({ queue: 'q', consumerTag: 'a', noAck: true });
    ch.basicConsume({ queue: 'q', consumerTag: 'b', noAck: true });
    h.publish(ch, 'q', '1', '2');
    ch.basicCancel({ consumerTag: 'a' });
    h.publish(ch, 'q', '3');
    assert.deepEqual(
      c.rec.deliveries.map((d) => d.consumerTag),
      ['a', 'a', 'b'],
    );
    const snap = h.broker.snapshot().connections[0]!.channels[0]!.consumers;
    assert.deepEqual(
      snap.map((k) => [k.consumerTag, k.active]),
      [['b', true]],
    );
  });
});

describe('broker: conservation and message state', () => {
  it('every message copy is in exactly one state: ready / unacked / acked / dead-lettered / dropped', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'dlq' });
    ch.queueDeclare({ queue: 'q', arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq', 'x-max-length': 4 } });
    h.publish(ch, 'q', '1', '2', '3', '4', '5'); // 1 → dlq (maxlen)
    const g2 = ch.basicGet({ queue: 'q' })!; // 2 unacked
    const g3 = ch.basicGet({ queue: 'q' })!;
    ch.basicAck({ deliveryTag: g3.deliveryTag }); // 3 acked
    const g4 = ch.basicGet({ queue: 'q' })!;
    ch.basicReject({ deliveryTag: g4.deliveryTag, requeue: false }); // 4 → dlq (rejected)
    ch.queuePurge({ queue: 'dlq' }); // the two dlq copies dropped (purged)
    const states = new Map<string, number>();
    for (let id = 1; id <= h.broker.messageCount; id++) {
      const s = h.broker.messageState(id)!;
      const key = s.state + ('reason' in s ? `:${s.reason}` : '');
      states.set(key, (states.get(key) ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries(states), {
      'dead-lettered:maxlen': 1,
      unacked: 1,
      acked: 1,
      'dead-lettered:rejected': 1,
      ready: 1,
      'dropped:purged': 2,
    });
    assert.deepEqual(h.broker.messageState(g2.messageId), {
      state: 'unacked',
      messageId: g2.messageId,
      vhost: '/',
      queue: 'q',
      connectionId: c.conn.id,
      channel: 1,
      deliveryTag: g2.deliveryTag,
      consumerTag: '',
      deliveredAt: 0,
      deliveryCount: 1,
    });
    assert.deepEqual(h.broker.messageState(5), { state: 'ready', messageId: 5, vhost: '/', queue: 'q', position: 0, redelivered: false, deliveryCount: 0 });
    assert.equal(h.broker.messageState(999), undefined);
  });

  it('queueDetail: ready list in order, unacked entries with tag, channel, consumer and time', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q' });
    h.publish(ch, 'q', 'a', 'b', 'c');
    h.clock.advance(50);
    ch.basicQos({ prefetchCount: 1 });
    ch.basicConsume({ queue: 'q', consumerTag: 'k' });
    const d = h.broker.queueDetail('/', 'q')!;
    assert.deepEqual(
      d.readyMessages.map((r) => [r.messageId, r.position]),
      [
        [2, 0],
        [3, 1],
      ],
    );
    assert.deepEqual(d.unackedMessages, [
      { messageId: 1, connectionId: c.conn.id, channel: 1, deliveryTag: 1, consumerTag: 'k', deliveredAt: 50, redelivered: false, deliveryCount: 1 },
    ]);
    assert.deepEqual([d.ready, d.unacked, d.messages, d.consumers], [2, 1, 3, 1]);
  });
});

describe('broker: hold mode (stepping)', () => {
  it('deliveries are made but held; released one at a time in order; channel close discards held ones', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q' });
    ch.basicConsume({ queue: 'q', consumerTag: 'k' });
    h.broker.setHoldDeliveries(true);
    h.publish(ch, 'q', 'a', 'b');
    assert.equal(c.rec.deliveries.length, 0);
    assert.deepEqual(h.counts('q'), { ready: 0, unacked: 2, consumers: 1 });
    assert.deepEqual(
      h.broker.pendingDeliveries().map((p) => [p.deliveryTag, p.consumerTag, p.queue]),
      [
        [1, 'k', 'q'],
        [2, 'k', 'q'],
      ],
    );
    assert.equal(h.broker.releaseNextDelivery()!.deliveryTag, 1);
    assert.deepEqual(c.bodies(), ['a']);
    h.broker.setHoldDeliveries(false);
    assert.deepEqual(c.bodies(), ['a', 'b']);
    h.broker.setHoldDeliveries(true);
    h.publish(ch, 'q', 'c');
    ch.close();
    assert.equal(h.broker.releaseNextDelivery(), undefined);
    assert.deepEqual(c.bodies(), ['a', 'b']);
  });
});

describe('broker: events', () => {
  it('one event per state change, in order, with seq, virtual time and ids; the ring keeps the last N', () => {
    const h = new Harness({ eventLogSize: 8 });
    const c = h.client();
    const ch = c.channel();
    ch.queueDeclare({ queue: 'q' });
    h.clock.advance(10);
    h.publish(ch, 'q', 'a');
    ch.basicConsume({ queue: 'q', consumerTag: 'k' });
    ch.basicAck({ deliveryTag: 1 });
    const log = h.broker.events.entries();
    assert.equal(log.length, 8);
    assert.deepEqual(
      log.map((e) => e.kind),
      ['queue-declared', 'clock-advanced', 'published', 'routed', 'enqueued', 'consumer-added', 'delivered', 'acked'],
    );
    const seqs = log.map((e) => e.seq);
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => seqs[0]! + i),
    );
    assert.equal(h.broker.events.lastSeq, seqs.at(-1));
    const del = log[6]!;
    assert.ok(del.kind === 'delivered');
    assert.deepEqual(
      [del.time, del.messageId, del.queue, del.connectionId, del.channel, del.consumerTag, del.deliveryTag, del.redelivered, del.deliveryCount],
      [10, 1, 'q', c.conn.id, 1, 'k', 1, false, 1],
    );
  });

  it('deterministic: the same inputs on a virtual clock give the identical event log', () => {
    const run = () => {
      const h = new Harness({ eventLogSize: 100_000 });
      const c = h.client();
      const ch = c.channel();
      ch.queueDeclare({ queue: '', exclusive: true });
      ch.queueDeclare({ queue: 'q', arguments: { 'x-message-ttl': 500, 'x-dead-letter-exchange': 'amq.fanout' } });
      ch.queueDeclare({ queue: 'dl' });
      ch.queueBind({ queue: 'dl', exchange: 'amq.fanout' });
      for (let i = 0; i < 50; i++) h.publish(ch, 'q', `m${i}`);
      ch.basicQos({ prefetchCount: 3 });
      ch.basicConsume({ queue: 'q' });
      for (let i = 0; i < 10; i++) {
        ch.basicNack({ deliveryTag: 0, multiple: true, requeue: i % 2 === 0 });
        h.clock.advance(100);
      }
      return JSON.stringify(h.broker.events.entries());
    };
    assert.equal(run(), run());
  });

  it('log size 0 keeps nothing; a throwing listener does not break the broker (reported to onListenerError)', () => {
    const errors: unknown[] = [];
    const h = new Harness({ eventLogSize: 0, onListenerError: (e) => errors.push(e) });
    assert.deepEqual(h.broker.events.entries(), []);
    const sub = h.broker.events.subscribe(() => {
      throw new Error('listener bug');
    });
    const ch = h.client().channel();
    ch.queueDeclare({ queue: 'q' });
    h.publish(ch, 'q', 'a');
    assert.equal(h.counts('q').ready, 1);
    assert.ok(errors.length >= 4);
    sub.dispose();
    assert.deepEqual(h.broker.events.entries(), []);
  });
});

describe('broker: restart and persistence', () => {
  it('durable exchanges, queues, bindings and persistent messages survive; unacked come back redelivered; the rest is gone', () => {
    const h = new Harness();
    const c = h.client();
    const ch = c.channel();
    ch.exchangeDeclare({ exchange: 'dx', type: 'direct', durable: true });
    ch.exchangeDeclare({ exchange: 'tx', type: 'direct' });
    ch.queueDeclare({ queue: 'dq', durable: true });
    ch.queueDeclare({ queue: 'tq' });
    ch.queueDeclare({ queue: 'qq', durable: true, arguments: { 'x-queue-type': 'quorum' } });
    ch.queueBind({ queue: 'dq', exchange: 'dx', routingKey: 'k' });
    ch.queueBind({ queue: 'tq', exchange: 'dx', routingKey: 'k' });
    ch.basicPublish(
      { exchange: 'dx', routingKey: 'k' },
      { deliveryMode: 2, headers: { n: 1, bin: new Uint8Array([1, 2]), big: { $type: 'l', value: 2n ** 60n } } },
      bytes('p1'),
    );
    ch.basicPublish({ exchange: 'dx', routingKey: 'k' }, { deliveryMode: 1 }, bytes('t1'));
    ch.basicPublish({ exchange: 'dx', routingKey: 'k' }, { deliveryMode: 2 }, bytes('p2'));
    ch.basicPublish({ routingKey: 'qq' }, {}, bytes('q1'));
    ch.basicGet({ queue: 'dq' }); // p1 unacked at the "crash"
    const state = JSON.parse(JSON.stringify(h.broker.durableState()));
    {
      // the file round trip (and the migration of this whole-file format) is in test/unit/broker/persistence.test.ts
      const b2 = Broker.restore(state, { clock: new VirtualClock() });
      const s = b2.snapshot();
      assert.deepEqual(s.queues.map((q) => [q.name, q.ready]).sort(), [
        ['dq', 2],
        ['qq', 1],
      ]);
      assert.ok(s.exchanges.some((e) => e.name === 'dx') && !s.exchanges.some((e) => e.name === 'tx'));
      assert.deepEqual(
        s.bindings.map((b) => [b.source, b.destination]),
        [['dx', 'dq']],
      );
      const conn = b2.connect(
        {},
        { deliver() {}, basicReturn() {}, confirm() {}, consumerCancelled() {}, channelClosedByServer() {}, connectionClosedByServer() {} },
      );
      const ch2 = conn.openChannel(1);
      const g = ch2.basicGet({ queue: 'dq', noAck: true })!;
      assert.deepEqual([text(g.body), g.redelivered], ['p1', true]);
      assert.deepEqual(g.properties.headers, { n: 1, bin: new Uint8Array([1, 2]), big: { $type: 'l', value: 2n ** 60n } });
      assert.equal(text(ch2.basicGet({ queue: 'dq', noAck: true })!.body), 'p2');
    }
  });
});

describe('broker: clocks', () => {
  it('VirtualClock fires due timers in time order (ties by creation), including ones set by timers', () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    clock.setTimer(20, () => seen.push(`b@${clock.now()}`));
    clock.setTimer(10, () => {
      seen.push(`a@${clock.now()}`);
      clock.setTimer(5, () => seen.push(`c@${clock.now()}`));
    });
    clock.setTimer(20, () => seen.push(`d@${clock.now()}`));
    const cancelled = clock.setTimer(1, () => seen.push('never'));
    clock.clearTimer(cancelled);
    clock.advance(30);
    assert.deepEqual(seen, ['a@10', 'c@15', 'b@20', 'd@20']);
    assert.equal(clock.now(), 30);
  });

  it('RealClock.advance fast-forwards: the 30-minute consumer timeout fires at once', () => {
    const clock = new RealClock();
    const b = new Broker({ clock });
    const closed: number[] = [];
    const conn = b.connect(
      {},
      { deliver() {}, basicReturn() {}, confirm() {}, consumerCancelled() {}, channelClosedByServer: (n) => closed.push(n), connectionClosedByServer() {} },
    );
    const ch = conn.openChannel(1);
    ch.queueDeclare({ queue: 'q' });
    ch.basicPublish({ routingKey: 'q' }, {}, bytes('x'));
    ch.basicGet({ queue: 'q' });
    const before = clock.now();
    clock.advance(31 * 60_000);
    assert.ok(clock.now() - before >= 31 * 60_000);
    assert.deepEqual(closed, [1]);
    b.shutdown();
  });
});

describe('broker: server-initiated closes', () => {
  it('closeChannelByServer sends channel.close 320 to the sink and requeues; a closed one is a clear error', () => {
    const broker = new Broker({ clock: new VirtualClock() });
    const closed: [number, number, string][] = [];
    const conn = broker.connect({}, sinkOf({ channelClosedByServer: (n, e) => closed.push([n, e.code, e.replyText]) }));
    const ch = conn.openChannel(1);
    ch.queueDeclare({ queue: 'q' });
    ch.basicPublish({ routingKey: 'q' }, {}, new Uint8Array([1]));
    assert.ok(ch.basicGet({ queue: 'q' }));
    broker.closeChannelByServer(conn.id, 1, 'bye');
    assert.deepEqual(closed, [[1, 320, 'CONNECTION_FORCED - bye']]);
    assert.equal(ch.isOpen, false);
    assert.equal(broker.queueDetail('/', 'q')!.ready, 1, 'the unacked message is ready again');
    assert.throws(() => broker.closeChannelByServer(conn.id, 1), /^Error: Channel 1 of connection 1 is not open\.$/);
    broker.closeConnectionByServer(conn.id);
    assert.throws(() => broker.closeConnectionByServer(conn.id), /^Error: Connection 1 is not open\.$/);
  });
});
