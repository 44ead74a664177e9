import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

describe('activation', () => {
  it('runs in a real VS Code', async () => {
    assert.match(vscode.version, /^1\.100\./);
    const ext = vscode.extensions.getExtension('acklab.acklab');
    assert.ok(ext, 'extension acklab.acklab is loaded');
    await ext.activate();
    assert.equal(ext.isActive, true);
  });
});
