// One broker state at a time, and only the transitions a broker can make.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { canMove, StateMachine, type BrokerState } from '../../../src/playground';

const STATES: BrokerState[] = ['stopped', 'starting', 'running', 'stopping', 'failed'];

describe('playground/state', () => {
  it('follows stopped → starting → running → stopping → stopped, and a start can fail', () => {
    const m = new StateMachine();
    const seen: BrokerState[] = [];
    m.onDidChange((s) => seen.push(s));
    for (const s of ['starting', 'running', 'stopping', 'stopped', 'starting', 'failed', 'starting', 'running'] as const) m.move(s);
    assert.deepEqual(seen, ['starting', 'running', 'stopping', 'stopped', 'starting', 'failed', 'starting', 'running']);
    assert.equal(m.state, 'running');
  });

  it('refuses impossible transitions with a clear error and keeps the state', () => {
    const m = new StateMachine();
    assert.throws(() => m.move('running'), /cannot go from stopped to running/);
    assert.equal(m.state, 'stopped');
    m.move('starting');
    assert.throws(() => m.move('stopped'), /cannot go from starting to stopped/);
    assert.equal(m.state, 'starting');
  });

  it('any sequence of moves leaves exactly the last allowed state, and listeners saw each change once', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATES), { maxLength: 40 }), (moves) => {
        const m = new StateMachine();
        const seen: BrokerState[] = [];
        m.onDidChange((s) => seen.push(s));
        let expected: BrokerState = 'stopped';
        const changes: BrokerState[] = [];
        for (const to of moves) {
          const ok = to === expected || canMove(expected, to);
          if (ok) {
            m.move(to);
            if (to !== expected) changes.push(to);
            expected = to;
          } else {
            assert.throws(() => m.move(to));
          }
          assert.equal(m.state, expected);
        }
        assert.deepEqual(seen, changes);
      }),
    );
  });
});
