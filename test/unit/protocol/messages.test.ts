import assert from 'node:assert/strict';
import { PROTOCOL_VERSION, ProtocolError, parseHostMessage, parseWebviewMessage, requestId } from '../../../src/protocol/messages';
import { stepperHtml } from '../../../src/stepper/page';

describe('host <-> webview protocol (src/protocol)', () => {
  const session = {
    mode: 'scenario',
    title: 'Work queues',
    canHold: false,
    scenarios: [{ name: 'tut2', title: 'Work queues', group: 'tutorial', summary: 's', docUrl: 'https://www.rabbitmq.com/tutorials/tutorial-two-javascript' }],
  };

  it('accepts every well-formed host message', () => {
    assert.equal(parseHostMessage({ type: 'init', version: PROTOCOL_VERSION, session }).type, 'init');
    const ev = parseHostMessage({
      type: 'events',
      events: [{ seq: 1, time: 0, kind: 'deliver', queue: 'q', msg: 1, tag: 1, redelivered: true }],
      messages: [{ id: 1, body: '<img src=x onerror=alert(1)>' }],
    });
    assert.equal(ev.type === 'events' && ev.messages[0]!.body, '<img src=x onerror=alert(1)>', 'bodies pass through untouched (they are shown as text)');
    assert.equal(parseHostMessage({ type: 'hold', holding: true, pending: 2 }).type, 'hold');
    assert.deepEqual(parseHostMessage({ type: 'reply', requestId: 3, ok: false, error: 'nope' }), { type: 'reply', requestId: 3, ok: false, error: 'nope' });
    assert.equal(
      parseHostMessage({
        type: 'narration',
        steps: [{ index: 0, title: 't', text: 'x', firstSeq: 1, lastSeq: 4, docUrl: 'https://www.rabbitmq.com/docs/confirms' }],
      }).type,
      'narration',
    );
  });

  it('rejects malformed host messages with a reason that names the field', () => {
    const bad: Array<[unknown, RegExp]> = [
      [null, /must be an object/],
      [{ type: 'explode' }, /unknown host message type "explode"/],
      [{ type: 'init', version: 99, session }, /protocol version 99 is not supported/],
      [{ type: 'events', events: [{ seq: 1, time: 0, kind: 'teleport' }], messages: [] }, /events\[0\]: unknown event kind "teleport"/],
      [{ type: 'events', events: [{ seq: -1, time: 0, kind: 'ack' }], messages: [] }, /seq must be a non-negative integer/],
      [{ type: 'events', events: [{ seq: 1, time: 0, kind: 'ack', tag: '1' }], messages: [] }, /field tag must be a number/],
      [{ type: 'events', events: [], messages: [{ id: 1, body: 5 }] }, /messages\[0\]: message body must be a string/],
      [
        { type: 'narration', steps: [{ index: 0, title: 't', text: 'x', firstSeq: 1, lastSeq: 2, docUrl: 'javascript:alert(1)' }] },
        /docUrl must be an https URL/,
      ],
      [{ type: 'reply', requestId: 0, ok: true }, /request id must be a positive integer/],
      [{ type: 'hold', holding: 'yes', pending: 0 }, /hold.holding must be a boolean/],
    ];
    for (const [msg, re] of bad)
      assert.throws(
        () => parseHostMessage(msg),
        (e: unknown) => e instanceof ProtocolError && re.test(e.message),
        JSON.stringify(msg),
      );
  });

  it('accepts webview requests with typed ids and rejects unsafe or malformed ones', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'runScenario', requestId: 1, name: 'tut1' }), { type: 'runScenario', requestId: requestId(1), name: 'tut1' });
    assert.deepEqual(parseWebviewMessage({ type: 'ready', version: 1, state: { scenario: 'tut2', selectedSeq: 7 } }), {
      type: 'ready',
      version: 1,
      state: { scenario: 'tut2', selectedSeq: 7 },
    });
    assert.equal(parseWebviewMessage({ type: 'openDoc', requestId: 2, url: 'https://www.rabbitmq.com/docs/confirms#acknowledgement-modes' }).type, 'openDoc');
    const bad: Array<[unknown, RegExp]> = [
      [{ type: 'openDoc', requestId: 2, url: 'file:///etc/passwd' }, /must be a rabbitmq.com https link/],
      [{ type: 'openDoc', requestId: 2, url: 'https://evil.example/www.rabbitmq.com/' }, /must be a rabbitmq.com https link/],
      [{ type: 'advanceClock', requestId: 3, ms: -5 }, /between 1 ms and one year/],
      [{ type: 'export', requestId: 4, format: 'pdf', content: '' }, /svg or mermaid/],
      [{ type: 'runScenario', requestId: 1.5, name: 'x' }, /positive integer/],
      [{ type: 'runScenario', name: 'x' }, /requestId must be a number/],
      [{ type: 'setHold', requestId: 1, hold: 1 }, /hold must be a boolean/],
      [{ type: 'eval', code: '1' }, /unknown webview message type "eval"/],
    ];
    for (const [msg, re] of bad)
      assert.throws(
        () => parseWebviewMessage(msg),
        (e: unknown) => e instanceof ProtocolError && re.test(e.message),
        JSON.stringify(msg),
      );
  });

  it('the page has a strict CSP: nothing by default, only the nonce-d script', () => {
    const html = stepperHtml({ scriptUri: 'https://x/webview.js', styleUri: 'https://x/webview.css', cspSource: 'https://x', nonce: 'abcdefghijklmnop1234' });
    const csp = /Content-Security-Policy" content="([^"]*)"/.exec(html)![1]!;
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abcdefghijklmnop1234'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="abcdefghijklmnop1234" src="https:\/\/x\/webview.js">/);
    assert.throws(() => stepperHtml({ scriptUri: 'a', styleUri: 'b', cspSource: 'c', nonce: 'short' }), /nonce/);
  });
});
