/**
 * The client libraries' OWN test suites, fetched and built at test time, run unchanged against a broker URL:
 *
 * - amqplib 0.10.9 (the last line whose npm tarball ships test/): `npm ci` of test/client-suites/amqplib
 *   (amqplib's published tarball + the devDependencies its tests need, pinned with integrity hashes by that
 *   lockfile) into .cache/client-suites/amqplib/, the package copied beside node_modules/, then its broker tests
 *   with its Makefile's options (`mocha --check-leaks -u tdd --exit`) and URL=<broker>.
 * - amqp091-go from Debian's golang-github-rabbitmq-amqp091-go-dev, built offline with Debian's `golang`
 *   (GO111MODULE=off, GOPATH over /usr/share/gocode), `go test -tags integration` with AMQP_URL=<broker>.
 *   Its integration_test.go skips a few tests unless `server_properties.product == "RabbitMQ"`; the copy we
 *   build has that product gate lifted (see liftProductGate), so those tests run against AckLab too.
 *
 * Nothing here is committed: .cache/ is gitignored. Results are lists of test names, passed and failed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const CACHE = join(ROOT, '.cache', 'client-suites');

export interface SuiteResult {
  suite: string;
  passed: string[];
  /** Failed or skipped. */
  failed: string[];
  exitCode: number | null;
  ms: number;
  /** The last lines of the suite's output, for failure messages. */
  tail: string;
}

function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (d: Buffer): void => {
      out = (out + d.toString()).slice(-4_000_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

function runOrThrow(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): void {
  const r = spawnSync(cmd, args, { cwd, env: env ?? process.env, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.signal ?? r.status}) in ${cwd}:\n${(r.stderr || r.stdout || String(r.error)).slice(-3000)}`);
}

const tail = (s: string, lines = 60): string => s.split('\n').slice(-lines).join('\n');

// ------------------------------------------------------------------------------------------ amqplib

const AMQPLIB_SPEC = join(ROOT, 'test', 'client-suites', 'amqplib');
const AMQPLIB_DIR = join(CACHE, 'amqplib');
const AMQPLIB_BROKER_TESTS = ['test/connect.js', 'test/channel_api.js', 'test/callback_api.js'];

/** Installs amqplib 0.10.9 and its test dependencies (once per lockfile); returns the package folder holding test/. */
export function prepareAmqplib(): string {
  const lock = readFileSync(join(AMQPLIB_SPEC, 'package-lock.json'), 'utf8');
  const stamp = join(AMQPLIB_DIR, '.installed-lock');
  // Outside node_modules/ (mocha finds no test files below a node_modules folder); its requires resolve to
  // the node_modules/ beside it.
  const pkg = join(AMQPLIB_DIR, 'amqplib-0.10.9');
  if (!(existsSync(stamp) && readFileSync(stamp, 'utf8') === lock && existsSync(join(pkg, 'test', 'channel_api.js')))) {
    rmSync(AMQPLIB_DIR, { recursive: true, force: true });
    mkdirSync(AMQPLIB_DIR, { recursive: true });
    for (const f of ['package.json', 'package-lock.json']) cpSync(join(AMQPLIB_SPEC, f), join(AMQPLIB_DIR, f));
    runOrThrow('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], AMQPLIB_DIR);
    cpSync(join(AMQPLIB_DIR, 'node_modules', 'amqplib'), pkg, { recursive: true });
    if (!existsSync(join(pkg, 'test', 'channel_api.js'))) throw new Error(`amqplib's tarball has no test/ folder (${pkg})`);
    writeFileSync(stamp, lock);
  }
  return pkg;
}

/**
 * amqplib's broker tests (the test/ files that talk to a broker: connect, channel_api, callback_api) with its
 * Makefile's mocha options and URL=url (--no-config: not our .mocharc.json above it). Its codec/frame/mux unit
 * tests need no broker; their 2 s property tests only add load-dependent noise. Test names are mocha's full titles.
 */
export async function runAmqplib(pkg: string, url: string): Promise<SuiteResult> {
  const report = join(CACHE, `amqplib-report-${process.pid}-${Date.now()}.json`);
  const mocha = join(AMQPLIB_DIR, 'node_modules', 'mocha', 'bin', 'mocha');
  const t0 = Date.now();
  const r = await run(
    process.execPath,
    [mocha, '--no-config', '--check-leaks', '-u', 'tdd', '--exit', '-R', 'json', '-O', `output=${report}`, ...AMQPLIB_BROKER_TESTS],
    {
      cwd: pkg,
      env: { ...process.env, URL: url },
      timeoutMs: 180_000,
    },
  );
  const ms = Date.now() - t0;
  if (!existsSync(report)) return { suite: 'amqplib', passed: [], failed: ['(no report)'], exitCode: r.code, ms, tail: tail(r.out) };
  const j = JSON.parse(readFileSync(report, 'utf8')) as { passes: { fullTitle: string }[]; failures: { fullTitle: string; err?: { message?: string } }[] };
  rmSync(report, { force: true });
  const failures = j.failures.map((f) => `${f.fullTitle}: ${f.err?.message ?? ''}`.slice(0, 300));
  return {
    suite: 'amqplib',
    passed: j.passes.map((p) => p.fullTitle),
    failed: j.failures.map((f) => f.fullTitle),
    exitCode: r.code,
    ms,
    tail: failures.join('\n'),
  };
}

// ------------------------------------------------------------------------------------------ amqp091-go

const GOCODE = '/usr/share/gocode';
const AMQP091_IMPORT = 'github.com/rabbitmq/amqp091-go';
const GO_DIR = join(CACHE, 'amqp091-go');
const GO_SRC = join(GO_DIR, 'gopath', 'src', ...AMQP091_IMPORT.split('/'));
const GO_BIN = join(GO_DIR, 'amqp091-go-integration.test');

/** True when Debian's golang and golang-github-rabbitmq-amqp091-go-dev are installed. */
export function amqp091GoAvailable(): boolean {
  return existsSync(join(GOCODE, 'src', ...AMQP091_IMPORT.split('/'), 'integration_test.go')) && spawnSync('go', ['version']).status === 0;
}

/** The product gates of integration_test.go, lifted: the tests they guard run against any server. */
const PRODUCT_GATES: [string, string][] = [
  ['ok && server == "RabbitMQ"', 'ok && server != nil /* product gate lifted by AckLab */'],
  ['ok && product.(string) == "RabbitMQ"', 'ok && product.(string) != "" /* product gate lifted by AckLab */'],
];

export function liftProductGate(source: string): string {
  let out = source;
  for (const [from, to] of PRODUCT_GATES) {
    const n = out.split(from).length - 1;
    if (n !== 1) throw new Error(`amqp091-go integration_test.go: expected the product gate '${from}' once, found it ${n} times (package changed?)`);
    out = out.replace(from, to);
  }
  return out;
}

function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GO111MODULE: 'off',
    GOPATH: `${join(GO_DIR, 'gopath')}:${GOCODE}`,
    GOCACHE: join(GO_DIR, 'go-build'),
    GOFLAGS: '',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
  };
}

