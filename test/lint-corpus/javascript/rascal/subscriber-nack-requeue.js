const Broker = require('rascal').BrokerAsPromised;
const config = require('./config.json');
const warehouse = require('./warehouse');

async function main() {
  const broker = await Broker.create(config);
  broker.on('error', console.error);

  const subscription = await broker.subscribe('pick_list');
  subscription.on('message', async (message, pickList, ackOrNack) => {
    try {
      await warehouse.print(pickList);
      ackOrNack();
    } catch (err) {
      console.warn('printer offline, requeueing pick list', pickList.id);
      ackOrNack(err, { strategy: 'nack', requeue: true });
    }
  });
  subscription.on('error', console.error);
}

main();
