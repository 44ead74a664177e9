// `acklab test [options] -- <command…>`: runs a test command against a fresh broker and reports every
// ack mistake the code made (like a sanitizer reports leaks).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants } from 'node:os';
import { UsageError, type Command } from '../command';
import { bad, choice, commandHelp, flag, option, parseCommandArgs, port } from '../args';
import { PROFILE_NAMES, type Profile } from '../../broker';
import { AckSession } from '../../testkit/session';
import { drainConnections, startTestBroker } from '../../testkit/start';
import { FORMATS, formatReport, formatText, type ReportFormat } from '../../testkit/format';
import { atLeast } from '../../testkit/rules';
import { hookEnv } from '../../testkit/hooks/env';
import type { AckReport, Severity } from '../../testkit/types';

function wholeNumber(min: number, max: number): (raw: string, flag: string) => number {
  return (raw, flagName) => {
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw bad(flagName, `a whole number ${min}-${max}`, raw);
    return Number(raw);
  };
}

const SPEC = {
  name: 'test',
  summary: 'run a test command against a fresh broker and report its ack mistakes',
  usage: ['[options] -- <command> [args…]'],
  description: `Runs <command> with AMQP_URL (and RABBITMQ_URL, CLOUDAMQP_URL) pointing at a fresh AckLab broker on a
free loopback port, streams its output, and prints an ack report when it exits: deliveries never
acknowledged, double acks, acks on the wrong channel or after auto-ack, messages dropped by
nack/reject, requeue loops, consumer timeouts. Works with any test runner (mocha, jest, pytest, go test…).`,
  options: {
    format: option(
      'F',
      "report format: text (default), json, junit or sarif; without --output, json/junit/sarif go to stdout and the command's stdout to stderr",
      choice(FORMATS),
    ),
    output: option('FILE', 'write the report in --format to FILE (the text report still goes to stdout)'),
    'fail-on': option(
      'LEVEL',
      'error, warning (default), info or none: exit 1 when a finding is at or above LEVEL',
      choice(['error', 'warning', 'info', 'none'] as const),
    ),
    trace: flag('load the trace hooks (amqplib via NODE_OPTIONS, pika via PYTHONPATH) so findings name file:line'),
    'requeue-limit': option('N', 'a message redelivered N times is a requeue loop (default 10)', wholeNumber(1, 1_000_000)),
    'consumer-timeout': option('MS', "consumer acknowledgement timeout (default 1800000, RabbitMQ's 30 minutes)", wholeNumber(1, 2 ** 31 - 1)),
    'check-ready': flag('also report queues that still hold ready messages at exit'),
    profile: option('P', `broker semantics: ${PROFILE_NAMES.join(', ')} (default rabbitmq = RabbitMQ 4.2)`, choice(PROFILE_NAMES)),
    port: option('N', 'AMQP port on 127.0.0.1 (default: any free port)', port),
  },
  footer: "Exit code: the command's when it failed, else 1 when findings reach --fail-on, else 0 (2: bad options).",
} as const;

export interface TestArgs {
  format: ReportFormat;
  output: string | undefined;
  failOn: Severity | 'none';
  trace: boolean;
  requeueLimit: number;
  consumerTimeoutMs: number | undefined;
  checkReady: boolean;
  profile: Profile;
  port: number;
  command: string[];
}

export function parseTestArgs(args: string[]): TestArgs | 'help' {
  const dash = args.indexOf('--');
  const { help, values } = parseCommandArgs(SPEC, dash < 0 ? args : args.slice(0, dash));
  if (help) return 'help';
  const command = dash < 0 ? [] : args.slice(dash + 1);
  if (command.length === 0) throw new UsageError("no command to run: put it after --, e.g. acklab test -- npm test; see 'acklab test --help'");
  return {
    format: values.format ?? 'text',
    output: values.output,
    failOn: values['fail-on'] ?? 'warning',
    trace: values.trace,
    requeueLimit: values['requeue-limit'] ?? 10,
    consumerTimeoutMs: values['consumer-timeout'],
    checkReady: values['check-ready'],
    profile: values.profile ?? 'rabbitmq',
    port: values.port ?? 0,
    command,
  };
}

/** The exit code of `acklab test`: the command's when it failed, else 1 when a finding reaches failOn. */
export function exitCodeFor(report: AckReport, signal: NodeJS.Signals | null, failOn: Severity | 'none'): number {
  if (signal) return 128 + (constants.signals[signal] ?? 1);
  if (report.exitCode !== 0) return report.exitCode ?? 1;
  if (failOn === 'none') return 0;
  return report.findings.some((f) => atLeast(f.severity, failOn)) ? 1 : 0;
}

/** Runs the command with inherited stdio; `stdoutToStderr` keeps our stdout for a machine-readable report. */
function runCommand(command: string[], env: NodeJS.ProcessEnv, stdoutToStderr: boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ['inherit', stdoutToStderr ? 2 : 'inherit', 'inherit'], env });
    const forward = (s: NodeJS.Signals) => () => {
      child.kill(s);
    };
    const onInt = forward('SIGINT'),
      onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
    child.once('error', (e) => {
      done();
      const code = (e as NodeJS.ErrnoException).code;
      reject(new UsageError(code === 'ENOENT' ? `command not found: ${command[0]}` : `cannot run ${command[0]}: ${e.message}`));
    });
    child.once('exit', (code, signal) => {
      done();
      resolve({ code, signal });
    });
  });
}

export const command: Command = {
  name: SPEC.name,
  summary: SPEC.summary,
  async run(args: string[]): Promise<number> {
    const a = parseTestArgs(args);
    if (a === 'help') {
      process.stdout.write(commandHelp(SPEC));
      return 0;
    }
    const started = Date.now();
    const tb = await startTestBroker({
      profile: a.profile,
      consumerTimeoutMs: a.consumerTimeoutMs,
      port: a.port,
      log: (l) => process.stderr.write(`acklab: ${l}\n`),
    });
    const tmp = a.trace ? mkdtempSync(join(tmpdir(), 'acklab-trace-')) : undefined;
    const traceFile = tmp ? join(tmp, 'trace.jsonl') : undefined;
    const session = new AckSession(tb.broker, { requeueLimit: a.requeueLimit, checkReady: a.checkReady, traceFile });
    try {
      process.stderr.write(`acklab test: broker on ${tb.url.replace('guest:guest@', '')}; running ${a.command.join(' ')}\n`);
      const env = { ...process.env, AMQP_URL: tb.url, RABBITMQ_URL: tb.url, CLOUDAMQP_URL: tb.url, ...(traceFile ? hookEnv(process.env, traceFile) : {}) };
      const toStdout = a.output === undefined && a.format !== 'text';
      const { code, signal } = await runCommand(a.command, env, toStdout);
      // the command's sockets close as it exits: let the broker see every close (it requeues, we report)
      await drainConnections(tb.server, 2000);
      const report = session.report({ command: a.command, exitCode: code, durationMs: Date.now() - started });
      if (a.output) writeFileSync(a.output, formatReport(report, a.format));
      process.stdout.write(toStdout ? formatReport(report, a.format) : formatText(report));
      return exitCodeFor(report, signal, a.failOn);
    } finally {
      session.dispose();
      await tb.server.close();
      tb.broker.shutdown();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  },
};
