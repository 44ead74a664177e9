// TypeScript declarations for a package entry, emitted from the source by the TypeScript compiler API
// (the same compiler the build type-checks with), then pruned to the .d.ts files the entry's declaration
// reaches through its imports: the public surface only, not every module the implementation pulls in.
//
//   emitDeclarations({ root, entry: 'src/testkit/api.ts', outDir })  -> the entry's .d.ts path under outDir
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

const OPTIONS = {
  declaration: true,
  emitDeclarationOnly: true,
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  types: ['node'],
};

/** Relative module specifiers a declaration file imports or re-exports. */
function importsOf(text) {
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)["'](\.{1,2}\/[^"']*)["']/g)].map((m) => m[1]);
}

export function emitDeclarations({ root, entry, outDir }) {
  const srcDir = join(root, 'src');
  // outDir only names the emitted files: they are caught in memory (writeFile below) and pruned before any is written
  const program = ts.createProgram([join(root, entry)], { ...OPTIONS, rootDir: srcDir, outDir: join(root, '.d.ts-unused') });
  const emitted = new Map();
  const result = program.emit(undefined, (file, text) => emitted.set(normalize(file), text), undefined, true);
  const errors = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length)
    throw new Error(
      `declarations for ${entry}:\n${ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' })}`,
    );
  const base = join(root, '.d.ts-unused');
  const start = normalize(join(base, relative(srcDir, join(root, entry)).replace(/\.ts$/, '.d.ts')));
  const keep = new Set();
  const queue = [start];
  while (queue.length) {
    const file = queue.pop();
    if (keep.has(file)) continue;
    const text = emitted.get(file);
    if (text === undefined) throw new Error(`declarations for ${entry}: ${relative(base, file)} was not emitted`);
    keep.add(file);
    for (const spec of importsOf(text)) {
      const p = normalize(join(dirname(file), spec));
      const found = [`${p}.d.ts`, join(p, 'index.d.ts')].find((c) => emitted.has(c));
      if (!found) throw new Error(`declarations for ${entry}: ${relative(base, file)} imports ${spec}, which has no declaration`);
      queue.push(found);
    }
  }
  for (const file of keep) {
    const to = join(outDir, relative(base, file));
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, emitted.get(file));
  }
  return { entry: join(outDir, relative(base, start)), files: keep.size };
}
