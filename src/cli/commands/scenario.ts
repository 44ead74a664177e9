// `acklab scenario list` and `acklab scenario run NAME [--amqp-url URL]`: play a tutorial or
// ack-pitfall scenario and print a readable trace plus the expected outcomes, checked.
import { eventLabel } from '../../protocol/labels';
import { AmqpBackend } from '../../scenarios/amqp';
import type { Backend } from '../../scenarios/backend';
import { SCENARIOS, declaredNames, findScenario } from '../../scenarios/catalog';
import { PlaygroundBackend } from '../../scenarios/playground';
import { describeExpectation, runScenario, type RunResult } from '../../scenarios/runner';
import { bad, commandHelp, flag, notOneOf, option, parseCommandArgs, type CommandSpec, type OptionTable } from '../args';
import { UsageError, type Command } from '../command';

const SPEC = {
  name: 'scenario',
  summary: 'list or run the RabbitMQ tutorial and ack-pitfall scenarios, checking their outcomes',
  usage: ['list', 'run NAME [--amqp-url URL] [--quiet]', 'run all [--amqp-url URL]'],
  description: `Runs a scenario (RabbitMQ tutorials 1-7, acknowledgement pitfalls) and prints what happened, step by
step, then checks its expected outcomes. Without --amqp-url it runs in the in-process playground broker
and prints the broker's event trace; with --amqp-url (e.g. amqp://guest:guest@localhost:5672) it runs
over AMQP against that broker — the playground's listener or a real RabbitMQ — and prints what the
clients saw.`,
  options: {
    'amqp-url': option('URL', 'run over AMQP against this broker instead of the in-process one', amqpUrl),
    quiet: flag('print only the events, not the explanation of each step', 'q'),
  },
  positionals: { max: 2 },
  footer: 'Exit status: 0 when every expected outcome holds, 1 otherwise, 2 usage error.',
} as const satisfies CommandSpec<OptionTable>;

export interface ScenarioArgs {
  action: 'list' | 'run' | 'help';
  name?: string;
  amqpUrl?: string;
  quiet: boolean;
}

