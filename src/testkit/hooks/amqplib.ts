// Entry of dist/hooks/amqplib.js, preloaded by `acklab test --trace` through NODE_OPTIONS=--require:
// records amqplib's consume/ack/nack/reject call sites into ACKLAB_TRACE_FILE.
import { fileWriter, install } from './amqplibPatch';

const traceFile = process.env.ACKLAB_TRACE_FILE;
if (traceFile) install(fileWriter(traceFile));
