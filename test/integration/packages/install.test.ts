// The npm packages as a user gets them: `scripts/pack-packages.mjs` packs `acklab` and `eslint-plugin-acklab`,
// the tarballs are installed into scratch projects with `npm install --offline` (they have no dependencies; only
// the plugin's peer ESLint comes from the npm cache or the registry), and each is
// run the way the README says: `npx acklab lint`, ESLint with the plugin on a JavaScript and a TypeScript file
// (flat config and `--plugin acklab`), `npx acklab serve` with a real amqplib client.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as amqp from 'amqplib';

const ROOT = join(__dirname, '..', '..', '..');
const TYPES_FIXTURE = join(ROOT, 'test', 'fixtures', 'acklab-types');
const WORKER = `const amqp = require('amqplib');\nasync function main(ch) {\n  await ch.consume('tasks', (msg) => {\n    console.log(msg.content.toString());\n  });\n}\n`;
const WORKER_TS = `import * as amqp from 'amqplib';\nexport async function main(ch: amqp.Channel): Promise<void> {\n  await ch.consume('tasks', (msg: amqp.ConsumeMessage | null) => {\n    console.log(msg?.content.toString());\n  });\n}\n`;

interface Packed {
  name: string;
  tarball: string;
  bytes: number;
  unpackedBytes: number;
  files: number;
}

function du(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? du(p) : statSync(p).size;
  }
  return n;
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 180_000,
    env: { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });
}

function project(parent: string, name: string): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  return dir;
}

