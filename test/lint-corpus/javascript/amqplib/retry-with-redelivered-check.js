const amqp = require('amqplib');
const axios = require('axios');

async function main() {
  const conn = await amqp.connect(process.env.AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertQueue('webhooks', { durable: true });
  await ch.prefetch(10);

  ch.consume('webhooks', async (msg) => {
    const hook = JSON.parse(msg.content.toString());
    try {
      await axios.post(hook.url, hook.payload, { timeout: 5000 });
      ch.ack(msg);
    } catch (err) {
      if (msg.fields.redelivered) {
        console.error('webhook %s failed twice, giving up', hook.url);
        ch.nack(msg, false, false);
      } else {
        ch.nack(msg, false, true);
      }
    }
  });
}

main();
