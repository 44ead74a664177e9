// Topic consumer: one queue bound to several routing keys.
const amqp = require('amqplib');
const inventory = require('./inventory');

async function main() {
  const conn = await amqp.connect(process.env.AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertExchange('inventory', 'topic', { durable: true });
  const { queue } = await ch.assertQueue('inventory.sync', { durable: true });
  for (const key of ['stock.added', 'stock.removed', 'stock.audit']) {
    await ch.bindQueue(queue, 'inventory', key);
  }

  await ch.consume(queue, async (msg) => {
    const event = JSON.parse(msg.content.toString());
    switch (msg.fields.routingKey) {
      case 'stock.added':
        await inventory.add(event.sku, event.qty);
        ch.ack(msg);
        break;
      case 'stock.removed':
        await inventory.remove(event.sku, event.qty);
        ch.ack(msg);
        break;
      default:
        console.warn('unexpected routing key %s', msg.fields.routingKey);
        ch.reject(msg, false);
    }
  });
}

main();
