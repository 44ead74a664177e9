const amqp = require('amqp-connection-manager');
const { indexDocument } = require('./search');

const connection = amqp.connect([process.env.AMQP_URL]);
const channelWrapper = connection.createChannel({
  setup: (channel) => channel.assertQueue('docs.index', { durable: true }),
});

channelWrapper.consume('docs.index', async (msg) => {
  try {
    await indexDocument(JSON.parse(msg.content.toString()));
    channelWrapper.ack(msg);
  } catch (err) {
    console.error('indexing failed', err.message);
  }
}, { prefetch: 20 });
