const amqp = require('amqplib');
const pager = require('./pager');

async function main() {
  const conn = await amqp.connect(process.env.AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertQueue('alerts', { durable: true });

  await ch.consume('alerts', async (msg) => {
    const alert = JSON.parse(msg.content.toString());
    if (alert.severity === 'critical') {
      await pager.page(alert.team, alert.summary);
      ch.ack(msg);
    }
    console.log('alert %s recorded', alert.id);
    ch.ack(msg);
  });
}

main();
