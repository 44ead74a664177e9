import { strict as assert } from 'node:assert';
import { runDemo } from '../../../src/cli/commands/demo';

describe('acklab demo (broker walkthrough)', () => {
  it('prints the work queue counts through a worker crash and a consumer timeout', () => {
    const lines = runDemo('rabbitmq');
    const counts = lines.filter((l) => l.includes(' tasks ')).map((l) => l.replace(/^.*tasks\s+/, '').replace(/\s+/g, ' '));
    assert.deepEqual(counts, [
      'ready 6 unacked 0 consumers 0',
      'ready 4 unacked 2 consumers 1',
      'ready 3 unacked 2 consumers 1',
      'ready 5 unacked 0 consumers 0',
      'ready 0 unacked 0 consumers 1',
      'ready 0 unacked 1 consumers 1',
      'ready 1 unacked 0 consumers 0',
    ]);
    assert.ok(lines.some((l) => l.includes('delivery acknowledgement on channel 1 timed out')));
    assert.equal(lines.at(-1), 'message states: acked 6, ready 1, unacked 0 (nothing vanished)');
  });

  it('lavinmq profile: no consumer timeout', () => {
    assert.equal(runDemo('lavinmq').at(-1), 'message states: acked 6, ready 0, unacked 1 (nothing vanished)');
  });
});
