#!/usr/bin/env node
// Tutorial 6: RPC server computing Fibonacci numbers.
const amqp = require('amqplib/callback_api');

function fibonacci(n) {
  if (n === 0 || n === 1) return n;
  return fibonacci(n - 1) + fibonacci(n - 2);
}

amqp.connect('amqp://localhost', (error0, connection) => {
  if (error0) throw error0;
  connection.createChannel((error1, channel) => {
    if (error1) throw error1;
    const queue = 'rpc_queue';

    channel.assertQueue(queue, { durable: false });
    channel.prefetch(1);
    console.log(' [x] Awaiting RPC requests');
    channel.consume(queue, function reply(msg) {
      const n = parseInt(msg.content.toString(), 10);
      console.log(' [.] fib(%d)', n);
      const r = fibonacci(n);

      channel.sendToQueue(msg.properties.replyTo, Buffer.from(r.toString()), {
        correlationId: msg.properties.correlationId,
      });
      channel.ack(msg);
    });
  });
});
