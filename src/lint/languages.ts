// Language ids, file extensions and grammar files.

export type LanguageId = 'javascript' | 'typescript' | 'tsx' | 'python' | 'go' | 'java' | 'csharp' | 'ruby' | 'php' | 'elixir' | 'erlang' | 'lfe';

/** Syntax family: which adapter reads the tree. */
export type Family = 'js' | 'py' | 'go' | 'java' | 'cs' | 'rb' | 'php' | 'ex' | 'erl' | 'lfe';

export const FAMILY: Record<LanguageId, Family> = {
  javascript: 'js',
  typescript: 'js',
  tsx: 'js',
  python: 'py',
  go: 'go',
  java: 'java',
  csharp: 'cs',
  ruby: 'rb',
  php: 'php',
  elixir: 'ex',
  erlang: 'erl',
  lfe: 'lfe',
};

/** Grammar file per tree-sitter language (relative to the grammar directory); erlang/lfe use hand-written readers. */
export const GRAMMAR_FILE: Partial<Record<LanguageId, string>> = {
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  python: 'tree-sitter-python.wasm',
  go: 'tree-sitter-go.wasm',
  java: 'tree-sitter-java.wasm',
  csharp: 'tree-sitter-c-sharp.wasm',
  ruby: 'tree-sitter-ruby.wasm',
  php: 'tree-sitter-php.wasm',
  elixir: 'tree-sitter-elixir.wasm',
};

const EXT: Record<string, LanguageId> = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.py': 'python',
  '.go': 'go',
  '.java': 'java',
  '.cs': 'csharp',
  '.rb': 'ruby',
  '.php': 'php',
  '.ex': 'elixir',
  '.exs': 'elixir',
  '.erl': 'erlang',
  '.hrl': 'erlang',
  '.lfe': 'lfe',
};

/** VS Code language ids that differ from ours. */
const VSCODE_IDS: Record<string, LanguageId> = {
  javascriptreact: 'javascript',
  typescriptreact: 'tsx',
  'c-sharp': 'csharp',
  csharp: 'csharp',
  cs: 'csharp',
};

export const LANGUAGE_IDS = Object.keys(FAMILY) as LanguageId[];
export const LINTABLE_EXTENSIONS = Object.keys(EXT);

/** Resolve a language id (ours or VS Code's) or a file name to a language, or undefined when unsupported. */
export function resolveLanguage(languageIdOrFileName: string): LanguageId | undefined {
  const s = languageIdOrFileName;
  if ((FAMILY as Record<string, Family>)[s]) return s as LanguageId;
  if (VSCODE_IDS[s]) return VSCODE_IDS[s];
  const dot = s.lastIndexOf('.');
  if (dot >= 0) return EXT[s.slice(dot).toLowerCase()];
  return undefined;
}
