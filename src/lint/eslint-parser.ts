// The parser of the ESLint plugin's `configs.recommended`, which covers JavaScript and TypeScript files in one
// config object (ESLint's flat config takes no nested arrays). It hands each file to the parser that reads it:
// JavaScript to espree (ESLint's own default parser), TypeScript to the project's @typescript-eslint/parser when
// it has one, else to a reader that accepts any text and gives an empty program. The acklab rules read the file
// with tree-sitter, not ESLint's tree, so a TypeScript file is linted without any TypeScript toolchain and never
// fails with "Parsing error: Unexpected token :"; other rules see an empty program on it and report nothing.
import { createRequire } from 'node:module';
import { version } from '../../package.json';

type ParseResult = { ast: unknown; visitorKeys?: unknown; scopeManager?: unknown; services?: unknown };
interface EslintParser {
  parse?(text: string, options?: object): unknown;
  parseForESLint?(text: string, options?: object): ParseResult;
}

const TS_FILE = /\.(ts|mts|cts|tsx)$/i;

function endOf(text: string): { line: number; column: number } {
  const lines = text.split(/\r\n|[\r\n\u2028\u2029]/);
  return { line: lines.length, column: lines[lines.length - 1].length };
}

/** Accepts any text: an empty program spanning it. */
export function parseAsText(text: string): ParseResult {
  const ast = {
    type: 'Program',
    sourceType: 'module',
    body: [],
    tokens: [],
    comments: [],
    range: [0, text.length],
    loc: { start: { line: 1, column: 0 }, end: endOf(text) },
  };
  return { ast, visitorKeys: { Program: ['body'] } };
}

/** A package resolved from the project (the working directory), or from beside ESLint; undefined if absent. */
function load(name: string): EslintParser | undefined {
  const bases = [`${process.cwd()}/package.json`];
  try {
    bases.push(require.resolve('eslint/package.json'));
  } catch {
    /* ESLint not resolvable from here: the project's copy is tried alone */
  }
  for (const base of bases) {
    try {
      return createRequire(base)(name) as EslintParser;
    } catch {
      /* try the next place */
    }
  }
  return undefined;
}

let espree: EslintParser | undefined;
let tsParser: EslintParser | null | undefined;

function run(parser: EslintParser, text: string, options: object): ParseResult {
  if (parser.parseForESLint) return parser.parseForESLint(text, options);
  return { ast: parser.parse!(text, options) };
}

export const parser = {
  meta: { name: 'acklab/parser', version },
  parseForESLint(text: string, options: { filePath?: string } = {}): ParseResult {
    if (TS_FILE.test(options.filePath ?? '')) {
      if (tsParser === undefined) tsParser = load('@typescript-eslint/parser') ?? null;
      return tsParser ? run(tsParser, text, options) : parseAsText(text);
    }
    espree ??= load('espree');
    if (!espree) throw new Error("acklab/eslint: cannot load espree (ESLint's parser); is eslint installed?");
    return run(espree, text, options);
  },
};
