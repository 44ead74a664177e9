// Child process of `npm run bench:lint` (start-up section): lint one file with either every grammar loaded (what
// `acklab lint` did before it loaded only the grammars its files need) or only the file's own. Prints nothing.
import { readFileSync } from 'node:fs';
import { createLinter, resolveLanguage } from '../src/lint/index';

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  const lang = resolveLanguage(file);
  if (!lang) throw new Error(`not a lintable file: ${file}`);
  const linter = await createLinter(mode === 'all' ? {} : { languages: [lang] });
  linter.lint(readFileSync(file, 'utf8'), file);
  linter.dispose();
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
