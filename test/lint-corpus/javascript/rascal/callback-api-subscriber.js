// Rascal callback API.
const Rascal = require('rascal');
const definitions = require('./definitions.json');
const thumbnails = require('./thumbnails');

const config = Rascal.withDefaultConfig(definitions);

Rascal.Broker.create(config, (err, broker) => {
  if (err) throw err;
  broker.on('error', console.error);

  broker.subscribe('thumbnail_requests', (err, subscription) => {
    if (err) throw err;
    subscription.on('message', (message, content, ackOrNack) => {
      thumbnails
        .generate(content.imageId, content.sizes)
        .then(() => ackOrNack())
        .catch((e) => ackOrNack(e, { strategy: 'nack' }));
    });
    subscription.on('error', console.error);
  });
});
