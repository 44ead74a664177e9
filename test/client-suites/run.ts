// Runs the client libraries' own suites (test/support/clientSuites.ts) against ONE broker and writes the
// results as JSON. Started by test/integration/clients/client-suites.test.ts, normally inside a private
// network namespace (`unshare -n`): there the broker can take the standard port 5672 on 127.0.0.1 and ::1,
// which amqplib's connect tests dial without looking at URL ("serverProperties", "heartbeat", "ipv6"),
// without clashing with anything else on the machine.
//
//   node --import tsx test/client-suites/run.ts <acklab|rabbitmq> <out.json> '<plan json>' [--netns]
//   plan: { amqplib?: <package dir>, goBin?: <test binary>, goRuns: number, goOnly?: string[], profile?: string }
// The suites are fetched and built beforehand, outside the namespace (it has no network).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { amqpAnswers, freePort, startRabbitMQ, type RabbitMQNode } from '../support/rabbitmq';
import { runAmqp091Go, runAmqplib, type SuiteResult } from '../support/clientSuites';

interface Plan {
  amqplib?: string;
  goBin?: string;
  goRuns: number;
  goOnly?: string[];
  profile?: string;
}

const ROOT = join(__dirname, '..', '..');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function startAcklab(port: number, bind: string, profile: string | undefined): Promise<{ stop(): Promise<void> }> {
  const args = ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'serve', '--amqp-port', String(port), '--bind', bind];
  if (profile) args.push('--profile', profile);
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  });
  child.stderr!.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  });
  const end = Date.now() + 60_000;
  while (!(await amqpAnswers(port))) {
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`acklab serve did not start:\n${out}`);
    }
    await sleep(200);
  }
  return {
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await Promise.race([exited, sleep(10_000)]);
      child.kill('SIGKILL');
    },
  };
}

async function main(): Promise<void> {
  const [target, outFile, planJson] = process.argv.slice(2) as [string, string, string];
  const plan = JSON.parse(planJson) as Plan;
  const netns = process.argv.includes('--netns');
  if (netns && spawnSync('ip', ['link', 'set', 'lo', 'up']).status !== 0) throw new Error('could not bring up loopback in the namespace');
  const port = netns ? 5672 : await freePort();
  const bind = netns ? '::' : '127.0.0.1';
  const { amqplib, goBin } = plan;
  let rmq: RabbitMQNode | undefined;
  const broker =
    target === 'rabbitmq' ? ((rmq = await startRabbitMQ({ port, bind })), { stop: () => rmq!.stop() }) : await startAcklab(port, bind, plan.profile);
  const results: SuiteResult[] = [];
  const cleanup = async (): Promise<void> => {
    await broker.stop();
    // The namespace's own port mapper, started for the node by startRabbitMQ: nothing else uses it.
    if (netns && rmq) spawnSync('epmd', ['-kill'], { stdio: 'ignore' });
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      void cleanup().finally(() => process.exit(130));
    });
  try {
    const url = `amqp://guest:guest@127.0.0.1:${port}`;
    if (amqplib) results.push(await runAmqplib(amqplib, url));
    for (let i = 0; goBin && i < plan.goRuns; i++) results.push(await runAmqp091Go(goBin, `${url}/`, plan.goOnly));
  } finally {
    await cleanup();
  }
  writeFileSync(outFile, JSON.stringify({ target, netns, port, results }, null, 1));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
