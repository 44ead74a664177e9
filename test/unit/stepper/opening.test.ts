// What the stepper shows when it opens with nothing to restore: Live when real clients are connected
// to the playground broker, otherwise the scenario list with the last scenario run offered first.
import assert from 'node:assert/strict';
import { Broker, sinkOf } from '../../../src/broker';
import { PROTOCOL_VERSION, parseHostMessage, type HostMessage, type SessionInfo } from '../../../src/protocol/messages';
import { StepperHost } from '../../../src/stepper/host';

function open(broker: Broker | undefined, memory: { last?: string } = {}) {
  const sent: HostMessage[] = [];
  const host = new StepperHost({
    post: (m) => sent.push(parseHostMessage(JSON.parse(JSON.stringify(m)))),
    liveBroker: () => broker,
    lastScenario: {
      get: () => memory.last,
      set: (n) => {
        memory.last = n;
      },
    },
  });
  const session = (): SessionInfo => {
    const init = sent.filter((m) => m.type === 'init').at(-1);
    assert.ok(init && init.type === 'init', 'the host sent init');
    return init.session;
  };
  return { host, sent, session };
}

describe('stepper: opens useful (src/stepper/host)', () => {
  it("follows Live when an AMQP client is connected; AckLab's own in-process connection does not count", async () => {
    const broker = new Broker();
    try {
      broker.connect({ clientName: 'AckLab (VS Code)', remoteAddress: '' }, sinkOf());
      const before = open(broker);
      await before.host.handle({ type: 'ready', version: PROTOCOL_VERSION });
      assert.equal(before.session().mode, 'empty');
      before.host.dispose();

      broker.connect({ clientName: 'worker.js', remoteAddress: '127.0.0.1:50123' }, sinkOf());
      const after = open(broker);
      await after.host.handle({ type: 'ready', version: PROTOCOL_VERSION });
      assert.equal(after.session().mode, 'live');
      after.host.dispose();
    } finally {
      broker.shutdown();
    }
  });

  it('without clients it offers the scenarios, the last one run first (remembered across panels)', async () => {
    const memory: { last?: string } = {};
    const first = open(undefined, memory);
    await first.host.handle({ type: 'ready', version: PROTOCOL_VERSION });
    assert.equal(first.session().mode, 'empty');
    assert.equal(first.session().lastScenario, undefined);
    assert.ok(first.session().scenarios.length >= 18);
    await first.host.handle({ type: 'runScenario', requestId: 1, name: 'tutorial-2-work-queues' });
    first.host.dispose();

    const second = open(undefined, memory);
    await second.host.handle({ type: 'ready', version: PROTOCOL_VERSION });
    assert.equal(second.session().mode, 'empty');
    assert.equal(second.session().lastScenario, 'tutorial-2-work-queues');
    second.host.dispose();
  });

  it('a remembered name that is no longer a scenario is not offered', async () => {
    const h = open(undefined, { last: 'renamed-long-ago' });
    await h.host.handle({ type: 'ready', version: PROTOCOL_VERSION });
    assert.equal(h.session().lastScenario, undefined);
    h.host.dispose();
  });
});
