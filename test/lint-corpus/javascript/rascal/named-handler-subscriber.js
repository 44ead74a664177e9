const { BrokerAsPromised: Broker, withDefaultConfig } = require('rascal');
const definitions = require('./definitions.json');
const crm = require('./crm');
const log = require('./log');

async function onContactChanged(message, contact, ackOrNack) {
  log.info({ contactId: contact.id }, 'contact changed');
  try {
    await crm.sync(contact);
    ackOrNack();
  } catch (err) {
    log.error({ err }, 'crm sync failed');
    ackOrNack(err, [{ strategy: 'republish', defer: 5000, attempts: 5 }, { strategy: 'nack' }]);
  }
}

async function main() {
  const broker = await Broker.create(withDefaultConfig(definitions));
  broker.on('error', (err) => log.error({ err }, 'broker error'));
  const subscription = await broker.subscribe('contact_changed');
  subscription.on('message', onContactChanged).on('error', (err) => log.error({ err }));
}

main();
