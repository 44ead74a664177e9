const Broker = require('rascal').BrokerAsPromised;
const config = require('./config');
const shipping = require('./shipping');

const recovery = [
  { strategy: 'republish', defer: 1000, attempts: 10 },
  { strategy: 'nack' },
];

async function run() {
  const broker = await Broker.create(config);
  broker.on('error', (err) => console.error('broker error', err));

  const subscription = await broker.subscribe('shipment_requested');
  subscription.on('message', async (message, shipment, ackOrNack) => {
    try {
      await shipping.book(shipment);
      ackOrNack();
    } catch (err) {
      ackOrNack(err, recovery);
    }
  });
  subscription.on('error', console.error);
}

run();
