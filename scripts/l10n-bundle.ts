// The English bundle of the extension's runtime strings, l10n/bundle.l10n.json: every message given to
// `vscode.l10n.t(...)` in src/vscode/ (a translation, l10n/bundle.l10n.<locale>.json, maps the same keys).
// A message must be a string literal, its placeholders {0}, {1}, … must match the arguments passed.
//
//   npx tsx scripts/l10n-bundle.ts           rewrites l10n/bundle.l10n.json
//   npx tsx scripts/l10n-bundle.ts --check   exit 1 when the bundle differs from the code (or a call is malformed)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const ROOT = join(__dirname, '..');
export const BUNDLE = join(ROOT, 'l10n', 'bundle.l10n.json');

export interface L10nScan {
  /** message -> where it is used ("src/vscode/x.ts:12") */
  messages: Map<string, string[]>;
  /** malformed calls, as "file:line: what is wrong" */
  problems: string[];
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .flatMap((p) => (statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : []));
}

function isL10nT(call: ts.CallExpression): boolean {
  const e = call.expression;
  return ts.isPropertyAccessExpression(e) && e.name.text === 't' && /^(vscode\.)?l10n$/.test(e.expression.getText());
}

function checkCall(call: ts.CallExpression, where: string, scan: L10nScan): void {
  const [first, ...args] = call.arguments;
  if (!first || !(ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
    scan.problems.push(`${where}: vscode.l10n.t needs a string literal message (values go in as {0}, {1}, … arguments)`);
    return;
  }
  const message = first.text;
  const used = new Set([...message.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])));
  for (let i = 0; i < args.length; i++) if (!used.has(i)) scan.problems.push(`${where}: argument ${i} has no {${i}} in "${message}"`);
  for (const i of used) if (i >= args.length) scan.problems.push(`${where}: {${i}} in "${message}" has no argument`);
  scan.messages.set(message, [...(scan.messages.get(message) ?? []), where]);
}

/** Every vscode.l10n.t message under `dir` (default src/vscode). */
export function scanL10n(dir = join(ROOT, 'src', 'vscode')): L10nScan {
  const scan: L10nScan = { messages: new Map(), problems: [] };
  for (const file of tsFiles(dir)) {
    const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isL10nT(node)) {
        const line = src.getLineAndCharacterOfPosition(node.getStart(src)).line + 1;
        checkCall(node, `${relative(ROOT, file)}:${line}`, scan);
      }
      ts.forEachChild(node, visit);
    };
    visit(src);
  }
  return scan;
}

/** The bundle's text for a scan: keys sorted, each English message mapping to itself. */
export function bundleText(scan: L10nScan): string {
  const keys = [...scan.messages.keys()].sort();
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, k])), null, 2) + '\n';
}

function main(): void {
  const scan = scanL10n();
  if (scan.problems.length) {
    console.error(scan.problems.join('\n'));
    process.exitCode = 1;
    return;
  }
  const text = bundleText(scan);
  if (process.argv.includes('--check')) {
    const same = readFileSync(BUNDLE, 'utf8') === text;
    console.log(
      same
        ? `${relative(ROOT, BUNDLE)} is up to date (${scan.messages.size} messages)`
        : `${relative(ROOT, BUNDLE)} is stale: run npx tsx scripts/l10n-bundle.ts`,
    );
    process.exitCode = same ? 0 : 1;
    return;
  }
  writeFileSync(BUNDLE, text);
  console.log(`wrote ${relative(ROOT, BUNDLE)}: ${scan.messages.size} messages`);
}

if (require.main === module) main();
