// The ESLint plugin with ESLint's own RuleTester (JS and TS parsers), and the built bundle in a real ESLint run
// whose flat config does not await the engine (the synchronous worker-thread path).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../../../src/lint/eslint-plugin';

const ROOT = join(__dirname, '..', '..', '..');

describe('ESLint plugin (acklab/eslint)', function () {
  this.timeout(60_000);
  before(async () => {
    await plugin.ready;
  });

  const js = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });
  const ts = new RuleTester({ languageOptions: { parser: tseslint.parser as any } });

  js.run('acklab/missing-ack', plugin.rules['missing-ack'] as any, {
    valid: [
      `import amqp from 'amqplib';\nch.consume('q', (msg) => { ch.ack(msg); });`,
      `import amqp from 'amqplib';\nch.consume('q', (msg) => { console.log(msg); }, { noAck: true });`,
      `const x = 1; // not a consumer at all`,
    ],
    invalid: [
      {
        code: `import amqp from 'amqplib';\nch.consume('q', (msg) => {\n  console.log(msg);\n});\n`,
        errors: [
          {
            messageId: 'missing-ack',
            line: 2,
            column: 1,
            endLine: 2,
            endColumn: 11,
            suggestions: [
              {
                messageId: 'fix',
                data: { title: 'Insert `ch.ack(msg);` at the end of the handler' },
                output: `import amqp from 'amqplib';\nch.consume('q', (msg) => {\n  console.log(msg);\n  ch.ack(msg);\n});\n`,
              },
            ],
          },
        ],
      },
    ],
  });

  js.run('acklab/double-ack', plugin.rules['double-ack'] as any, {
    valid: [`import amqp from 'amqplib';\nch.consume('q', (msg) => { ch.ack(msg); });`],
    invalid: [
      {
        code: `import amqp from 'amqplib';\nch.consume('q', (msg) => {\n  ch.ack(msg);\n  ch.ack(msg);\n});\n`,
        errors: [
          {
            messageId: 'double-ack',
            line: 4,
            column: 3,
            endLine: 4,
            endColumn: 14,
            suggestions: [
              {
                messageId: 'fix',
                data: { title: 'Remove the duplicate settle' },
                output: `import amqp from 'amqplib';\nch.consume('q', (msg) => {\n  ch.ack(msg);\n});\n`,
              },
            ],
          },
        ],
      },
    ],
  });

  js.run('acklab/ack-in-auto-ack', plugin.rules['ack-in-auto-ack'] as any, {
    valid: [`import amqp from 'amqplib';\nch.consume('q', (msg) => { ch.ack(msg); }, { noAck: false });`],
    invalid: [
      {
        code: `import amqp from 'amqplib';\nch.consume('q', (msg) => { ch.ack(msg); }, { noAck: true });`,
        errors: [
          {
            messageId: 'ack-in-auto-ack',
            line: 2,
            column: 28,
            endLine: 2,
            endColumn: 39,
            suggestions: [
              {
                messageId: 'fix',
                data: { title: 'Switch the consumer to manual acknowledgement' },
                output: `import amqp from 'amqplib';\nch.consume('q', (msg) => { ch.ack(msg); }, { noAck: false });`,
              },
            ],
          },
        ],
      },
    ],
  });

  js.run('acklab/wrong-channel', plugin.rules['wrong-channel'] as any, {
    valid: [`import amqp from 'amqplib';\nconst ch = await c.createChannel();\nch.consume('q', (msg) => { ch.ack(msg); });`],
    invalid: [
      {
        code: `import amqp from 'amqplib';\nconst ch = await c.createChannel();\nconst pub = await c.createChannel();\nch.consume('q', (msg) => { pub.ack(msg); });`,
        errors: [
          {
            messageId: 'wrong-channel',
            line: 4,
            column: 28,
            suggestions: [
              {
                messageId: 'fix',
                data: { title: 'Settle on ch' },
                output: `import amqp from 'amqplib';\nconst ch = await c.createChannel();\nconst pub = await c.createChannel();\nch.consume('q', (msg) => { ch.ack(msg); });`,
              },
            ],
          },
        ],
      },
    ],
  });

  js.run('acklab/requeue-loop', plugin.rules['requeue-loop'] as any, {
    valid: [`import amqp from 'amqplib';\nch.consume('q', (msg) => { try { f(); ch.ack(msg); } catch { ch.nack(msg, false, false); } });`],
    invalid: [
      {
        code: `import amqp from 'amqplib';\nch.consume('q', (msg) => { try { f(); ch.ack(msg); } catch { ch.nack(msg); } });`,
        errors: [{ messageId: 'requeue-loop', line: 2, column: 1 }],
      },
    ],
  });

  // unawaited-ack only applies to aio-pika (Python): in JS/TS it never reports.
  js.run('acklab/unawaited-ack', plugin.rules['unawaited-ack'] as any, {
    valid: [`import amqp from '@cloudamqp/amqp-client';\nawait ch.basicConsume('q', { noAck: false }, (msg) => { msg.ack(); });`],
    invalid: [],
  });

  ts.run('acklab/missing-ack (TypeScript, NestJS)', plugin.rules['missing-ack'] as any, {
    valid: [
      `import { EventPattern, Ctx, RmqContext } from '@nestjs/microservices';\nconst o = { noAck: false };\nclass C {\n  @EventPattern('e')\n  h(@Ctx() ctx: RmqContext): void { ctx.getChannelRef().ack(ctx.getMessage()); }\n}`,
    ],
    invalid: [
      {
        code: `import { EventPattern, Ctx, RmqContext } from '@nestjs/microservices';\nconst o = { noAck: false };\nclass C {\n  @EventPattern('e')\n  h(@Ctx() ctx: RmqContext): void { if (!ctx) return; ctx.getChannelRef().ack(ctx.getMessage()); }\n}`,
        errors: [{ messageId: 'missing-ack', line: 4, column: 3 }],
      },
    ],
  });

  it('exports a flat-config preset that enables every rule', () => {
    const rec = (plugin.configs as any).recommended;
    assert.equal(rec.plugins.acklab, plugin);
    assert.deepEqual(
      Object.keys(rec.rules).sort(),
      Object.keys(plugin.rules)
        .map((r) => `acklab/${r}`)
        .sort(),
    );
    assert.equal(typeof rec.languageOptions.parser.parseForESLint, 'function', 'a parser that reads .ts files too');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.exports['./eslint'], './dist/eslint.js');
    assert.match(readFileSync(join(ROOT, 'scripts/build.mjs'), 'utf8'), /src\/lint\/eslint-plugin\.ts'\], outfile: 'dist\/eslint\.js'/);
  });

  it('the bundled plugin works in a real ESLint run without awaiting the engine (worker thread)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acklab-eslint-'));
    try {
      buildSync({
        entryPoints: [join(ROOT, 'src/lint/eslint-plugin.ts')],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        outfile: join(dir, 'eslint.js'),
        logLevel: 'silent',
        external: ['web-tree-sitter'],
      });
      writeFileSync(
        join(dir, 'run.cjs'),
        `
        const { ESLint } = require(${JSON.stringify(require.resolve('eslint'))});
        const acklab = require('./eslint.js');
        (async () => {
          const lint = async (extra) => {
            const eslint = new ESLint({ cwd: ${JSON.stringify(dir)}, overrideConfigFile: true, overrideConfig: [acklab.configs.recommended, ...extra] });
            const [r] = await eslint.lintText("const amqp = require('amqplib');\\nch.consume('q', (m) => { log(m); });\\n", { filePath: ${JSON.stringify(join(dir, 'w.js'))} });
            return r.messages.map((m) => [m.ruleId, m.line, m.column, m.severity]);
          };
          // Rule options travel to the worker too: with log() named as an ack function, nothing is missing.
          const withOptions = await lint([{ rules: { 'acklab/missing-ack': ['error', { ackFunctions: ['log'] }] } }]);
          console.log(JSON.stringify([await lint([]), withOptions]));
        })().catch((e) => { console.error(e); process.exit(3); });`,
      );
      // web-tree-sitter stays external (as in scripts/build.mjs): resolve it from the repository's node_modules.
      const r = spawnSync(process.execPath, [join(dir, 'run.cjs')], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
      });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout.trim()), [[['acklab/missing-ack', 2, 1, 2]], []]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
