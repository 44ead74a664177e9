/** A subcommand of `acklab`. `run` returns the process exit code (0 ok, 1 findings/failure, 2 usage). */
export interface Command {
  readonly name: string;
  readonly summary: string;
  run(args: string[]): Promise<number>;
}

/** Thrown for bad arguments; main() prints the message and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Each subcommand is its own bundle with its own copy of UsageError, so `instanceof` against main's copy
 * fails across bundles: recognise it by name.
 */
export function isUsageError(err: unknown): err is UsageError {
  return err instanceof Error && err.name === 'UsageError';
}
