// The errors added by the audit against RabbitMQ's source (docs/errors.md), on the profiles the differential
// suite does not run: 4.2 ('rabbitmq') and LavinMQ. The 3.x side is compared live in test/integration/diff.
import { strict as assert } from 'node:assert';
import type { Profile } from '../../../src/broker';
import type { FieldTable } from '../../../src/broker/types';
import { Harness, throwsAmqp } from './harness';

const channel = (profile: Profile) => new Harness({ profile }).client().channel();

describe('error audit (docs/errors.md): profile differences', () => {
  it('x-cancel-on-ha-failover: a non-boolean is 406 on 3.x, ignored on 4.2 and LavinMQ', () => {
    const consume = (p: Profile) => {
      const ch = channel(p);
      ch.queueDeclare({ queue: 'q' });
      ch.basicConsume({ queue: 'q', arguments: { 'x-cancel-on-ha-failover': 'yes' } });
      return ch.isOpen;
    };
    throwsAmqp(() => consume('rabbitmq-3'), {
      code: 406,
      text: "PRECONDITION_FAILED - invalid arg 'x-cancel-on-ha-failover' for queue 'q' in vhost '/': {unacceptable_type,longstr}",
    });
    assert.equal(consume('rabbitmq'), true);
    assert.equal(consume('lavinmq'), true);
  });

  it('x-cancel-on-ha-failover on a quorum queue is an invalid key on 3.x only', () => {
    const consume = (p: Profile) => {
      const ch = channel(p);
      ch.queueDeclare({ queue: 'q', durable: true, arguments: { 'x-queue-type': 'quorum' } });
      ch.basicConsume({ queue: 'q', arguments: { 'x-cancel-on-ha-failover': true } });
      return ch.isOpen;
    };
    throwsAmqp(() => consume('rabbitmq-3'), {
      code: 406,
      text: "PRECONDITION_FAILED - invalid arg 'x-cancel-on-ha-failover' for queue 'q' in vhost '/' of queue type rabbit_quorum_queue",
    });
    assert.equal(consume('rabbitmq'), true);
  });

  it('x-stream-offset on a classic or quorum consume is refused on both RabbitMQ profiles', () => {
    for (const p of ['rabbitmq', 'rabbitmq-3'] as const) {
      const ch = channel(p);
      ch.queueDeclare({ queue: 'q', durable: true, arguments: { 'x-queue-type': 'quorum' } });
      throwsAmqp(() => ch.basicConsume({ queue: 'q', arguments: { 'x-stream-offset': 'first' } }), {
        code: 406,
        text: "PRECONDITION_FAILED - invalid arg 'x-stream-offset' for queue 'q' in vhost '/' of queue type rabbit_quorum_queue",
        classId: 60,
        methodId: 20,
      });
    }
  });

  it('unbind naming a missing queue or exchange: unbind-ok on RabbitMQ, 404 on LavinMQ', () => {
    for (const p of ['rabbitmq', 'rabbitmq-3'] as const) {
      const ch = channel(p);
      ch.queueUnbind({ queue: 'nope', exchange: 'amq.direct', routingKey: 'k' });
      ch.queueDeclare({ queue: 'q' });
      ch.queueUnbind({ queue: 'q', exchange: 'nox', routingKey: 'k' });
      assert.equal(ch.isOpen, true, p);
    }
    throwsAmqp(() => channel('lavinmq').queueUnbind({ queue: 'nope', exchange: 'amq.direct', routingKey: 'k' }), {
      code: 404,
      text: "NOT_FOUND - no queue 'nope' in vhost '/'",
    });
  });

  it('a quorum queue: no server name, no if-unused / if-empty delete, no basic.get with single active consumer (4.2 too)', () => {
    const ch = channel('rabbitmq');
    throwsAmqp(() => ch.queueDeclare({ queue: '', durable: true, arguments: { 'x-queue-type': 'quorum' } }), {
      code: 406,
      text: 'PRECONDITION_FAILED - Cannot declare a server-named queue for type rabbit_quorum_queue',
    });
    const ch2 = channel('rabbitmq');
    ch2.queueDeclare({ queue: 'q', durable: true, arguments: { 'x-queue-type': 'quorum', 'x-single-active-consumer': true } });
    throwsAmqp(() => ch2.basicGet({ queue: 'q' }), {
      scope: 'channel',
      code: 405,
      text: "RESOURCE_LOCKED - cannot obtain access to locked queue 'q' in vhost '/'. basic.get operations are not supported by quorum queues with single active consumer",
    });
    const ch3 = channel('rabbitmq');
    ch3.queueDeclare({ queue: 'q', durable: true, arguments: { 'x-queue-type': 'quorum' } });
    throwsAmqp(() => ch3.queueDelete({ queue: 'q', ifEmpty: true }), {
      scope: 'connection',
      code: 540,
      text: "NOT_IMPLEMENTED - cannot delete queue 'q' in vhost '/'. queue.delete operations with if-empty flag set are not supported by quorum queues",
      classId: 50,
      methodId: 40,
    });
  });

  it('x-queue-mode, x-queue-version and x-dead-letter-strategy values are checked on RabbitMQ, not on LavinMQ', () => {
    const declare = (p: Profile, args: FieldTable, quorum = false) =>
      channel(p).queueDeclare({ queue: 'q', durable: true, arguments: quorum ? { 'x-queue-type': 'quorum', ...args } : args });
    throwsAmqp(() => declare('rabbitmq', { 'x-queue-mode': 'bogus' }), {
      code: 406,
      text: `PRECONDITION_FAILED - invalid arg 'x-queue-mode' for queue 'q' in vhost '/': "unsupported queue mode 'bogus'"`,
    });
    throwsAmqp(() => declare('rabbitmq', { 'x-queue-version': 3 }), {
      code: 406,
      text: `PRECONDITION_FAILED - invalid arg 'x-queue-version' for queue 'q' in vhost '/': "unsupported queue version '3'"`,
    });
    throwsAmqp(() => declare('rabbitmq', { 'x-dead-letter-strategy': 'bogus' }, true), {
      code: 406,
      text: "PRECONDITION_FAILED - invalid arg 'x-dead-letter-strategy' for queue 'q' in vhost '/': invalid_dlx_strategy",
    });
    declare('rabbitmq', { 'x-queue-mode': 'lazy', 'x-queue-version': 2 });
    declare('lavinmq', { 'x-queue-mode': 'bogus', 'x-queue-version': 3 });
  });
});
