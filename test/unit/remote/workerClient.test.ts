import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { ManagementError } from '../../../src/remote/errors';
import { WorkerManagementClient } from '../../../src/remote/workerClient';

// The worker-thread client: errors keep their classification across the thread boundary,
// and a closed client fails fast instead of hanging.
describe('remote: management client in a worker thread', function () {
  this.timeout(20_000);
  let port: number;
  before(async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    port = (s.address() as { port: number }).port;
    await new Promise((r) => s.close(r));
  });

  it('reports a closed port as a classified ManagementError', async () => {
    const c = new WorkerManagementClient({ baseUrl: `http://127.0.0.1:${port}`, credentials: { username: 'u', password: 'p' } });
    try {
      const e = await c.vhosts().then(
        () => undefined,
        (err: unknown) => err,
      );
      assert.ok(e instanceof ManagementError, String(e));
      assert.equal(e.kind, 'unreachable');
      assert.match(e.userMessage, new RegExp(`connection refused on port ${port}`));
      await assert.rejects(
        c.queuesPage('/', { pageSize: 0 }),
        (err: unknown) => err instanceof RangeError && /pageSize must be an integer in 1..500/.test(err.message),
      );
    } finally {
      c.close();
    }
    await assert.rejects(c.overview(), /closed/);
  });
});
