// The same host suites under @vscode/test-electron, for machines with internet access and desktop
// VS Code (these CI machines cannot download it; there `npm run test:host` uses code-server instead,
// see test/vscode/run-host-tests.ts). The contract is identical: extensionDevelopmentPath is the
// repo, extensionTestsPath is the bundled mocha entry exporting run().
//
//   npm run build && npm i --no-save @vscode/test-electron && node .vscode-test.mjs [stable|1.100.3]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

export const config = {
  version: process.argv[2] ?? '1.100.3', // the minimum supported (engines.vscode ^1.100.0); pass "stable" for the latest
  extensionDevelopmentPath: root,
  extensionTestsPath: join(root, 'dist', 'test', 'host', 'index.js'),
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
};
export default config;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let runTests;
  try {
    ({ runTests } = await import('@vscode/test-electron'));
  } catch {
    console.error('@vscode/test-electron is not installed: npm i --no-save @vscode/test-electron (needs internet to download VS Code)');
    process.exit(1);
  }
  try {
    await runTests(config);
  } catch (err) {
    console.error(`host tests failed: ${err}`);
    process.exit(1);
  }
}
