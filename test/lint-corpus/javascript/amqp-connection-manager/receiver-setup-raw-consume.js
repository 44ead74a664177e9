// Receiver from the amqp-connection-manager README: raw consume inside setup,
// settled through the channel wrapper (which delegates to the same channel).
const amqp = require('amqp-connection-manager');

const QUEUE_NAME = 'amqp-connection-manager-sample1';

const onMessage = (data) => {
  const message = JSON.parse(data.content.toString());
  console.log('receiver: got message', message);
  channelWrapper.ack(data);
};

const connection = amqp.connect(['amqp://localhost']);
connection.on('connect', () => console.log('Connected!'));
connection.on('disconnect', (err) => console.log('Disconnected.', err));

const channelWrapper = connection.createChannel({
  setup: (channel) =>
    Promise.all([
      channel.assertQueue(QUEUE_NAME, { durable: true }),
      channel.prefetch(1),
      channel.consume(QUEUE_NAME, onMessage),
    ]),
});

channelWrapper.waitForConnect().then(() => {
  console.log('Listening for messages');
});
