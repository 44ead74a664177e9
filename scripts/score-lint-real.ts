// `npm run score:lint`: fetch the real-code corpus if needed, lint it, print precision/recall per rule and per
// language, the mismatches, and whether the gate (test/lint-real/gate.json) holds. Exit 1 below the gate.
import { createLinter } from '../src/lint/index';
import { formatScore, gateFailures, loadGate, scoreCorpus } from '../test/lint-real/score';
// @ts-expect-error -- plain ESM script without types
import { fetchAll } from './fetch-lint-real.mjs';

async function main(): Promise<void> {
  const failed = (fetchAll as (o: { quiet: boolean }) => string[])({ quiet: false });
  if (failed.length) throw new Error(`could not fetch: ${failed.join('; ')}`);
  const linter = await createLinter();
  const score = scoreCorpus(linter);
  const withHints = scoreCorpus(linter, undefined, { withHints: true });
  linter.dispose();
  console.log(formatScore(score));
  console.log(
    `counting info-level hints too:\n${formatScore(withHints)
      .split('\n')
      .filter((l) => l.includes('overall'))
      .join('\n')}`,
  );
  if (!process.argv.includes('--brief')) console.log(`mismatches (${score.mismatches.length}):\n  ${score.mismatches.join('\n  ')}`);
  const fails = gateFailures(score, loadGate());
  console.log(fails.length ? `gate: FAIL\n  ${fails.join('\n  ')}` : 'gate: ok');
  process.exitCode = fails.length ? 1 : 0;
}
main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
