import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { choosePort } from '../../../src/playground/port';
import { readSettings, SETTINGS, settingsImpact } from '../../../src/playground/settings';

describe('playground/settings', () => {
  it('unset values take the defaults', () => {
    const { settings, errors } = readSettings(() => undefined);
    assert.deepEqual(errors, []);
    assert.equal(settings.amqpPort, 5672);
    assert.equal(settings.amqpEnabled, true);
    assert.equal(settings.profile, 'rabbitmq');
    assert.equal(settings.consumerTimeoutMs, 1_800_000);
  });

  it('bad values are named with the setting, the value and what is allowed, and fall back', () => {
    const raw: Record<string, unknown> = { 'amqp.port': 70000, profile: 'kafka', 'amqp.bindAddress': '999.1.1.1', logSize: -1, 'amqp.enabled': 'yes' };
    const { settings, errors } = readSettings((k) => raw[k]);
    assert.equal(settings.amqpPort, 5672);
    assert.equal(settings.profile, 'rabbitmq');
    assert.equal(errors.length, 5);
    assert.ok(
      errors.some((e) => e.includes('acklab.amqp.port must be a whole number from 1 to 65535 (got 70000)')),
      errors.join('\n'),
    );
    assert.ok(errors.some((e) => e.includes('acklab.profile must be one of "rabbitmq", "rabbitmq-3", "lavinmq" (got "kafka")')));
    assert.ok(errors.some((e) => e.includes('"999.1.1.1" is not a valid IPv4 address')));
    assert.ok(errors.some((e) => e.startsWith('acklab.amqp.enabled must be true or false')));
  });

  it('good values are kept', () => {
    const raw: Record<string, unknown> = { 'amqp.port': 15672, profile: 'lavinmq', 'amqp.bindAddress': ' 0.0.0.0 ', consumerTimeout: 0 };
    const { settings, errors } = readSettings((k) => raw[k]);
    assert.deepEqual(errors, []);
    assert.equal(settings.amqpPort, 15672);
    assert.equal(settings.profile, 'lavinmq');
    assert.equal(settings.bindAddress, '0.0.0.0');
    assert.equal(settings.consumerTimeoutMs, 0);
  });

  it('package.json declares every setting with the same default', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
    for (const spec of Object.values(SETTINGS)) {
      assert.ok(props[`acklab.${spec.key}`], `acklab.${spec.key} missing from package.json`);
      assert.deepEqual(props[`acklab.${spec.key}`].default, spec.default, `default of acklab.${spec.key}`);
    }
    assert.equal(
      Object.keys(props).filter(
        (k) => k.startsWith('acklab.') && !k.startsWith('acklab.brokers') && !k.startsWith('acklab.lint') && !k.startsWith('acklab.stepper'),
      ).length >= Object.keys(SETTINGS).length,
      true,
    );
  });

  it('settings changes restart only what they affect', () => {
    const { settings: a } = readSettings(() => undefined);
    assert.deepEqual(settingsImpact(a, { ...a, amqpPort: 5700 }), { restartBroker: false, restartListener: true });
    assert.deepEqual(settingsImpact(a, { ...a, profile: 'lavinmq' }), { restartBroker: true, restartListener: true });
    assert.deepEqual(settingsImpact(a, { ...a, persist: false }), { restartBroker: false, restartListener: false });
  });

  it('port 5672 taken → first free port from 5673 with a notice; an explicit busy port is an error', async () => {
    const busy = new Set([5672, 5673]);
    const isFree = async (p: number) => !busy.has(p);
    const r = await choosePort(5672, isFree);
    assert.equal(r.port, 5674);
    assert.match(r.notice!, /5672 is taken.*5674/);
    assert.deepEqual(await choosePort(5700, isFree), { port: 5700 });
    await assert.rejects(choosePort(5673, isFree), /AMQP port 5673 \(setting acklab\.amqp\.port\) is in use/);
    assert.deepEqual(await choosePort(5672, async () => true), { port: 5672 });
    await assert.rejects(
      choosePort(5672, async () => false, 5),
      /No free AMQP port/,
    );
  });
});