function amqpUrl(raw: string, flagName: string): string {
  if (!/^amqps?:\/\//.test(raw)) throw bad(flagName, 'an amqp:// or amqps:// URL', raw);
  return raw;
}

export function parseScenarioArgs(args: string[]): ScenarioArgs {
  const { help, values, positionals } = parseCommandArgs(SPEC, args);
  const [action, name] = positionals;
  if (help || action === undefined || action === 'help') return { action: 'help', quiet: false };
  if (action !== 'list' && action !== 'run') throw notOneOf('action', action, ['list', 'run']);
  const out: ScenarioArgs = { action, quiet: values.quiet, ...(values['amqp-url'] ? { amqpUrl: values['amqp-url'] } : {}) };
  if (action === 'list') {
    if (name !== undefined) throw new UsageError(`unexpected argument '${name}'; 'acklab scenario list' takes none`);
    return out;
  }
  if (name === undefined) throw new UsageError(`run needs a scenario name; see 'acklab scenario list'`);
  if (name !== 'all' && !findScenario(name))
    throw notOneOf(
      'scenario',
      name,
      SCENARIOS.map((s) => s.name),
    );
  return { ...out, name };
}

export function listText(): string {
  const lines: string[] = [];
  for (const group of ['tutorial', 'pitfall'] as const) {
    lines.push(group === 'tutorial' ? 'RabbitMQ tutorials:' : 'Acknowledgement pitfalls:');
    const rows = SCENARIOS.filter((s) => s.group === group);
    const w = Math.max(...rows.map((s) => s.name.length));
    for (const s of rows) lines.push(`  ${s.name.padEnd(w)}  ${s.summary}`);
    lines.push('');
  }
  lines.push(`Run one with: acklab scenario run NAME [--amqp-url URL]`);
  return lines.join('\n');
}

/** Runs one scenario and renders the trace. */
export async function runAndRender(name: string, amqpUrl: string | undefined, quiet = false): Promise<{ text: string; result: RunResult }> {
  const s = findScenario(name)!;
  const backend: Backend = amqpUrl ? new AmqpBackend(amqpUrl) : new PlaygroundBackend();
  const pg = backend instanceof PlaygroundBackend ? backend : undefined;
  const out: string[] = [`${s.title} — ${s.summary}`, `  ${s.docUrl}`, `  running on ${amqpUrl ? redact(amqpUrl) : 'the in-process playground broker'}`, ''];
  let mark = 0;
  const stepEvents: string[][] = [];
  let result: RunResult;
  try {
    result = await runScenario(s, backend, {
      beforeStep: () => {
        mark = pg?.trace.length ?? 0;
      },
      afterStep: (i) => {
        stepEvents[i] = pg ? pg.trace.slice(mark).map((e) => `#${e.seq} ${eventLabel(e)}${laneHint(e)}`) : [];
      },
    });
  } finally {
    const names = declaredNames(s);
    await backend.dispose(names.queues, names.exchanges);
  }
  for (const st of result.steps) {
    out.push(`${st.index + 1}. ${st.step.title}${st.skipped ? `  (skipped: ${st.skipped})` : ''}`);
    if (!quiet) out.push(...wrap(st.step.say, '   '));
    const lines = pg ? (stepEvents[st.index] ?? []) : st.log;
    for (const l of lines) out.push(`     ${l}`);
    if (st.error) out.push(`     error: ${st.error}`);
  }
  out.push('', 'Expected outcomes:');
  for (const c of result.checks) {
    const mark2 = c.skipped ? '-' : c.ok ? '✔' : '✘';
    out.push(
      `  ${mark2} ${describeExpectation(c.expectation)} — ${c.expectation.why}${c.skipped ? ` (skipped: ${c.skipped})` : c.ok ? '' : ` (got ${c.actual})`}`,
    );
  }
  out.push('', result.passed ? 'All expected outcomes hold.' : 'Some expected outcomes did not hold.');
  return { text: out.join('\n'), result };
}

function laneHint(e: { kind: string; queue?: string; consumer?: string; channel?: string; exchange?: string }): string {
  if (e.kind === 'deliver' || e.kind === 'get') return `  ${e.queue} → ${e.consumer ?? e.channel}`;
  if (e.kind === 'ack' || e.kind === 'nack' || e.kind === 'reject') return `  ${e.channel} → ${e.queue}`;
  if (e.kind === 'enqueue') return `  → ${e.queue}`;
  if (e.kind === 'requeue' || e.kind === 'expire' || e.kind === 'drop' || e.kind === 'dead-letter') return `  in ${e.queue}`;
  return '';
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function wrap(text: string, indent: string, width = 100): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if ((cur + ' ' + w).trim().length > width - indent.length) {
      lines.push(indent + cur.trim());
      cur = w;
    } else cur += ' ' + w;
  }
  if (cur.trim()) lines.push(indent + cur.trim());
  return lines;
}

export const command: Command = {
  name: SPEC.name,
  summary: SPEC.summary,
  async run(args: string[]): Promise<number> {
    const a = parseScenarioArgs(args);
    if (a.action === 'help') {
      process.stdout.write(commandHelp(SPEC));
      return 0;
    }
    if (a.action === 'list') {
      process.stdout.write(listText() + '\n');
      return 0;
    }
    const names = a.name === 'all' ? SCENARIOS.map((s) => s.name) : [a.name!];
    let failed = 0;
    for (const n of names) {
      const { text, result } = await runAndRender(n, a.amqpUrl, a.quiet || names.length > 1);
      process.stdout.write(text + '\n\n');
      if (!result.passed) failed++;
    }
    if (names.length > 1) process.stdout.write(`${names.length - failed}/${names.length} scenarios passed\n`);
    return failed ? 1 : 0;
  },
};
