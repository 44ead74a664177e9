#!/usr/bin/env node
// Work queue worker: manual acknowledgement mode, but the ack was forgotten.
const amqp = require('amqplib/callback_api');

amqp.connect('amqp://localhost', (err, connection) => {
  if (err) throw err;
  connection.createChannel((err2, channel) => {
    if (err2) throw err2;
    const queue = 'task_queue';
    channel.assertQueue(queue, { durable: true });
    channel.prefetch(1);

    channel.consume(queue, (msg) => {
      const body = msg.content.toString();
      const secs = body.split('.').length - 1;
      console.log(' [x] Received %s', body);
      setTimeout(() => {
        console.log(' [x] Done');
      }, secs * 1000);
    }, { noAck: false });
  });
});
