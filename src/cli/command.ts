/** A subcommand of `acklab`. `run` returns the process exit code (0 ok, 1 findings/failure, 2 usage). */
export interface Command {
  readonly name: string;
  readonly summary: string;
  run(args: string[]): Promise<number>;
}

/** Thrown for bad arguments; main() prints the message and exits with code 2. */
export class UsageError extends Error {}
