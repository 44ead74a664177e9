// The extension's entry point: everything lives in src/vscode/main.ts.
export { activate, deactivate } from './vscode/main';
