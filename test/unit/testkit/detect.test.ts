// The VS Code command's default test command, from what the workspace holds.
import { strict as assert } from 'node:assert';
import { detectTestCommand } from '../../../src/testkit/detect';

describe('testkit: test command detection', () => {
  it('prefers package.json scripts.test, then pytest, then go test', () => {
    assert.equal(detectTestCommand({ packageJson: '{"scripts":{"test":"mocha"}}', files: ['package.json', 'go.mod'] }), 'npm test');
    assert.equal(
      detectTestCommand({ packageJson: '{"scripts":{"test":"echo \\"Error: no test specified\\" && exit 1"}}', files: ['package.json', 'pytest.ini'] }),
      'python3 -m pytest',
    );
    assert.equal(detectTestCommand({ files: ['test_orders.py'] }), 'python3 -m pytest');
    assert.equal(detectTestCommand({ files: ['go.mod', 'main.go'] }), 'go test ./...');
    assert.equal(detectTestCommand({ packageJson: '{ not json', files: ['package.json'] }), undefined);
    assert.equal(detectTestCommand({ files: ['README.md'] }), undefined);
  });
});
