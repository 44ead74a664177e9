// Entry point of the stepper webview bundle (dist/webview.js + dist/webview.css).
import '@vscode/codicons/dist/codicon.css';
import './style.css';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { App } from './app';
import { createTransport } from './transport';

const root = document.getElementById('app');
if (root) {
  const app = new App(createTransport(), root);
  app.start();
  (window as unknown as { acklab?: App }).acklab = app; // for tests and benches driving the page
}
