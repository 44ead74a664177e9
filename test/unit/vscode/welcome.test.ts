// The welcome content of the AckLab views (package.json viewsWelcome, texts in package.nls.json) follows ONE broker state at
// a time: for every value of the `acklab.brokerState` context key (and before it is set), each view
// shows exactly one welcome entry. And the AMQP port range is contributed as "not a web page".
import assert from 'node:assert/strict';
import { localizedManifest } from '../../support/manifest';

const pkg = localizedManifest();
const STATES = ['stopped', 'starting', 'running', 'stopping', 'failed', undefined] as const;

/** Evaluates the `when` clauses used here: `k == v`, `k != v`, `!k`, joined by `||` / `&&`. */
function when(expr: string, state: string | undefined): boolean {
  return expr.split('||').some((any) =>
    any.split('&&').every((term) => {
      const t = term.trim();
      const m = /^acklab\.brokerState\s*(==|!=)\s*(\w+)$/.exec(t);
      if (m) return m[1] === '==' ? state === m[2] : state !== m[2];
      if (t === '!acklab.brokerState') return state === undefined;
      throw new Error(`unexpected when clause: ${t}`);
    }),
  );
}

describe('views welcome content (package.json)', () => {
  const entries = pkg.contributes.viewsWelcome as Array<{ view: string; when: string; contents: string }>;
  for (const view of ['acklab.queues', 'acklab.connections']) {
    it(`${view}: exactly one welcome entry for each broker state`, () => {
      for (const st of STATES) {
        const shown = entries.filter((e) => e.view === view && when(e.when, st));
        assert.equal(shown.length, 1, `${view} in state ${st}: ${shown.map((e) => e.contents).join(' | ')}`);
        // a "starting" view never offers to start (the old contradiction: "not running" + Start beside "starting")
        if (st === 'starting' || st === undefined) assert.doesNotMatch(shown[0]!.contents, /Start Broker|not running/);
      }
    });
  }
  it('the Queues welcome is compact: one button (a link alone on its line), the rest inline links', () => {
    const running = entries.find((e) => e.view === 'acklab.queues' && when(e.when, 'running'))!;
    const lines = running.contents.split('\n');
    const buttons = lines.filter((l) => /^\[[^\]]+\]\(command:[^)]+\)$/.test(l.trim()));
    assert.deepEqual(buttons, ['[Open Terminal with AMQP_URL](command:acklab.openTerminal)']);
    assert.ok(lines.length <= 3, `${lines.length} lines`);
    assert.match(running.contents, /\[copy the AMQP URL\]\(command:acklab\.copyAmqpUrl\)/);
  });
  it('the playground AMQP ports are contributed as silent (not offered as a web page)', () => {
    const attrs = pkg.contributes.configurationDefaults['remote.portsAttributes'];
    assert.equal(attrs['5672-5772'].onAutoForward, 'silent');
  });
});