describe('npm packages: packed, installed into a scratch project from the tarball alone, run as the README says', function () {
  this.timeout(600_000);
  const tmp = mkdtempSync(join(tmpdir(), 'acklab-pkg-'));
  let packed: Record<string, Packed> = {};
  after(() => rmSync(tmp, { recursive: true, force: true }));

  before(() => {
    const out = execFileSync(process.execPath, [join(ROOT, 'scripts', 'pack-packages.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    packed = Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Packed)
        .map((p) => [p.name, { ...p, tarball: join(ROOT, p.tarball) }]),
    );
    assert.deepEqual(Object.keys(packed).sort(), ['acklab', 'eslint-plugin-acklab']);
  });

  it('the tarballs hold no tests, sources or source maps, and declare no runtime dependencies', () => {
    for (const p of Object.values(packed)) {
      const files = execFileSync('tar', ['tzf', p.tarball], { encoding: 'utf8' }).trim().split('\n');
      assert.ok(files.includes('package/THIRD_PARTY_NOTICES.md') && files.includes('package/LICENSE'), `${p.name}: licences shipped`);
      assert.ok(
        files.some((f) => f.startsWith('package/docs/rules/missing-ack.md')),
        `${p.name}: rule docs shipped`,
      );
      // TypeScript sources stay out; declarations ship (acklab's startBroker() types, under dist/types/)
      const bad = files.filter((f) => /\.map$|\.ts$|^package\/(src|test|bench)\//.test(f) && !/^package\/dist\/types\/.+\.d\.ts$/.test(f));
      assert.deepEqual(bad, [], `${p.name} ships ${bad.join(', ')}`);
      const manifest = JSON.parse(execFileSync('tar', ['xzOf', p.tarball, 'package/package.json'], { encoding: 'utf8' }));
      assert.equal(manifest.dependencies, undefined, `${p.name} has runtime dependencies`);
      assert.equal(manifest.private, undefined);
    }
  });

  it('acklab: `npx acklab lint` reports a consume handler that never acks, with exit status 1', () => {
    const dir = project(tmp, 'cli-lint');
    npm(['install', '--offline', '--legacy-peer-deps', packed.acklab.tarball], dir);
    writeFileSync(join(dir, 'worker.js'), WORKER);
    const r = spawnSync('npx', ['--no-install', 'acklab', 'lint', 'worker.js', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ rule: string; startLine: number }> }).findings;
    assert.deepEqual(
      findings.map((f) => [f.rule, f.startLine]),
      [['missing-ack', 3]],
    );
    const installed = du(join(dir, 'node_modules'));
    console.log(`      acklab: tarball ${(packed.acklab.bytes / 1e6).toFixed(2)} MB, installed ${(installed / 1e6).toFixed(2)} MB`);
  });

  it('eslint-plugin-acklab: flat config on a .js and a .ts file (no TypeScript parser installed), and --plugin acklab', () => {
    const dir = project(tmp, 'eslint-plugin');
    const eslintVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'eslint', 'package.json'), 'utf8')) as { version: string }).version;
    // The plugin alone, with nothing from the network (its peer ESLint comes next, from the npm cache if there).
    npm(['install', '--offline', '--legacy-peer-deps', packed['eslint-plugin-acklab'].tarball], dir);
    const pluginBytes = du(join(dir, 'node_modules'));
    npm(['install', '--prefer-offline', `eslint@${eslintVersion}`], dir);
    writeFileSync(join(dir, 'eslint.config.mjs'), `import acklab from 'eslint-plugin-acklab';\nexport default [acklab.configs.recommended];\n`);
    writeFileSync(join(dir, 'worker.js'), WORKER);
    writeFileSync(join(dir, 'worker.ts'), WORKER_TS);
    writeFileSync(join(dir, 'wrapped.js'), WORKER.replace('console.log(msg.content.toString())', 'safeAck(msg)'));
    const r = spawnSync('npx', ['--no-install', 'eslint', '--format', 'json', 'worker.js', 'worker.ts', 'wrapped.js'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(r.status, 1, r.stderr);
    const results = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; line: number; message: string }> }>;
    const got = results.map((f) => [f.filePath.slice(f.filePath.lastIndexOf('/') + 1), f.messages.map((m) => `${m.ruleId}:${m.line}`)]);
    assert.deepEqual(got, [
      ['worker.js', ['acklab/missing-ack:3']],
      ['worker.ts', ['acklab/missing-ack:3']],
      ['wrapped.js', ['acklab/missing-ack:3']],
    ]);

    // Rule options as the README shows them: the team's own settle wrapper named in ackFunctions.
    writeFileSync(
      join(dir, 'eslint.options.mjs'),
      `import acklab from 'eslint-plugin-acklab';\nexport default [acklab.configs.recommended, { rules: { 'acklab/missing-ack': ['error', { ackFunctions: ['safeAck'] }] } }];\n`,
    );
    const opt = spawnSync('npx', ['--no-install', 'eslint', '--config', 'eslint.options.mjs', 'wrapped.js'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    assert.equal(opt.status, 0, opt.stdout + opt.stderr);

    // Without a config file, by the plugin's short name (ESLint looks for eslint-plugin-acklab).
    const cli = spawnSync(
      'npx',
      ['--no-install', 'eslint', '--no-config-lookup', '--plugin', 'acklab', '--rule', 'acklab/missing-ack: error', '--format', 'json', 'worker.js'],
      { cwd: dir, encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(cli.status, 1, cli.stderr);
    assert.deepEqual(
      (JSON.parse(cli.stdout) as Array<{ messages: Array<{ ruleId: string }> }>)[0].messages.map((m) => m.ruleId),
      ['acklab/missing-ack'],
    );
    console.log(
      `      eslint-plugin-acklab: tarball ${(packed['eslint-plugin-acklab'].bytes / 1e6).toFixed(2)} MB, installed ${(pluginBytes / 1e6).toFixed(2)} MB (without ESLint)`,
    );
    assert.ok(pluginBytes < 15e6, `the ESLint plugin installs in ${(pluginBytes / 1e6).toFixed(1)} MB (goal < 15 MB)`);
  });

  it("acklab: require('acklab').startBroker() starts a test broker, and `npx acklab test --trace` runs a command", () => {
    const dir = project(tmp, 'cli-test');
    npm(['install', '--offline', '--legacy-peer-deps', packed.acklab.tarball], dir);
    const api = spawnSync(
      process.execPath,
      ['-e', "require('acklab').startBroker().then(async (b) => { console.log(b.url); await b.expectAllSettled(); await b.close(); })"],
      { cwd: dir, encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(api.status, 0, api.stderr);
    assert.match(api.stdout, /^amqp:\/\/guest:guest@127\.0\.0\.1:\d+$/m);
    const r = spawnSync(
      'npx',
      ['--no-install', 'acklab', 'test', '--trace', '--', process.execPath, '-e', 'console.log(process.env.AMQP_URL, process.env.NODE_OPTIONS)'],
      { cwd: dir, encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /amqp:\/\/\S+ --require \S+node_modules\/acklab\/dist\/hooks\/amqplib\.js/);
    assert.match(r.stdout, /No ack mistakes found/);
  });

  it('acklab: startBroker() is typed: a strict TypeScript project compiles and runs against the declarations, and misuses fail', () => {
    const files = execFileSync('tar', ['tzf', packed.acklab.tarball], { encoding: 'utf8' }).trim().split('\n');
    const types = files.filter((f) => f.endsWith('.d.ts'));
    assert.ok(types.includes('package/dist/types/testkit/api.d.ts'), 'the entry declaration ships');
    const dir = project(tmp, 'types');
    npm(['install', '--offline', '--legacy-peer-deps', packed.acklab.tarball], dir);
    for (const f of ['tsconfig.json', 'tsconfig.bad.json', 'good.ts', 'bad.ts']) cpSync(join(TYPES_FIXTURE, f), join(dir, f));
    const tsc = (config: string) =>
      spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config, '--pretty', 'false'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 120_000,
      });
    const good = tsc('tsconfig.json');
    assert.equal(good.status, 0, good.stdout + good.stderr);
    const run = spawnSync(process.execPath, ['out/good.js'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^amqp:\/\/guest:guest@127\.0\.0\.1:\d+ acklab 0 {2}0 0$/m, 'the typed code runs against the installed package');

    const bad = tsc('tsconfig.bad.json');
    assert.notEqual(bad.status, 0, 'the misuses compile');
    const expected = readFileSync(join(TYPES_FIXTURE, 'bad.ts'), 'utf8')
      .split('\n')
      .flatMap((l, i) => (/\/\/ (TS\d+)$/.exec(l) ? [`${i + 1} ${/\/\/ (TS\d+)$/.exec(l)![1]}`] : []));
    const got = [...bad.stdout.matchAll(/^bad\.ts\((\d+),\d+\): error (TS\d+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.equal(expected.length, 7);
    assert.deepEqual(got, expected, bad.stdout);
    console.log(`      acklab: ${types.length} declaration files shipped for startBroker()`);
  });

  it('acklab: `npx acklab serve` takes a real amqplib client: publish, consume, ack', async () => {
    const dir = project(tmp, 'cli-serve');
    npm(['install', '--offline', '--legacy-peer-deps', packed.acklab.tarball], dir);
    const child: ChildProcess = spawn('npx', ['--no-install', 'acklab', 'serve', '--amqp-port', '0'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = '';
        const t = setTimeout(() => reject(new Error(`no listening line in 30 s: ${seen}`)), 30_000);
        child.stdout!.on('data', (d: Buffer) => {
          seen += d.toString();
          const m = /amqp:\/\/[\d.]+:\d+/.exec(seen);
          if (m) {
            clearTimeout(t);
            resolve(m[0]);
          }
        });
        child.on('exit', (code) => reject(new Error(`acklab serve exited ${code}: ${seen}`)));
      });
      const conn = await amqp.connect(url);
      const ch = await conn.createChannel();
      await ch.assertQueue('tasks');
      ch.sendToQueue('tasks', Buffer.from('hello'));
      const body = await new Promise<string>((resolve) => {
        void ch.consume('tasks', (m) => {
          if (m) {
            ch.ack(m);
            resolve(m.content.toString());
          }
        });
      });
      assert.equal(body, 'hello');
      const q = await ch.checkQueue('tasks');
      assert.deepEqual([q.messageCount], [0]);
      await conn.close();
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
  });
});
