// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layer rules: see README "Architecture". Only src/vscode and src/extension.ts may import 'vscode'. */
const noVscode = {
  name: 'vscode',
  message: "Only src/vscode/** and src/extension.ts may import 'vscode' (layer rule).",
  allowTypeImports: false,
};
const layer = (patterns, message) => patterns.map((group) => ({ group: [group], message }));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'test/lint-corpus/**', 'test/fixtures/**', 'media/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-imports': ['error', { paths: [noVscode] }],
    },
  },
  {
    files: ['src/vscode/**', 'src/extension.ts', 'test/vscode/**', 'bench/ui-host.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/broker/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode, { name: 'net', message: 'src/broker is transport-free.' }, { name: 'node:net', message: 'src/broker is transport-free.' }],
        patterns: layer(['**/amqp/**', '**/lint/**', '**/scenarios/**', '**/vscode/**', '**/cli/**'], 'src/broker depends on nothing else in src/.'),
      }],
    },
  },
  {
    files: ['src/lint/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: layer(['**/broker/**', '**/amqp/**', '**/scenarios/**', '**/vscode/**', '**/cli/**'], 'src/lint is independent of the broker.'),
      }],
    },
  },
  {
    files: ['src/remote/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: layer(['**/vscode/**', '**/cli/**', '**/webview/**'], 'src/remote (real brokers) is pure TS; the vscode side lives in src/vscode/remoteBrokers.ts.'),
      }],
    },
  },
  {
    files: ['src/protocol/**', 'webview/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: layer(['**/vscode/**', '**/amqp/**', '**/cli/**'], 'webview and protocol code stays host-agnostic.'),
      }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
