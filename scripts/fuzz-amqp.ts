// npm run fuzz: the listener fuzzer with 100,000 inputs (ACKLAB_FUZZ_INPUTS / ACKLAB_FUZZ_SEED to change).
import { runFuzz } from '../test/integration/amqp/fuzz-core';

const inputs = Number(process.env.ACKLAB_FUZZ_INPUTS ?? 100_000);
const seed = Number(process.env.ACKLAB_FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`fuzzing the AMQP listener: ${inputs} inputs, seed ${seed}`);
runFuzz({
  inputs,
  seed,
  concurrency: 24,
  progress: (n) => {
    if (n % 10000 === 0) console.log(`  ${n} inputs`);
  },
}).then(
  (r) => {
    console.log(`done in ${(r.elapsedMs / 1000).toFixed(1)} s`);
    console.log('outcomes (mutation:result):', JSON.stringify(r.outcomes, null, 1));
    console.log('connection.close codes:', JSON.stringify(r.closeCodes));
    console.log('connection.close texts:', JSON.stringify(r.closeTexts, null, 1));
    console.log('bystander:', JSON.stringify(r.bystander));
    if (r.failures.length) {
      console.log(`${r.failures.length} FAILURES (first 50):`);
      for (const f of r.failures.slice(0, 50)) console.log('  ' + f);
      process.exitCode = 1;
    } else console.log('no failures');
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
