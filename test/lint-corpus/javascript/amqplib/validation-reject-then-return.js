const amqp = require('amqplib');
const Ajv = require('ajv');

const ajv = new Ajv();
const validate = ajv.compile({
  type: 'object',
  required: ['userId', 'event'],
  properties: { userId: { type: 'string' }, event: { type: 'string' } },
});

async function main() {
  const conn = await amqp.connect(process.env.AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertQueue('events.user', { durable: true, deadLetterExchange: 'events.dlx' });

  await ch.consume('events.user', (msg) => {
    let body;
    try {
      body = JSON.parse(msg.content.toString());
    } catch (e) {
      ch.reject(msg, false);
      return;
    }
    if (!validate(body)) {
      console.warn('invalid event', validate.errors);
      ch.reject(msg, false);
      return;
    }
    console.log('user %s did %s', body.userId, body.event);
    ch.ack(msg);
  });
}

main();
