const { BrokerAsPromised: Broker } = require('rascal');
const config = require('./config.json');
const geo = require('./geo');

function onLocation(message, location, ackOrNack) {
  if (location.lat >= -90 && location.lat <= 90 && location.lng >= -180 && location.lng <= 180) {
    geo.store(location.deviceId, location.lat, location.lng);
    ackOrNack();
  } else {
    console.warn('discarding out-of-range location from', location.deviceId);
  }
}

async function main() {
  const broker = await Broker.create(config);
  const subscription = await broker.subscribe('device_locations');
  subscription.on('message', onLocation);
  subscription.on('error', console.error);
}

main();
