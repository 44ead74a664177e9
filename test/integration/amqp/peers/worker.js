// The RabbitMQ tutorial's worker.js (tutorial two), unchanged apart from the URL and queue coming from argv
// and a line on stdout per event so the test can follow it. A dot in the body = one second of work.
const amqp = require('amqplib/callback_api');
const [url, queue, name] = process.argv.slice(2);

amqp.connect(url, function (error0, connection) {
  if (error0) throw error0;
  connection.createChannel(function (error1, channel) {
    if (error1) throw error1;
    channel.assertQueue(queue, { durable: true });
    channel.prefetch(1);
    console.log(`${name} waiting`);
    channel.consume(
      queue,
      function (msg) {
        const secs = msg.content.toString().split('.').length - 1;
        console.log(`${name} received ${msg.content.toString()} redelivered=${msg.fields.redelivered}`);
        setTimeout(function () {
          console.log(`${name} done ${msg.content.toString()}`);
          channel.ack(msg);
        }, secs * 1000);
      },
      { noAck: false },
    );
  });
});
