const Broker = require('rascal').BrokerAsPromised;
const config = require('./config.json');
const billing = require('./billing');

async function main() {
  const broker = await Broker.create(config);
  broker.on('error', console.error);

  const subscription = await broker.subscribe('billing_events');
  subscription.on('message', async (message, event, ackOrNack) => {
    if (event.type !== 'invoice.created') {
      console.debug('ignoring %s', event.type);
      return;
    }
    await billing.createInvoice(event.data);
    ackOrNack();
  });
  subscription.on('error', console.error);
}

main();
