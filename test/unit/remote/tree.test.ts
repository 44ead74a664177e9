import { strict as assert } from 'node:assert';
import { toQueueInfo } from '../../../src/remote/client';
import { ManagementError } from '../../../src/remote/errors';
import { BrokerModel, formatRate, queueDescription } from '../../../src/remote/tree';

describe('remote: tree view models', () => {
  it('describes a queue like the playground does, with rates when the API gives them', () => {
    const q = toQueueInfo({
      name: 'task_queue',
      vhost: '/',
      node: 'rabbit@a',
      type: 'classic',
      durable: true,
      messages_ready: 3,
      messages_unacknowledged: 2,
      consumers: 1,
      message_stats: { publish_details: { rate: 12.345 }, deliver_get_details: { rate: 1500.4 }, ack_details: { rate: 0 } },
    });
    assert.equal(queueDescription(q), 'ready 3 · unacked 2 · 1 consumer · in 12.3/s · out 1,500/s');
    assert.equal(queueDescription({ ...q, consumers: 2, rates: {} }, 'rabbit@b'), 'ready 3 · unacked 2 · 2 consumers · on rabbit@b');
  });

  it('reads a queue without stats (idle queue, LavinMQ) as zeros and no rates', () => {
    const q = toQueueInfo({ name: 'q', vhost: 'v' });
    assert.deepEqual(q, { name: 'q', vhost: 'v', type: 'classic', durable: false, ready: 0, unacked: 0, consumers: 0, rates: {} });
  });

  it('formats rates', () => {
    assert.equal(formatRate(0), '0/s');
    assert.equal(formatRate(0.04), '0/s');
    assert.equal(formatRate(0.25), '0.3/s');
    assert.equal(formatRate(99.94), '99.9/s');
    assert.equal(formatRate(12500), '12,500/s');
  });

  it('a broker without a stored password shows an error node, not an empty tree', async () => {
    const m = new BrokerModel({ name: 'prod', managementUrl: 'http://h:15672', username: 'app' }, undefined);
    assert.equal(m.root.description, 'not configured');
    assert.equal(m.root.icon, 'error');
    const kids = await m.children(m.root);
    assert.equal(kids.length, 1);
    assert.equal(kids[0]!.kind, 'error');
    assert.match(kids[0]!.label, /No password stored for prod/);
    const r = await m.refresh();
    assert.equal(r.error?.kind, 'config');
  });

  it('a custom configuration error is shown as given', async () => {
    const m = new BrokerModel({ name: 'x', managementUrl: 'http://h:15672', username: 'u' }, undefined, {
      configError: new ManagementError('config', 'Secret storage is unavailable.'),
    });
    const kids = await m.children(m.root);
    assert.equal(kids[0]!.label, 'Secret storage is unavailable.');
    assert.equal(kids[0]!.contextValue, 'acklab.remote.error.config');
  });
});
