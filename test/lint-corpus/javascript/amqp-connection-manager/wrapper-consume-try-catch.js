const amqp = require('amqp-connection-manager');
const { indexDocument } = require('./search');

const connection = amqp.connect([process.env.AMQP_URL]);
const channelWrapper = connection.createChannel({
  json: true,
  setup: (channel) => channel.assertQueue('docs.index', { durable: true, deadLetterExchange: 'docs.dlx' }),
});

async function onMessage(msg) {
  try {
    const doc = JSON.parse(msg.content.toString());
    await indexDocument(doc);
    channelWrapper.ack(msg);
  } catch (err) {
    console.error('indexing failed', err);
    channelWrapper.nack(msg, false, false);
  }
}

channelWrapper.consume('docs.index', onMessage, { prefetch: 20 })
  .then(({ consumerTag }) => console.log('consuming as', consumerTag));
