import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { version } from '../../../src/cli/version';

const cli = ['--import', 'tsx', 'src/cli/main.ts'];

describe('acklab CLI', () => {
  it('prints its version', () => {
    assert.equal(execFileSync('node', [...cli, '--version'], { encoding: 'utf8' }).trim(), version);
  });
  it('exits 2 with usage on an unknown command', () => {
    const r = spawnSync('node', [...cli, 'nosuch'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown command 'nosuch'/);
  });
});
