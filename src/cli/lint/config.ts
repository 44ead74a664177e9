// `acklab lint` reads the same acklab.lint.* settings as the editor: from --config FILE, or else from the source
// root's .vscode/settings.json (JSON with comments, parsed by jsonc-parser as VS Code does). Only `rules` and
// `exclude` matter to the CLI; a bad value is a usage error naming the setting, never silently ignored. jsonc-parser
// loads only when there is a file to read.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseError } from 'jsonc-parser';
import { readLintSettings, type LintSettings } from '../../lint/settings';
import { UsageError } from '../command';

export interface LintConfig {
  settings: LintSettings;
  source?: string;
}

export async function loadLintConfig(root: string, explicit?: string): Promise<LintConfig> {
  const file = explicit ?? join(root, '.vscode', 'settings.json');
  if (!existsSync(file)) {
    if (explicit) throw new UsageError(`--config: no such file: ${explicit}`);
    return { settings: readLintSettings(() => undefined).settings };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const { parse, printParseErrorCode } = await import('jsonc-parser');
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length) throw new UsageError(`${file}: not valid JSON (${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset})`);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`${file}: expected an object of settings`);
  const obj = data as Record<string, unknown>;
  const { settings, errors: bad } = readLintSettings((key) => obj[`acklab.lint.${key}`]);
  if (bad.length) throw new UsageError(`${file}: ${bad.join('; ')}`);
  return { settings, source: file };
}
