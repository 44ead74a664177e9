// `npm test` runs a few thousand fuzz inputs; `npm run fuzz` runs 100,000+ (scripts/fuzz-amqp.ts).
import { strict as assert } from 'node:assert';
import { runFuzz } from './fuzz-core';

const INPUTS = Number(process.env.ACKLAB_FUZZ_INPUTS ?? 3000);

describe(`AMQP listener fuzzing (${INPUTS} random and mutated inputs over TCP)`, function () {
  this.timeout(300_000);
  it('every input ends in normal operation or the right connection.close; a bystander loses nothing', async () => {
    const r = await runFuzz({ inputs: INPUTS, seed: Number(process.env.ACKLAB_FUZZ_SEED ?? 20261122) });
    assert.deepEqual(r.failures.slice(0, 20), [], `${r.failures.length} failures`);
    assert.equal(r.inputs, INPUTS);
    // the mix really exercised both sides: normal completions and each targeted error code
    assert.ok((r.outcomes['valid:close-ok'] ?? 0) > INPUTS / 20, JSON.stringify(r.outcomes));
    for (const code of ['501', '504', '505']) assert.ok((r.closeCodes[code] ?? 0) > 0, `saw ${code}: ${JSON.stringify(r.closeCodes)}`);
    assert.ok(r.bystander.published > 0 && r.bystander.consumed === r.bystander.published);
  });
});
