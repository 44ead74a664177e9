import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { RULE_IDS } from '../../../src/lint';
import { rulesSettingSchema } from '../../../src/lint/ruleOptions';
import { DEFAULT_EXCLUDE, LINT_SETTING_KEYS, readLintSettings } from '../../../src/lint/settings';

describe('vscode-lint/settings', () => {
  it('unset values take the defaults', () => {
    const { settings, errors } = readLintSettings(() => undefined);
    assert.deepEqual(errors, []);
    assert.deepEqual(settings, { enable: true, rules: {}, options: {}, exclude: DEFAULT_EXCLUDE, delayMs: 200 });
  });

  it('good values are kept; per-rule settings pass through', () => {
    const raw: Record<string, unknown> = {
      enable: false,
      delay: 0,
      exclude: [' gen/** ', '**/*.pb.go'],
      rules: { 'requeue-loop': 'off', 'missing-ack': 'warning' },
    };
    const { settings, errors } = readLintSettings((k) => raw[k]);
    assert.deepEqual(errors, []);
    assert.deepEqual(settings, {
      enable: false,
      delayMs: 0,
      exclude: ['gen/**', '**/*.pb.go'],
      rules: { 'requeue-loop': 'off', 'missing-ack': 'warning' },
      options: {},
    });
  });

  it('bad values are named with the setting and the value, and fall back (bad rule entries alone are dropped)', () => {
    const raw: Record<string, unknown> = {
      enable: 'yes',
      delay: 99999,
      exclude: 'node_modules',
      rules: { 'missing-ack': 'loud', 'missing-acks': 'off', 'double-ack': 'info' },
    };
    const { settings, errors } = readLintSettings((k) => raw[k]);
    assert.equal(settings.enable, true);
    assert.equal(settings.delayMs, 200);
    assert.deepEqual(settings.exclude, DEFAULT_EXCLUDE);
    assert.deepEqual(settings.rules, { 'double-ack': 'info' });
    assert.deepEqual(errors, [
      'acklab.lint.enable must be true or false (got "yes")',
      'acklab.lint.delay must be a whole number of milliseconds from 0 to 5000 (got 99999)',
      'acklab.lint.exclude must be a list of glob patterns such as "**/node_modules/**" (got "node_modules")',
      'acklab.lint.rules["missing-ack"] must be "off", "info", "warning" or "error", or [severity, { "ackFunctions": […] }] (got "loud")',
      `acklab.lint.rules: unknown rule "missing-acks" (known rules: ${RULE_IDS.join(', ')})`,
    ]);
    assert.match(readLintSettings((k) => (k === 'rules' ? ['missing-ack'] : undefined)).errors[0]!, /acklab.lint.rules must be an object/);
  });

  it('package.json declares every acklab.lint setting with the same default, and every rule in the rules schema', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; properties?: Record<string, unknown> }>;
    for (const [key, def] of Object.entries(LINT_SETTING_KEYS)) {
      assert.ok(props[`acklab.lint.${key}`], `acklab.lint.${key} missing from package.json`);
      assert.deepEqual(props[`acklab.lint.${key}`]!.default, def, `default of acklab.lint.${key}`);
    }
    assert.deepEqual(Object.keys(props['acklab.lint.rules']!.properties!).sort(), [...RULE_IDS].sort());
    // The rules schema, options included, is the one ruleOptions.ts writes (so the editor's checks cannot drift).
    const { type, properties, additionalProperties } = props['acklab.lint.rules'] as Record<string, unknown>;
    assert.deepEqual({ type, properties, additionalProperties }, rulesSettingSchema());
    assert.ok(pkg.contributes.commands.some((c: { command: string }) => c.command === 'acklab.lint.workspace'));
  });

  it('readLintSettings accepts exactly what the declared schema accepts', () => {
    const ajv = new Ajv({ strict: true, strictTuples: false }); // the options item of the tuple is optional
    const valid = ajv.compile(rulesSettingSchema());
    const samples: unknown[] = [
      'warning',
      'loud',
      ['error'],
      ['off', { ackFunctions: ['safeAck', 'done!'] }],
      ['info', { ackFunctions: [] }],
      ['warning', { ackFunctions: ['safe ack'] }],
      ['warning', { ackFunctions: ['a', 'a'] }],
      ['warning', { ackFunction: ['a'] }],
      ['warning', { channels: ['consumeCh'] }],
      ['warning', {}, {}],
      [],
      { severity: 'error' },
      42,
    ];
    for (const id of RULE_IDS) {
      for (const v of samples) {
        const { errors } = readLintSettings((k) => (k === 'rules' ? { [id]: v } : undefined));
        assert.equal(errors.length === 0, valid({ [id]: v }), `${id}: ${JSON.stringify(v)} (${errors.join('; ')})`);
      }
    }
  });

  it('package.json activates on every VS Code language the analyser reads', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    for (const id of [
      'javascript',
      'javascriptreact',
      'typescript',
      'typescriptreact',
      'python',
      'go',
      'java',
      'csharp',
      'ruby',
      'php',
      'elixir',
      'erlang',
      'lfe',
    ]) {
      assert.ok(pkg.activationEvents.includes(`onLanguage:${id}`), `onLanguage:${id}`);
    }
  });
});
