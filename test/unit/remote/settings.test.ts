import { strict as assert } from 'node:assert';
import { checkManagementUrl, legacySecretKey, parseBrokerSettings, planPassword, secretKey } from '../../../src/remote/settings';

describe('remote: acklab.brokers settings', () => {
  it('accepts a full entry and normalizes the management URL', () => {
    const r = parseBrokerSettings([
      { name: ' prod ', managementUrl: 'https://mq.example.com:15671/', amqpUrl: 'amqps://app@mq.example.com/orders', vhosts: ['orders', 'orders'] },
    ]);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.brokers, [
      { name: 'prod', managementUrl: 'https://mq.example.com:15671', amqpUrl: 'amqps://app@mq.example.com/orders', username: 'app', vhosts: ['orders'] },
    ]);
  });

  it('defaults the user to guest, takes an explicit username over the AMQP one, and strips a trailing /api', () => {
    const r = parseBrokerSettings([
      { name: 'a', managementUrl: 'http://localhost:15672/api' },
      { name: 'b', managementUrl: 'http://h:15672/rabbit/', amqpUrl: 'amqp://x@h', username: 'admin' },
    ]);
    assert.deepEqual(r.errors, []);
    assert.equal(r.brokers[0]!.managementUrl, 'http://localhost:15672');
    assert.equal(r.brokers[0]!.username, 'guest');
    assert.equal(r.brokers[1]!.managementUrl, 'http://h:15672/rabbit');
    assert.equal(r.brokers[1]!.username, 'admin');
  });

  it('rejects passwords anywhere in settings, naming the entry', () => {
    const r = parseBrokerSettings([
      { name: 'p1', managementUrl: 'http://localhost:15672', password: 'x' },
      { name: 'p2', managementUrl: 'http://guest:guest@localhost:15672' },
      { name: 'p3', managementUrl: 'http://localhost:15672', amqpUrl: 'amqp://u:secret@localhost' },
    ]);
    assert.deepEqual(r.brokers, []);
    assert.equal(r.errors.length, 3);
    assert.match(r.errors[0]!, /"p1".*remove "password".*SecretStorage/);
    assert.match(r.errors[1]!, /"p2".*must not contain a user or password/);
    assert.match(r.errors[2]!, /"p3".*amqpUrl must not contain a password/);
    assert.ok(
      r.errors.every((e) => !e.includes('secret')),
      'the password itself is never echoed',
    );
  });

  it('explains common mistakes: AMQP URL as management URL, missing fields, duplicates, bad vhosts', () => {
    const r = parseBrokerSettings([
      { name: 'amqp', managementUrl: 'amqp://localhost:5672' },
      { managementUrl: 'http://localhost:15672' },
      { name: 'dup', managementUrl: 'http://a:15672' },
      { name: 'dup', managementUrl: 'http://b:15672' },
      { name: 'vh', managementUrl: 'http://a:15672', vhosts: '/' },
      { name: 'nourl' },
      'just a string',
      { name: 'extra', managementUrl: 'http://a:15672', colour: 'red' },
    ]);
    assert.deepEqual(
      r.brokers.map((b) => b.name),
      ['dup', 'extra'],
    );
    assert.match(r.errors[0]!, /"amqp".*http:\/\/ or https:\/\/.*AMQP URL.*15672/);
    assert.match(r.errors[1]!, /acklab.brokers\[1\]: name is required/);
    assert.match(r.errors[2]!, /"dup": duplicate name/);
    assert.match(r.errors[3]!, /"vh": vhosts must be an array/);
    assert.match(r.errors[4]!, /"nourl": managementUrl is required/);
    assert.match(r.errors[5]!, /acklab.brokers\[6\] must be an object/);
    assert.match(r.errors[6]!, /"extra": unknown field "colour"/);
  });

  it('treats a missing setting as no brokers and a non-array as one clear error', () => {
    assert.deepEqual(parseBrokerSettings(undefined), { brokers: [], errors: [] });
    const r = parseBrokerSettings({ name: 'x' });
    assert.deepEqual(r.brokers, []);
    assert.match(r.errors[0]!, /must be an array/);
  });

  it('rejects non-URLs and query strings in the management URL', () => {
    assert.match((checkManagementUrl('localhost:15672') as { error: string }).error, /http:\/\/ or https:\/\//);
    assert.match((checkManagementUrl('not a url') as { error: string }).error, /not a URL/);
    assert.match((checkManagementUrl('http://h:15672/?x=1') as { error: string }).error, /query/);
  });

  it('keys secrets by broker name', () => {
    assert.equal(secretKey({ name: 'prod', managementUrl: 'http://a:15672' }), 'acklab.broker.password:prod@http://a:15672');
    assert.notEqual(secretKey({ name: 'prod', managementUrl: 'http://a:15672' }), secretKey({ name: 'prod', managementUrl: 'http://evil:15672' }));
    assert.equal(legacySecretKey('prod'), 'acklab.broker.password:prod');
  });
});

describe('remote: which password a broker gets (name + URL)', () => {
  const b = { managementUrl: 'http://a:15672' };
  it('saved for this URL: used', () => assert.deepEqual(planPassword(b, ['http://a:15672'], false), { kind: 'use' }));
  it('saved for another URL only (a reused name): ask first, naming where it was saved', () =>
    assert.deepEqual(planPassword(b, ['http://old:15672'], false), { kind: 'ask', savedFor: 'http://old:15672' }));
  it('saved by a version that keyed by name only: ask first', () => assert.deepEqual(planPassword(b, [], true), { kind: 'ask', savedFor: undefined }));
  it('nothing saved: none', () => assert.deepEqual(planPassword(b, [], false), { kind: 'none' }));
});