/** Copies the installed source, lifts the product gate and builds the integration test binary (once per package version). */
export function prepareAmqp091Go(): string {
  const version = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'golang-github-rabbitmq-amqp091-go-dev'], { encoding: 'utf8' }).stdout.trim();
  const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' }).stdout.trim();
  const key = `${version} ${goVersion} gates:${PRODUCT_GATES.length}`;
  const stamp = join(GO_DIR, '.built');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key && existsSync(GO_BIN)) return GO_BIN;
  rmSync(join(GO_DIR, 'gopath'), { recursive: true, force: true });
  mkdirSync(GO_SRC, { recursive: true });
  cpSync(join(GOCODE, 'src', ...AMQP091_IMPORT.split('/')), GO_SRC, { recursive: true, dereference: true });
  const it = join(GO_SRC, 'integration_test.go');
  writeFileSync(it, liftProductGate(readFileSync(it, 'utf8')));
  runOrThrow('go', ['test', '-tags', 'integration', '-c', '-o', GO_BIN, '.'], GO_SRC, goEnv());
  writeFileSync(stamp, key);
  return GO_BIN;
}

/** Names of the tests and examples in the binary. */
export function amqp091GoTests(bin: string): string[] {
  const r = spawnSync(bin, ['-test.list', '.'], { cwd: GO_SRC, encoding: 'utf8', timeout: 60_000 });
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^(Test|Example)/.test(l));
}

/** Runs the whole integration suite in ONE process (or just `only`), AMQP_URL=url. Subtests count by their full name. */
export async function runAmqp091Go(bin: string, url: string, only?: string[]): Promise<SuiteResult> {
  const args = ['-test.v', '-test.timeout', '5m', '-test.count', '1'];
  if (only) args.push('-test.run', `^(${only.join('|')})$`);
  const t0 = Date.now();
  const r = await run(bin, args, { cwd: GO_SRC, env: { ...process.env, AMQP_URL: url }, timeoutMs: 330_000 });
  const passed: string[] = [];
  const failed: string[] = [];
  for (const m of r.out.matchAll(/^\s*--- (PASS|FAIL|SKIP): (\S+) \(/gm)) (m[1] === 'PASS' ? passed : failed).push(m[2]!);
  return { suite: 'amqp091-go', passed, failed, exitCode: r.code, ms: Date.now() - t0, tail: tail(r.out) };
}
