const amqp = require('amqp-connection-manager');

const connection = amqp.connect(['amqp://localhost']);
const wrapper = connection.createChannel({
  setup: async (channel) => {
    await channel.assertExchange('presence', 'fanout', { durable: false });
    const { queue } = await channel.assertQueue('presence.web', { exclusive: true });
    await channel.bindQueue(queue, 'presence', '');
  },
});

wrapper.consume('presence.web', (msg) => {
  const { userId, online } = JSON.parse(msg.content.toString());
  console.log(`${userId} is ${online ? 'online' : 'offline'}`);
  wrapper.ack(msg);
}, { noAck: true });
