import { strict as assert } from 'node:assert';
import { nameError, parseDuration, parseKeyValues } from '../../../src/vscode/args';

describe('vscode/args', () => {
  it('parses queue arguments with the types RabbitMQ expects', () => {
    assert.deepEqual(parseKeyValues('x-delivery-limit=3, x-dead-letter-exchange=dlx\nx-message-ttl=60000, x-max-length=10'), {
      'x-delivery-limit': 3,
      'x-dead-letter-exchange': 'dlx',
      'x-message-ttl': 60000,
      'x-max-length': 10,
    });
    assert.deepEqual(parseKeyValues(''), {});
    assert.deepEqual(parseKeyValues('x-single-active-consumer=true, tenant=42, note=a b'), { 'x-single-active-consumer': true, tenant: 42, note: 'a b' });
    // a numeric-looking value of a known string argument stays a string
    assert.deepEqual(parseKeyValues('x-dead-letter-routing-key=123'), { 'x-dead-letter-routing-key': '123' });
  });

  it('rejects bad input with a clear text', () => {
    assert.throws(() => parseKeyValues('x-message-ttl=soon'), /x-message-ttl must be a whole number .* got "soon"/);
    assert.throws(() => parseKeyValues('justakey'), /"justakey" must look like key=value/);
    assert.throws(() => parseKeyValues('=3'), /must look like key=value/);
    assert.throws(() => parseKeyValues('a=1, a=2'), /a is given twice/);
  });

  it('checks names', () => {
    assert.equal(nameError('tasks', 'queue'), undefined);
    assert.match(nameError('amq.foo', 'queue')!, /reserved/);
    assert.match(nameError('x'.repeat(256), 'queue')!, /255 bytes/);
    assert.match(nameError('', 'exchange')!, /default exchange/);
  });

  it('parses durations', () => {
    assert.equal(parseDuration('30m'), 1_800_000);
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('1500'), 1500);
    assert.equal(parseDuration(' 2h '), 7_200_000);
    assert.throws(() => parseDuration('soon'), /not a duration/);
    assert.throws(() => parseDuration('400d'), /too long/);
  });
});
