// Topic consumer: the audit case forgets to settle.
const amqp = require('amqplib');
const inventory = require('./inventory');
const audit = require('./audit');

async function main() {
  const conn = await amqp.connect(process.env.AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertExchange('inventory', 'topic', { durable: true });
  const { queue } = await ch.assertQueue('inventory.sync', { durable: true });
  await ch.bindQueue(queue, 'inventory', 'stock.#');

  await ch.consume(queue, async (msg) => {
    const event = JSON.parse(msg.content.toString());
    switch (msg.fields.routingKey) {
      case 'stock.added':
        await inventory.add(event.sku, event.qty);
        ch.ack(msg);
        break;
      case 'stock.audit':
        await audit.record(event);
        break;
      default:
        ch.reject(msg, false);
    }
  });
}

main();
