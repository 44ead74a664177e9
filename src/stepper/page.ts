// The stepper page's HTML, shared by the VS Code panel and the `--ui` web server so both load the
// same bundle under the same strict CSP. The nonce comes from the caller (crypto random).

export interface StepperHtmlOptions {
  /** URL of dist/webview.js (asWebviewUri in VS Code, a path on the web server). */
  scriptUri: string;
  /** URL of dist/webview.css (also the codicon stylesheet). */
  styleUri: string;
  /** Source allowed for styles, fonts and images (webview.cspSource, or 'self'). */
  cspSource: string;
  /** Random base64 nonce for the one script tag. */
  nonce: string;
  /** Web page only: origin the WebSocket connects to (ws://127.0.0.1:PORT). */
  connectSrc?: string;
  /** Web page: 'light' | 'dark' palette for the --vscode-* variables (VS Code supplies its own). */
  webTheme?: 'light' | 'dark' | 'auto';
}

/** Escapes a value for a double-quoted attribute (single quotes, as in CSP keywords, stay). */
const attr = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function stepperHtml(o: StepperHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(o.nonce)) throw new Error('stepperHtml: nonce must be at least 16 base64 characters');
  const csp = [
    "default-src 'none'",
    `style-src ${o.cspSource}`,
    `font-src ${o.cspSource}`,
    `img-src ${o.cspSource} data:`,
    `script-src 'nonce-${o.nonce}'`,
    ...(o.connectSrc ? [`connect-src ${o.connectSrc}`] : []),
  ].join('; ');
  const web = o.webTheme ? ` class="acklab-web" data-theme="${attr(o.webTheme)}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${attr(o.styleUri)}">
<title>AckLab: Deliveries</title>
</head>
<body${web}>
<div id="app" role="application" aria-label="AckLab delivery stepper"><p class="boot">Loading the delivery stepper…</p></div>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}
