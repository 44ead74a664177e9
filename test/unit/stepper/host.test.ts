import assert from 'node:assert/strict';
import { Broker, VirtualClock, sinkOf, type Delivery } from '../../../src/broker';
import { PROTOCOL_VERSION, parseHostMessage, type HostMessage } from '../../../src/protocol/messages';
import { StepperHost } from '../../../src/stepper/host';
import { Timeline } from '../../../webview/model/timeline';
import { readyInOrder } from '../../../webview/model/state';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function harness(broker?: Broker) {
  const sent: HostMessage[] = [];
  const logs: string[] = [];
  const host = new StepperHost({
    // Every message the host sends must pass the webview's own validation.
    post: (m) => sent.push(parseHostMessage(JSON.parse(JSON.stringify(m)))),
    liveBroker: () => broker,
    log: (_l, t) => logs.push(t),
  });
  const timeline = () => {
    const tl = new Timeline();
    for (const m of sent) if (m.type === 'events') tl.append(m.events, m.messages);
    return tl;
  };
  const replies = () => sent.filter((m) => m.type === 'reply');
  return { host, sent, logs, timeline, replies };
}

describe('stepper host (src/stepper/host)', () => {
  it('answers ready with init, runs a scenario on request: narration, events and a typed reply', async () => {
    const h = harness();
    await h.host.handle({ type: 'ready', version: PROTOCOL_VERSION });
    assert.equal(h.sent[0]!.type, 'init');
    await h.host.handle({ type: 'runScenario', requestId: 7, name: 'pitfall-worker-dies' });
    const init = h.sent.filter((m) => m.type === 'init').at(-1)!;
    assert.equal(init.type === 'init' && init.session.mode, 'scenario');
    const narration = h.sent.find((m) => m.type === 'narration');
    assert.ok(narration && narration.type === 'narration' && narration.steps.length === 7);
    assert.deepEqual(h.replies().at(-1), { type: 'reply', requestId: 7, ok: true });
    const tl = h.timeline();
    assert.ok(tl.length > 15);
    // Narration ranges cover the events each step produced.
    const crash = narration.steps[6]!;
    const i = tl.store.indexOfSeq(crash.firstSeq);
    // The crash reads cause first, then its effects: connection closed, channel closed, requeue, cancel, redelivery.
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((k) => tl.store.kindAt(i + k)),
      ['connection.close', 'channel.close', 'requeue', 'consumer.cancel', 'deliver'],
    );
    h.host.dispose();
  });

  it('advance clock after a scenario run appends the clock event (and what it caused) to the same trace', async () => {
    const h = harness();
    await h.host.handle({ type: 'ready', version: PROTOCOL_VERSION });
    await h.host.handle({ type: 'runScenario', requestId: 1, name: 'pitfall-forgotten-ack' });
    const before = h.timeline().length;
    await h.host.handle({ type: 'advanceClock', requestId: 2, ms: 1_800_000 });
    assert.deepEqual(h.replies().at(-1), { type: 'reply', requestId: 2, ok: true });
    const tl = h.timeline();
    assert.ok(tl.length > before);
    const clock = tl.store.get(before);
    assert.equal(clock.kind, 'clock');
    assert.equal(clock.ms, 1_800_000);
    assert.equal(tl.stateAt(tl.length).time, 1_800_000);
    h.host.dispose();
  });

  it('rejects bad requests with a reply the webview can show, and never throws', async () => {
    const h = harness();
    await h.host.handle({ type: 'runScenario', requestId: 3, name: 'no-such-thing' });
    const r = h.replies().at(-1)!;
    assert.equal(r.type === 'reply' && !r.ok && r.error.startsWith("Unknown scenario 'no-such-thing'"), true);
    await h.host.handle({ type: 'setHold', requestId: 4, hold: true });
    const r2 = h.replies().at(-1)!;
    assert.equal(r2.type === 'reply' && !r2.ok && /live mode/.test(r2.error), true);
    await h.host.handle({ type: 'openDoc', requestId: 5, url: 'javascript:alert(1)' });
    const r3 = h.replies().at(-1)!;
    assert.equal(r3.type === 'reply' && r3.requestId === 5 && !r3.ok, true);
    await h.host.handle({ type: 'nonsense' });
    assert.match(h.logs.at(-1)!, /rejected a webview message: unknown webview message type "nonsense"/);
    await h.host.handle({ type: 'goLive', requestId: 6 });
    const r4 = h.replies().at(-1)!;
    assert.equal(r4.type === 'reply' && !r4.ok && /No live broker/.test(r4.error), true);
  });

  it('live mode: follows the broker, and "hold deliveries" releases them one at a time', async () => {
    const broker = new Broker({ clock: new VirtualClock() });
    const got: Delivery[] = [];
    const conn = broker.connect({ clientName: 'my-worker' }, sinkOf({ deliver: (_c, d) => got.push(d) }));
    const ch = conn.openChannel(1);
    ch.queueDeclare({ queue: 'jobs' });
    const h = harness(broker);
    await h.host.handle({ type: 'ready', version: PROTOCOL_VERSION });
    await h.host.handle({ type: 'goLive', requestId: 1 });
    ch.basicConsume({ queue: 'jobs', consumerTag: 'w' });
    ch.basicPublish({ routingKey: 'jobs' }, {}, new TextEncoder().encode('one'));
    assert.equal(got.length, 1, 'not held: delivered at once');
    await h.host.handle({ type: 'setHold', requestId: 2, hold: true });
    ch.basicPublish({ routingKey: 'jobs' }, {}, new TextEncoder().encode('two'));
    assert.equal(got.length, 1, 'held: the client has not received it');
    await wait(120); // live events are coalesced (50 ms)
    const hold = h.sent.filter((m) => m.type === 'hold').at(-1)!;
    assert.deepEqual(hold, { type: 'hold', holding: true, pending: 1 });
    await h.host.handle({ type: 'releaseDelivery', requestId: 3 });
    assert.equal(got.length, 2);
    assert.deepEqual(h.replies().at(-1), { type: 'reply', requestId: 3, ok: true, result: 'Released delivery tag 2 to w.' });
    await wait(120);
    const tl = h.timeline();
    const labels = Array.from({ length: tl.length }, (_, i) => tl.store.get(i))
      .filter((e) => e.kind === 'deliver' || e.kind === 'hold')
      .map((e) => `${e.kind}:${e.tag ?? ''}:${e.held ? 'held' : ''}`);
    assert.deepEqual(labels, ['deliver:1:', 'hold::', 'deliver:2:held', 'hold:2:']);
    const state = tl.stateAt(tl.length);
    assert.equal(state.queues.get('jobs')!.unacked.size, 2);
    assert.deepEqual(readyInOrder(state.queues.get('jobs')!), []);
    assert.ok(tl.lanes.list.some((l) => l.kind === 'consumer' && l.label === 'w'));
    assert.ok(tl.store.get(0).kind === 'connection.open' && tl.store.get(0).conn === 'my-worker', 'connection names come from the client');
    h.host.dispose();
  });

  it('live mode: focusMessage selects the delivery a test finding names, after the events that hold it', async () => {
    const broker = new Broker({ clock: new VirtualClock() });
    const conn = broker.connect({ clientName: 'orders-test' }, sinkOf());
    const ch = conn.openChannel(1);
    ch.queueDeclare({ queue: 'orders' });
    const early = broker.events.lastSeq;
    ch.basicConsume({ queue: 'orders', consumerTag: 'c1' });
    ch.basicPublish({ routingKey: 'orders' }, {}, new TextEncoder().encode('book'));
    ch.basicPublish({ routingKey: 'orders' }, {}, new TextEncoder().encode('gift'));
    const deliveries = broker.events.entries().filter((e) => e.kind === 'delivered');
    const gift = deliveries.find((e) => e.kind === 'delivered' && e.deliveryTag === 2)!;
    assert.ok(gift.kind === 'delivered');
    const h = harness(broker);
    await h.host.handle({ type: 'ready', version: PROTOCOL_VERSION });
    assert.throws(() => h.host.focusMessage({ messageId: gift.messageId }), /live mode/);
    await h.host.handle({ type: 'goLive', requestId: 1 });
    assert.equal(h.host.focusMessage({ messageId: gift.messageId, deliveryTag: 2, channel: 1, sinceSeq: early }), gift.seq);
    assert.equal(
      h.sent.some((m) => m.type === 'select'),
      false,
      'not before the events it points into',
    );
    await wait(120);
    const i = h.sent.findIndex((m) => m.type === 'select');
    assert.deepEqual(h.sent[i], { type: 'select', seq: gift.seq });
    const tl = h.timeline();
    const at = tl.store.indexOfSeq(gift.seq);
    assert.ok(
      h.sent.slice(0, i).some((m) => m.type === 'events' && m.events.some((e) => e.seq === gift.seq)),
      'the selected event was sent first',
    );
    assert.equal(tl.store.kindAt(at), 'deliver');
    assert.equal(tl.store.get(at).tag, 2);
    // Once flushed, a focus selects at once; a message from before the run (sinceSeq) or unknown selects nothing.
    const book = deliveries.find((e) => e.kind === 'delivered' && e.deliveryTag === 1)!;
    assert.equal(h.host.focusMessage({ messageId: book.kind === 'delivered' ? book.messageId : -1 }), book.seq);
    assert.deepEqual(h.sent.at(-1), { type: 'select', seq: book.seq });
    assert.equal(h.host.focusMessage({ messageId: gift.messageId, sinceSeq: broker.events.lastSeq }), undefined);
    assert.equal(h.host.focusMessage({ messageId: 99_999 }), undefined);
    h.host.dispose();
  });

  it("live mode: the panel gets the bodies and headers of real clients' messages, also auto-ack ones, each once", async () => {
    const broker = new Broker({ clock: new VirtualClock() });
    const ch = broker.connect({ clientName: 'app' }, sinkOf()).openChannel(1);
    ch.queueDeclare({ queue: 'jobs' });
    ch.queueDeclare({ queue: 'fire' });
    const enc = new TextEncoder();
    ch.basicPublish({ routingKey: 'jobs' }, {}, enc.encode('before live'));
    ch.basicGet({ queue: 'jobs', noAck: true }); // gone before Live is pressed
    ch.basicPublish({ routingKey: 'jobs' }, {}, enc.encode('waiting'));
    const h = harness(broker);
    await h.host.handle({ type: 'ready', version: PROTOCOL_VERSION });
    await h.host.handle({ type: 'goLive', requestId: 1 });
    ch.basicPublish({ routingKey: 'jobs' }, { contentType: 'application/json', headers: { 'x-note': '<b>hi</b>' } }, enc.encode('{"job":1}'));
    ch.basicConsume({ queue: 'jobs', consumerTag: 'w' });
    ch.basicConsume({ queue: 'fire', consumerTag: 'a', noAck: true });
    ch.basicPublish({ routingKey: 'fire' }, {}, new Uint8Array([0xff, 0x00, 0xfe]));
    await wait(120);
    const tl = h.timeline();
    const events = Array.from({ length: tl.length }, (_, i) => tl.store.get(i));
    const bodyOf = (kind: string, queue: string, nth = 0) => {
      const e = events.filter((x) => x.kind === kind && x.queue === queue)[nth]!;
      return tl.store.message(e.msg!);
    };
    assert.equal(bodyOf('get', 'jobs'), undefined, 'consumed before Live: no body');
    assert.equal(bodyOf('deliver', 'jobs', 0)?.body, 'waiting', 'published before Live, delivered after: its body is known');
    const m = bodyOf('deliver', 'jobs', 1)!;
    assert.equal(m.body, '{"job":1}');
    assert.deepEqual(m.headers, { 'x-note': '<b>hi</b>' });
    assert.equal(m.properties?.contentType, 'application/json');
    const fire = bodyOf('deliver', 'fire')!;
    assert.equal(fire.binary, true, 'a non-UTF-8 body is sent as base64');
    assert.equal(fire.body, Buffer.from([0xff, 0x00, 0xfe]).toString('base64'));
    const sentBodies = h.sent.flatMap((x) => (x.type === 'events' ? x.messages : []));
    assert.equal(sentBodies.length, new Set(sentBodies.map((x) => x.id)).size, 'each body is sent once (enqueue and deliver share it)');
    // Leaving live mode releases the broker's content index: later messages are not indexed.
    h.host.dispose();
    ch.basicPublish({ routingKey: 'jobs' }, {}, enc.encode('after'));
    assert.equal(broker.retainingContent, false);
  });
});
