const Broker = require('rascal').BrokerAsPromised;
const config = require('./config.json');
const { handleSignup } = require('./handlers/signup');

async function main() {
  const broker = await Broker.create(config);
  broker.on('error', console.error);

  const subscription = await broker.subscribe('signup_subscription');
  subscription
    .on('message', async (message, content, ackOrNack) => {
      try {
        await handleSignup(content);
        ackOrNack();
      } catch (err) {
        console.error('signup handling failed', err);
      }
    })
    .on('error', console.error);
}

main();
