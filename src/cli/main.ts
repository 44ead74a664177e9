// `acklab` command line. Each subcommand lives in src/cli/commands/<name>.ts and is
// registered below; this file only reads the first word and maps errors to exit codes. Options are
// parsed by each command with the shared table parser in ./args.ts.
import { isUsageError, type Command } from './command';
import { version } from './version';

const commands: Record<string, () => Promise<Command>> = {
  serve: () => import('./commands/serve.js').then((m) => m.command),
  lint: () => import('./commands/lint.js').then((m) => m.command),
  scenario: () => import('./commands/scenario.js').then((m) => m.command),
  demo: () => import('./commands/demo.js').then((m) => m.command),
  test: () => import('./commands/test.js').then((m) => m.command),
};

/** Top-level help: one line per command with its summary (each command's own `summary`). */
async function usage(): Promise<string> {
  const loaded = await Promise.all(Object.values(commands).map((load) => load()));
  const w = Math.max(...loaded.map((c) => c.name.length));
  return [
    `acklab ${version} — a RabbitMQ-style acknowledgement playground`,
    '',
    'Usage: acklab <command> [options]',
    '',
    'Commands:',
    ...loaded.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    'Options:',
    "  -h, --help     show this help (acklab <command> --help for a command's options)",
    '  -v, --version  print the version',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write((await usage()) + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(version + '\n');
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`acklab: unknown command '${name}'\n\n${await usage()}\n`);
    return 2;
  }
  try {
    return await (await load()).run(rest);
  } catch (err) {
    if (isUsageError(err)) {
      process.stderr.write(`acklab ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`acklab: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
