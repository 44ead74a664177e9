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
        ackOrNack(err);
      }
    })
    .on('invalid_content', (err, message, ackOrNack) => {
      console.error('invalid content', err);
      ackOrNack(err);
    })
    .on('error', console.error);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
