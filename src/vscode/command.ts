// The ONE way the extension registers a command, with the ONE error reporter: a command that
// throws shows its error once ("AckLab: <text>", with the broker's AMQP text or the management
// API's explanation), logs it, records it in Services.lastError (host tests read it) and returns
// undefined to its caller.
import * as vscode from 'vscode';
import { AmqpError } from '../broker';
import { ManagementError } from '../remote/errors';

/** Where command errors go. */
export interface ErrorSink {
  log: vscode.LogOutputChannel;
  lastError?: string;
}

/** An error with what was being done ("Publish to tasks on prod"): shown as "<what>: <cause>". */
export class CommandError extends Error {
  constructor(
    readonly what: string,
    override readonly cause: unknown,
  ) {
    super(`${what}: ${describeError(cause)}`);
  }
}

export function describeError(err: unknown): string {
  if (err instanceof AmqpError) return `${err.replyText} (AMQP ${err.code})`;
  if (err instanceof ManagementError) return err.userMessage;
  return err instanceof Error ? err.message : String(err);
}

export function reportError(sink: ErrorSink, command: string, err: unknown): void {
  const text = describeError(err);
  sink.lastError = text;
  sink.log.error(`${command}: ${text}`);
  void vscode.window.showErrorMessage(vscode.l10n.t('AckLab: {0}', text));
}

export interface CommandOptions {
  /** Runs first (e.g. starts the broker); its failure is reported like the command's. */
  before?: () => Promise<void>;
}

// Command arguments come from VS Code (tree nodes, palette) and from other extensions: any shape.
export type CommandHandler = (...args: any[]) => unknown;

export function registerCommand(sink: ErrorSink, id: string, fn: CommandHandler, opts: CommandOptions = {}): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      if (opts.before) await opts.before();
      return await fn(...args);
    } catch (err) {
      reportError(sink, id, err);
      return undefined;
    }
  });
}

/** Registers a table of commands `{ id: handler }` with the same options. */
export function registerCommands(sink: ErrorSink, table: Record<string, CommandHandler>, opts: CommandOptions = {}): vscode.Disposable[] {
  return Object.entries(table).map(([id, fn]) => registerCommand(sink, id, fn, opts));
}
