// Audit trail tail: deliveries are settled in bulk by the flush timer below,
// so the per-message handler intentionally does not ack.
const amqp = require('amqplib');

const pending = [];

async function main() {
  const conn = await amqp.connect(process.env.AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertQueue('audit.trail', { durable: true });
  await ch.prefetch(500);

  setInterval(() => {
    if (pending.length === 0) return;
    const last = pending[pending.length - 1];
    console.log('flushing %d audit records', pending.length);
    pending.length = 0;
    ch.ack(last, true);
  }, 1000);

  // acklab-disable-next-line missing-ack
  await ch.consume('audit.trail', (msg) => {
    if (msg) pending.push(msg);
  });
}

main();
