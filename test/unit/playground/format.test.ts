import { strict as assert } from 'node:assert';
import {
  amqpUrl,
  bodyPreview,
  channelDescription,
  connectionDescription,
  consumerDescription,
  deliveryDescription,
  formatAge,
  queueDescription,
  statusText,
} from '../../../src/playground/format';

const enc = (s: string) => new TextEncoder().encode(s);

describe('playground/format', () => {
  it('queue description reads like the issue: ready · unacked · consumers', () => {
    assert.equal(queueDescription({ ready: 3, unacked: 2, consumers: 2 }), 'ready 3 · unacked 2 · 2 consumers');
    assert.equal(queueDescription({ ready: 1, unacked: 0, consumers: 1 }), 'ready 1 · unacked 0 · 1 consumer');
    assert.equal(queueDescription({ ready: 0, unacked: 0, consumers: 0 }), 'ready 0 · unacked 0');
  });

  it('body preview quotes text, escapes control characters and cuts long bodies', () => {
    assert.equal(bodyPreview(enc('hello')), '“hello”');
    assert.equal(bodyPreview(enc('a\nb\tc\x01')), '“a\\nb\\tc\\x01”');
    assert.equal(bodyPreview(enc('x'.repeat(50)), 10), `“${'x'.repeat(10)}…”`);
    assert.equal(bodyPreview(new Uint8Array([0xff, 0xfe, 0x00])), '<3 bytes>');
    assert.equal(bodyPreview(new Uint8Array()), '<empty>');
    // a multi-byte character cut by the byte window is still text, not "binary"
    assert.equal(bodyPreview(enc('é'.repeat(30)), 5), `“${'é'.repeat(5)}…”`);
    // markup is shown as the characters it is (the tree renders text, never HTML)
    assert.equal(bodyPreview(enc('<img src=x onerror=alert(1)>')), '“<img src=x onerror=alert(1)>”');
  });

  it('ages', () => {
    assert.equal(formatAge(850), '0s');
    assert.equal(formatAge(75_000), '1m 15s');
    assert.equal(formatAge(2 * 3_600_000), '2h 0m');
    assert.equal(formatAge(-5), '0s');
    assert.equal(formatAge(50 * 3_600_000), '2d 2h');
  });

  it('consumer, delivery, channel and connection descriptions', () => {
    const c = { consumerTag: 'ctag1', queue: 'q', prefetch: 1, noAck: false, exclusive: false, priority: 0, active: true, unacked: 1 };
    assert.equal(consumerDescription(c, 'worker ch 1'), 'worker ch 1 · manual ack · prefetch 1 · unacked 1');
    assert.equal(consumerDescription({ ...c, noAck: true }, 'ch'), 'ch · auto-ack');
    assert.equal(
      consumerDescription({ ...c, prefetch: 0, active: false }, 'ch'),
      'ch · manual ack · prefetch ∞ · unacked 1 · waiting (single active consumer)',
    );
    const d = { messageId: 1, connectionId: 1, channel: 1, deliveryTag: 4, consumerTag: 'ctag1', deliveredAt: 1000, redelivered: true, deliveryCount: 2 };
    assert.equal(deliveryDescription(d, '“hi”', 13_000, 'ch'), '“hi” · redelivered · 12s · ctag1');
    assert.equal(deliveryDescription({ ...d, consumerTag: '', redelivered: false }, '“hi”', 1000, 'conn 1 ch 1'), '“hi” · 0s · basic.get on conn 1 ch 1');
    const ch = { number: 1, prefetch: 10, globalPrefetch: 0, confirm: true, tx: false, flow: true, unacked: 3, consumers: [c] };
    assert.equal(channelDescription(ch), 'unacked 3 · prefetch 10 · confirm mode · 1 consumer');
    assert.equal(
      connectionDescription({ id: 1, name: 'worker', user: 'guest', vhost: '/', remoteAddress: '127.0.0.1:5000', channels: [ch, ch] }),
      '127.0.0.1:5000 · guest · 2 channels',
    );
  });

  it('status bar text and AMQP URL', () => {
    assert.equal(statusText('running', 5673, { ready: 3, unacked: 2 }), '$(broadcast) AckLab :5673  ready 3 · unacked 2');
    assert.match(statusText('stopped', undefined, { ready: 0, unacked: 0 }), /stopped/);
    assert.equal(amqpUrl('127.0.0.1', 5672), 'amqp://localhost:5672');
    assert.equal(amqpUrl('0.0.0.0', 5673), 'amqp://localhost:5673');
    assert.equal(amqpUrl('::1', 5673), 'amqp://[::1]:5673');
    assert.equal(amqpUrl('10.0.0.5', 1), 'amqp://10.0.0.5:1');
  });
});
