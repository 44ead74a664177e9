// Clients not written in JavaScript: pika (Debian python3-pika, via /usr/bin/python3) and the C client
// tools from Debian's amqp-tools (rabbitmq-c): amqp-declare-queue, amqp-publish, amqp-get, amqp-consume.
import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { queueCounts, startAcklab, type Running } from './helpers';

const exec = promisify(execFile);
const PY = '/usr/bin/python3';
const hasPika =
  existsSync(PY) &&
  (() => {
    try {
      execFileSync(PY, ['-c', 'import pika']);
      return true;
    } catch {
      return false;
    }
  })();
const hasTools = existsSync('/usr/bin/amqp-publish');

describe('AMQP listener with foreign clients', function () {
  this.timeout(30_000);
  let s: Running;
  beforeEach(async () => {
    s = await startAcklab();
  });
  afterEach(async () => {
    await s.stop();
    assert.deepEqual(
      s.logs.filter((l) => /internal error/.test(l)),
      [],
    );
  });

  (hasPika ? it : it.skip)('pika: confirms, properties and typed headers, get, nack/requeue, consume with prefetch, 406 on a bad ack', async () => {
    const { stdout } = await exec(PY, [join(__dirname, 'peers', 'pika_client.py'), `${s.url}/%2F`, 'pika-q'], { timeout: 25_000 });
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>[];
    assert.deepEqual(out[0], { step: 'published', confirmed: 5 });
    assert.deepEqual(out[1], {
      step: 'get',
      tag: 1,
      body: 'p1',
      count: 4,
      ct: 'text/plain',
      dm: 2,
      prio: 3,
      headers: { n: 1, big: 2 ** 40, s: 'x', d: '1.5', b: true, l: [1, 'a'] },
    });
    assert.deepEqual(out[2], {
      step: 'consumed',
      got: [
        [2, true, 'p1'],
        [3, false, 'p2'],
        [4, false, 'p3'],
        [5, false, 'p4'],
        [6, false, 'p5'],
      ],
    });
    assert.deepEqual(out[3], { step: 'after', messages: 0 });
    assert.deepEqual(out[4], { step: 'double-ack', code: 406, text: 'PRECONDITION_FAILED - unknown delivery tag 999' });
    assert.deepEqual(queueCounts(s.broker, 'pika-q'), { ready: 0, unacked: 0, consumers: 0 });
  });

  (hasTools ? it : it.skip)('amqp-tools: declare, publish with headers, get, consume a count', async () => {
    const url = s.url;
    const { stdout: qname } = await exec('amqp-declare-queue', ['-u', url, '-q', 'tools-q']);
    assert.equal(qname.trim(), 'tools-q');
    for (let i = 1; i <= 4; i++) {
      await exec('amqp-publish', ['-u', url, '-r', 'tools-q', '-p', '-C', 'text/plain', '-H', `n: ${i}`, '-b', `hello ${i}`]);
    }
    assert.deepEqual(queueCounts(s.broker, 'tools-q'), { ready: 4, unacked: 0, consumers: 0 });
    const { stdout: got } = await exec('amqp-get', ['-u', url, '-q', 'tools-q']);
    assert.equal(got, 'hello 1');
    const { stdout: consumed } = await exec('amqp-consume', ['-u', url, '-q', 'tools-q', '-c', '3', 'cat'], { timeout: 10_000 });
    assert.equal(consumed, 'hello 2hello 3hello 4');
    assert.deepEqual(queueCounts(s.broker, 'tools-q'), { ready: 0, unacked: 0, consumers: 0 });
    // amqp-get on an empty queue exits non-zero (get-empty)
    await assert.rejects(exec('amqp-get', ['-u', url, '-q', 'tools-q']));
    // bad credentials are refused
    await assert.rejects(exec('amqp-get', ['-u', url.replace('guest:guest', 'guest:bad'), '-q', 'tools-q']));
  });
});
