// Settles from a promise chain instead of async/await.
const amqp = require('amqplib');
const search = require('./search-index');

amqp.connect(process.env.AMQP_URL)
  .then((conn) => conn.createChannel())
  .then((ch) => {
    return ch.assertQueue('search.reindex', { durable: true })
      .then(() => ch.prefetch(8))
      .then(() => ch.consume('search.reindex', (msg) => {
        const doc = JSON.parse(msg.content.toString());
        search.index(doc)
          .then(() => ch.ack(msg))
          .catch((err) => {
            console.error('reindex failed', err);
            ch.nack(msg, false, false);
          });
      }));
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
