const amqp = require('amqplib');
const log = require('debug')('billing:consumer');

function settle(channel, msg, outcome) {
  if (outcome === 'ok') {
    channel.ack(msg);
  } else if (outcome === 'retry') {
    channel.nack(msg, false, !msg.fields.redelivered);
  } else {
    channel.reject(msg, false);
  }
}

async function processInvoice(invoice) {
  if (!invoice.customerId) return 'invalid';
  log('charging %s', invoice.customerId);
  return 'ok';
}

async function main() {
  const conn = await amqp.connect(process.env.AMQP_URL);
  const channel = await conn.createChannel();
  await channel.assertQueue('invoices', { durable: true });

  await channel.consume('invoices', async (msg) => {
    let outcome;
    try {
      outcome = await processInvoice(JSON.parse(msg.content.toString()));
    } catch (err) {
      log('error %o', err);
      outcome = 'retry';
    }
    settle(channel, msg, outcome);
  });
}

main();
