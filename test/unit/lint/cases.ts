// Valid/invalid tables per rule and per language (typescript-eslint style): exact ranges (1-based line/column,
// end exclusive) and the text after applying the first quick fix of the first expected finding.
import type { RuleId } from '../../../src/lint/index';

export interface Expected {
  rule: RuleId;
  range: [number, number, number, number];
}
export interface Case {
  name: string;
  file: string;
  code: string;
  errors: Expected[];
  output?: string;
  /** `errors` are the claims (findings at warning or error); information-level hints are not compared. */
  claims?: boolean;
}

const e = (rule: RuleId, l1: number, c1: number, l2: number, c2: number): Expected => ({ rule, range: [l1, c1, l2, c2] });

export const CASES: Case[] = [
  // ---------------------------------------------------------------- JavaScript / TypeScript
  {
    name: 'amqplib: ack on every path',
    file: 'ok.js',
    errors: [],
    code: `const amqp = require('amqplib');
ch.consume('q', (msg) => {
  if (msg === null) return;
  try {
    work(msg);
    ch.ack(msg);
  } catch (err) {
    ch.nack(msg, false, false);
  }
});
`,
  },
  {
    // RabbitMQ tutorial 2's worker: the work ends inside setTimeout's callback, so that is where the ack goes;
    // an ack after the setTimeout call would settle the message before the work is done.
    name: 'amqplib: tutorial worker without ack, fix acks inside the setTimeout callback',
    file: 'worker.js',
    errors: [e('missing-ack', 2, 1, 2, 11)],
    code: `const amqp = require('amqplib/callback_api');
ch.consume('task_queue', (msg) => {
  const secs = msg.content.toString().split('.').length - 1;
  setTimeout(() => {
    console.log(' [x] Done');
  }, secs * 1000);
}, { noAck: false });
`,
    output: `const amqp = require('amqplib/callback_api');
ch.consume('task_queue', (msg) => {
  const secs = msg.content.toString().split('.').length - 1;
  setTimeout(() => {
    console.log(' [x] Done');
    ch.ack(msg);
  }, secs * 1000);
}, { noAck: false });
`,
  },
  {
    name: 'amqplib: handler never acks',
    file: 'never.js',
    errors: [e('missing-ack', 2, 1, 2, 11)],
    code: `const amqp = require('amqplib');
ch.consume('q', (msg) => {
  console.log(msg.content.toString());
});
`,
    output: `const amqp = require('amqplib');
ch.consume('q', (msg) => {
  console.log(msg.content.toString());
  ch.ack(msg);
});
`,
  },
  {
    name: 'amqplib: catch path logs only',
    file: 'catch.ts',
    errors: [e('missing-ack', 3, 9, 3, 19)],
    code: `import * as amqp from 'amqplib';
async function start(ch: amqp.Channel) {
  await ch.consume('q', async (msg) => {
    if (!msg) return;
    try {
      await work(msg);
      ch.ack(msg);
    } catch (err) {
      console.error(err);
    }
  });
}
`,
  },
  {
    name: 'amqplib: handler by name, settle in a helper',
    file: 'named.js',
    errors: [],
    code: `const amqp = require('amqplib');
function settle(ch, m, ok) { if (ok) ch.ack(m); else ch.reject(m, false); }
function onMessage(msg) { settle(ch, msg, isValid(msg)); }
ch.consume('q', onMessage);
`,
  },
  {
    name: 'amqplib: early return in a switch',
    file: 'switch.js',
    errors: [e('missing-ack', 2, 1, 2, 11)],
    code: `const amqp = require('amqplib');
ch.consume('q', (msg) => {
  switch (msg.fields.routingKey) {
    case 'a': ch.ack(msg); break;
    case 'b': return;
    default: ch.nack(msg, false, false);
  }
});
`,
  },
  {
    name: 'amqplib: double ack',
    file: 'double.js',
    errors: [e('double-ack', 5, 3, 5, 14)],
    code: `const amqp = require('amqplib');
ch.consume('q', (msg) => {
  ch.ack(msg);
  log(msg);
  ch.ack(msg);
});
`,
    output: `const amqp = require('amqplib');
ch.consume('q', (msg) => {
  ch.ack(msg);
  log(msg);
});
`,
  },
  {
    name: 'amqplib: ack in try and again in finally',
    file: 'finally.js',
    errors: [e('double-ack', 7, 5, 7, 16)],
    code: `const amqp = require('amqplib');
ch.consume('q', async (msg) => {
  try {
    await work(msg);
    ch.ack(msg);
  } finally {
    ch.ack(msg);
  }
});
`,
  },
  {
    name: 'amqplib: ack with noAck: true',
    file: 'noack.js',
    errors: [e('ack-in-auto-ack', 2, 28, 2, 39)],
    code: `const amqp = require('amqplib');
ch.consume('q', (msg) => { ch.ack(msg); }, { noAck: true });
`,
    output: `const amqp = require('amqplib');
ch.consume('q', (msg) => { ch.ack(msg); }, { noAck: false });
`,
  },
  {
    name: 'amqplib: settle on another channel',
    file: 'wrong.js',
    errors: [e('wrong-channel', 5, 3, 5, 15)],
    code: `const amqp = require('amqplib');
const ch = await conn.createChannel();
const pub = await conn.createChannel();
ch.consume('q', (msg) => {
  pub.ack(msg);
});
`,
    output: `const amqp = require('amqplib');
const ch = await conn.createChannel();
const pub = await conn.createChannel();
ch.consume('q', (msg) => {
  ch.ack(msg);
});
`,
  },
  {
    name: 'amqplib: every failure path requeues',
    file: 'requeue.js',
    errors: [e('requeue-loop', 2, 1, 2, 11)],
    code: `const amqp = require('amqplib');
ch.consume('q', (msg) => {
  try { work(msg); ch.ack(msg); } catch (e) { ch.nack(msg); }
});
`,
  },
  {
    name: 'amqplib: requeue guarded by redelivered',
    file: 'requeue-ok.js',
    errors: [],
    code: `const amqp = require('amqplib');
ch.consume('q', (msg) => {
  try { work(msg); ch.ack(msg); } catch (e) { ch.nack(msg, false, !msg.fields.redelivered); }
});
`,
  },
  {
    name: 'amqplib: promise chain then/catch',
    file: 'then.js',
    errors: [],
    code: `const amqp = require('amqplib');
ch.consume('q', (msg) => {
  handle(msg).then(() => ch.ack(msg)).catch(() => ch.nack(msg, false, false));
});
`,
  },
  {
    name: 'rascal: ackOrNack on one branch only',
    file: 'rascal.js',
    errors: [e('missing-ack', 2, 28, 2, 44)],
    code: `const Broker = require('rascal').BrokerAsPromised;
const subscription = await broker.subscribe('s1');
subscription.on('message', (message, content, ackOrNack) => {
  if (content.ok) ackOrNack();
}).on('error', console.error);
`,
  },
  {
    name: '@cloudamqp/amqp-client: default noAck, settle inside',
    file: 'cloud.ts',
    errors: [e('ack-in-auto-ack', 2, 43, 2, 52)],
    code: `import { AMQPClient } from '@cloudamqp/amqp-client';
await ch.basicConsume('q', {}, (msg) => { msg.ack(); });
`,
  },
  {
    name: '@cloudamqp/amqp-client: manual, reject path ok, success path missing',
    file: 'cloud2.ts',
    errors: [e('missing-ack', 2, 7, 2, 22)],
    code: `import { AMQPClient } from '@cloudamqp/amqp-client';
await ch.basicConsume('q', { noAck: false }, async (msg) => {
  if (!msg.bodyString()) { await msg.reject(false); return; }
  await process(msg);
});
`,
    output: `import { AMQPClient } from '@cloudamqp/amqp-client';
await ch.basicConsume('q', { noAck: false }, async (msg) => {
  if (!msg.bodyString()) { await msg.reject(false); return; }
  await process(msg);
  await msg.ack();
});
`,
  },
  {
    name: 'NestJS: manual ack missing on early return',
    file: 'orders.controller.ts',
    errors: [e('missing-ack', 4, 3, 4, 33)],
    code: `import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
const app = await NestFactory.createMicroservice(AppModule, { transport: Transport.RMQ, options: { noAck: false } });
export class OrdersController {
  @EventPattern('order_created')
  async handle(@Payload() data: any, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    if (!data.id) return;
    channel.ack(context.getMessage());
  }
}
`,
  },
  {
    name: 'suppression comment',
    file: 'suppressed.js',
    errors: [],
    code: `const amqp = require('amqplib');
// acklab-disable-next-line missing-ack
ch.consume('q', (msg) => { console.log(msg); });
`,
  },
  // ---------------------------------------------------------------- Python
  {
    name: 'pika: early return skips the ack',
    file: 'worker.py',
    errors: [e('missing-ack', 8, 1, 8, 22)],
    code: `import pika

def callback(ch, method, properties, body):
    if not body:
        return
    ch.basic_ack(delivery_tag=method.delivery_tag)

channel.basic_consume(queue='task_queue', on_message_callback=callback)
`,
  },
  {
    name: 'pika: never acks, fix inserts basic_ack',
    file: 'worker2.py',
    errors: [e('missing-ack', 4, 1, 4, 22)],
    code: `import pika
def callback(ch, method, properties, body):
    print(body)
channel.basic_consume(queue='q', on_message_callback=callback)
`,
    output: `import pika
def callback(ch, method, properties, body):
    print(body)
    ch.basic_ack(delivery_tag=method.delivery_tag)
channel.basic_consume(queue='q', on_message_callback=callback)
`,
  },
  {
    name: 'pika: auto_ack=True with basic_ack',
    file: 'auto.py',
    errors: [e('ack-in-auto-ack', 3, 5, 3, 51)],
    code: `import pika
def callback(ch, method, properties, body):
    ch.basic_ack(delivery_tag=method.delivery_tag)
channel.basic_consume(queue='q', on_message_callback=callback, auto_ack=True)
`,
    output: `import pika
def callback(ch, method, properties, body):
    ch.basic_ack(delivery_tag=method.delivery_tag)
channel.basic_consume(queue='q', on_message_callback=callback, auto_ack=False)
`,
  },
  {
    name: 'pika: generator loop, except path requeues forever',
    file: 'gen.py',
    errors: [e('requeue-loop', 2, 39, 2, 54)],
    code: `import pika
for method_frame, properties, body in channel.consume('q'):
    try:
        work(body)
        channel.basic_ack(method_frame.delivery_tag)
    except Exception:
        channel.basic_nack(method_frame.delivery_tag)
`,
  },
  {
    name: 'pika: wrong channel',
    file: 'bridge.py',
    errors: [e('wrong-channel', 5, 5, 5, 59)],
    code: `import pika
consume_ch = connection.channel()
publish_ch = connection.channel()
def on_message(ch, method, properties, body):
    publish_ch.basic_ack(delivery_tag=method.delivery_tag)
consume_ch.basic_consume(queue='in', on_message_callback=on_message)
`,
  },
  {
    name: 'aio-pika: process() settles',
    file: 'ok_aio.py',
    errors: [],
    code: `import aio_pika
async def on_message(message):
    async with message.process():
        await handle(message.body)
async def main():
    await queue.consume(on_message)
`,
  },
  {
    name: 'aio-pika: unawaited ack (and therefore missing ack)',
    file: 'unawaited.py',
    errors: [e('missing-ack', 6, 11, 6, 24), e('unawaited-ack', 4, 5, 4, 18)],
    code: `import aio_pika
async def on_message(message):
    print(message.body)
    message.ack()
async def main():
    await queue.consume(on_message)
`,
  },
  {
    name: 'aio-pika: never settles, fix wraps in process()',
    file: 'wrap.py',
    errors: [e('missing-ack', 6, 11, 6, 24)],
    code: `import aio_pika
async def on_message(message):
    data = json.loads(message.body)
    await store(data)
async def main():
    await queue.consume(on_message)
`,
    output: `import aio_pika
async def on_message(message):
    async with message.process():
        data = json.loads(message.body)
        await store(data)
async def main():
    await queue.consume(on_message)
`,
  },
  {
    name: 'aio-pika: ack inside process()',
    file: 'double_aio.py',
    errors: [e('double-ack', 4, 15, 4, 28)],
    code: `import aio_pika
async def on_message(message):
    async with message.process():
        await message.ack()
async def main():
    await queue.consume(on_message)
`,
  },
  {
    name: 'kombu: callback acks only on one branch',
    file: 'kombu_worker.py',
    errors: [e('missing-ack', 6, 10, 6, 18)],
    code: `from kombu import Connection, Consumer
def on_message(body, message):
    if body.get('ok'):
        message.ack()
with Connection('amqp://') as conn:
    with Consumer(conn, queues=[q], callbacks=[on_message]):
        conn.drain_events()
`,
  },
  // ---------------------------------------------------------------- Go
  {
    name: 'amqp091-go: continue skips the ack',
    file: 'worker.go',
    errors: [e('missing-ack', 4, 13, 4, 23)],
    code: `package main
import amqp "github.com/rabbitmq/amqp091-go"
func run(ch *amqp.Channel) {
	msgs, _ := ch.Consume("q", "", false, false, false, false, nil)
	for d := range msgs {
		if len(d.Body) == 0 {
			continue
		}
		d.Ack(false)
	}
}
`,
  },
  {
    name: 'amqp091-go: all paths settle',
    file: 'ok.go',
    errors: [],
    code: `package main
import amqp "github.com/rabbitmq/amqp091-go"
func run(ch *amqp.Channel) {
	msgs, _ := ch.Consume("q", "", false, false, false, false, nil)
	for d := range msgs {
		if err := handle(d.Body); err != nil {
			_ = d.Nack(false, false)
			continue
		}
		_ = d.Ack(false)
	}
}
`,
  },
  {
    name: 'amqp091-go: autoAck true with Ack',
    file: 'auto.go',
    errors: [e('ack-in-auto-ack', 6, 3, 6, 15)],
    code: `package main
import amqp "github.com/rabbitmq/amqp091-go"
func run(ch *amqp.Channel) {
	msgs, _ := ch.Consume("q", "", true, false, false, false, nil)
	for d := range msgs {
		d.Ack(false)
	}
}
`,
    output: `package main
import amqp "github.com/rabbitmq/amqp091-go"
func run(ch *amqp.Channel) {
	msgs, _ := ch.Consume("q", "", false, false, false, false, nil)
	for d := range msgs {
		d.Ack(false)
	}
}
`,
  },
  {
    name: 'amqp091-go: deliveries handed to a worker, never acked',
    file: 'worker2.go',
    errors: [e('missing-ack', 4, 13, 4, 23)],
    code: `package main
import amqp "github.com/rabbitmq/amqp091-go"
func main() {
	msgs, _ := ch.Consume("q", "", false, false, false, false, nil)
	go worker(msgs)
}
func worker(deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		log.Printf("%s", d.Body)
	}
}
`,
    output: `package main
import amqp "github.com/rabbitmq/amqp091-go"
func main() {
	msgs, _ := ch.Consume("q", "", false, false, false, false, nil)
	go worker(msgs)
}
func worker(deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		log.Printf("%s", d.Body)
		d.Ack(false)
	}
}
`,
  },
  // ---------------------------------------------------------------- Java
  {
    name: 'Java client: ack in finally',
    file: 'Worker.java',
    errors: [],
    code: `import com.rabbitmq.client.*;
class Worker {
  void run() throws Exception {
    DeliverCallback cb = (consumerTag, delivery) -> {
      try { doWork(delivery); } finally { channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false); }
    };
    channel.basicConsume("q", false, cb, consumerTag -> { });
  }
}
`,
  },
  {
    name: 'Java client: ack only when valid',
    file: 'Worker2.java',
    errors: [e('missing-ack', 7, 5, 7, 25)],
    code: `import com.rabbitmq.client.*;
class Worker {
  void run() throws Exception {
    DeliverCallback cb = (consumerTag, delivery) -> {
      if (valid(delivery)) channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
    };
    channel.basicConsume("q", false, cb, consumerTag -> { });
  }
}
`,
  },
  {
    name: 'Java client: DefaultConsumer that never acks',
    file: 'Worker3.java',
    errors: [e('missing-ack', 4, 5, 4, 25)],
    code: `import com.rabbitmq.client.*;
class Worker {
  void run() throws Exception {
    channel.basicConsume("q", false, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties p, byte[] body) throws IOException {
        System.out.println(new String(body));
      }
    });
  }
}
`,
    output: `import com.rabbitmq.client.*;
class Worker {
  void run() throws Exception {
    channel.basicConsume("q", false, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties p, byte[] body) throws IOException {
        System.out.println(new String(body));
        getChannel().basicAck(envelope.getDeliveryTag(), false);
      }
    });
  }
}
`,
  },
  {
    name: 'Java client: autoAck true with basicAck',
    file: 'Auto.java',
    errors: [e('ack-in-auto-ack', 4, 58, 4, 122)],
    code: `import com.rabbitmq.client.*;
class Auto {
  void run() throws Exception {
    channel.basicConsume("q", true, (tag, delivery) -> { channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false); }, t -> { });
  }
}
`,
  },
  {
    name: 'Spring AMQP: basicAck in an AUTO listener',
    file: 'Listener.java',
    errors: [e('ack-in-auto-ack', 5, 5, 5, 33)],
    code: `import org.springframework.amqp.rabbit.annotation.RabbitListener;
class Listener {
  @RabbitListener(queues = "orders")
  public void on(String body, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws IOException {
    channel.basicAck(tag, false);
  }
}
`,
  },
  {
    name: 'Spring AMQP: MANUAL listener, catch path does not settle',
    file: 'Manual.java',
    errors: [e('missing-ack', 3, 3, 3, 57)],
    code: `import org.springframework.amqp.rabbit.annotation.RabbitListener;
class Manual {
  @RabbitListener(queues = "orders", ackMode = "MANUAL")
  public void on(String body, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws IOException {
    try { save(body); channel.basicAck(tag, false); } catch (Exception e) { log.error("failed", e); }
  }
}
`,
  },
  // ---------------------------------------------------------------- C#
  {
    name: 'RabbitMQ.Client v7: early return',
    file: 'Worker.cs',
    errors: [e('missing-ack', 9, 7, 9, 32)],
    code: `using RabbitMQ.Client;
using RabbitMQ.Client.Events;
var consumer = new AsyncEventingBasicConsumer(channel);
consumer.ReceivedAsync += async (model, ea) =>
{
    if (ea.Body.Length == 0) return;
    await channel.BasicAckAsync(deliveryTag: ea.DeliveryTag, multiple: false);
};
await channel.BasicConsumeAsync("q", autoAck: false, consumer: consumer);
`,
  },
  {
    name: 'RabbitMQ.Client v6: double ack',
    file: 'Double.cs',
    errors: [e('double-ack', 6, 5, 6, 44)],
    code: `using RabbitMQ.Client;
var consumer = new EventingBasicConsumer(channel);
consumer.Received += (model, ea) =>
{
    channel.BasicAck(ea.DeliveryTag, false);
    channel.BasicAck(ea.DeliveryTag, false);
};
channel.BasicConsume(queue: "q", autoAck: false, consumer: consumer);
`,
  },
  {
    name: 'RabbitMQ.Client: autoAck: true with BasicAck',
    file: 'Auto.cs',
    errors: [e('ack-in-auto-ack', 3, 39, 3, 78)],
    code: `using RabbitMQ.Client;
var consumer = new EventingBasicConsumer(channel);
consumer.Received += (model, ea) => { channel.BasicAck(ea.DeliveryTag, false); };
channel.BasicConsume(queue: "q", autoAck: true, consumer: consumer);
`,
    output: `using RabbitMQ.Client;
var consumer = new EventingBasicConsumer(channel);
consumer.Received += (model, ea) => { channel.BasicAck(ea.DeliveryTag, false); };
channel.BasicConsume(queue: "q", autoAck: false, consumer: consumer);
`,
  },
  // ---------------------------------------------------------------- Ruby
  {
    name: 'Bunny: next skips the ack',
    file: 'worker.rb',
    errors: [e('missing-ack', 2, 1, 2, 12)],
    code: `require 'bunny'
q.subscribe(manual_ack: true, block: true) do |delivery_info, _properties, body|
  next if body.empty?
  ch.ack(delivery_info.delivery_tag)
end
`,
  },
  {
    name: 'Bunny: default auto-ack with ack',
    file: 'auto.rb',
    errors: [e('ack-in-auto-ack', 3, 3, 3, 36)],
    code: `require 'bunny'
q.subscribe do |delivery_info, _properties, body|
  ch.ack delivery_info.delivery_tag
end
`,
  },
  {
    name: 'Bunny: rescue path settles',
    file: 'ok.rb',
    errors: [],
    code: `require 'bunny'
q.subscribe(manual_ack: true) do |delivery_info, _properties, body|
  begin
    handle(body)
    ch.ack(delivery_info.delivery_tag)
  rescue StandardError
    ch.reject(delivery_info.delivery_tag, false)
  end
end
`,
  },
  {
    name: 'Bunny: every rescue requeues',
    file: 'requeue.rb',
    errors: [e('requeue-loop', 2, 1, 2, 12)],
    code: `require 'bunny'
q.subscribe(manual_ack: true) do |delivery_info, _properties, body|
  handle(body)
  ch.ack(delivery_info.delivery_tag)
rescue StandardError
  ch.nack(delivery_info.delivery_tag, false, true)
end
`,
  },
  // ---------------------------------------------------------------- PHP
  {
    name: 'php-amqplib: never acks',
    file: 'worker.php',
    errors: [e('missing-ack', 6, 1, 6, 24)],
    code: `<?php
use PhpAmqpLib\\Connection\\AMQPStreamConnection;
$callback = function ($msg) {
  echo $msg->getBody();
};
$channel->basic_consume('q', '', false, false, false, false, $callback);
`,
    output: `<?php
use PhpAmqpLib\\Connection\\AMQPStreamConnection;
$callback = function ($msg) {
  echo $msg->getBody();
  $msg->ack();
};
$channel->basic_consume('q', '', false, false, false, false, $callback);
`,
  },
  {
    name: 'php-amqplib: no_ack true with ack',
    file: 'auto.php',
    errors: [e('ack-in-auto-ack', 3, 77, 3, 86)],
    code: `<?php
use PhpAmqpLib\\Connection\\AMQPStreamConnection;
$channel->basic_consume('q', '', false, true, false, false, function ($m) { $m->ack(); });
`,
  },
  {
    name: 'php-amqplib: method callback by [$this, name]',
    file: 'class.php',
    errors: [],
    code: `<?php
use PhpAmqpLib\\Connection\\AMQPStreamConnection;
class Worker {
  public function start() { $this->channel->basic_consume('q', '', false, false, false, false, [$this, 'process']); }
  public function process($message) {
    try { $this->handle($message); $message->ack(); } catch (\\Throwable $e) { $message->nack(false); }
  }
}
`,
  },
  // ---------------------------------------------------------------- Elixir
  {
    name: 'Elixir amqp: case branch without ack',
    file: 'consumer.ex',
    errors: [e('missing-ack', 4, 19, 4, 32)],
    code: `defmodule Consumer do
  alias AMQP.Basic
  def init(chan) do
    {:ok, _tag} = Basic.consume(chan, "q")
    {:ok, chan}
  end
  def handle_info({:basic_deliver, payload, %{delivery_tag: tag}}, chan) do
    case Jason.decode(payload) do
      {:ok, _} -> Basic.ack(chan, tag)
      {:error, _} -> :ok
    end
    {:noreply, chan}
  end
end
`,
  },
  {
    name: 'Elixir amqp: no_ack: true with ack',
    file: 'auto.ex',
    errors: [e('ack-in-auto-ack', 8, 5, 8, 25)],
    code: `defmodule Consumer do
  alias AMQP.Basic
  def init(chan) do
    {:ok, _tag} = Basic.consume(chan, "q", nil, no_ack: true)
    {:ok, chan}
  end
  def handle_info({:basic_deliver, _payload, %{delivery_tag: tag}}, chan) do
    Basic.ack(chan, tag)
    {:noreply, chan}
  end
end
`,
  },
  // ---------------------------------------------------------------- Erlang
  {
    name: 'Erlang amqp_client: case clause without ack',
    file: 'worker.erl',
    errors: [e('missing-ack', 4, 37, 4, 52)],
    code: `-module(worker).
-include_lib("amqp_client/include/amqp_client.hrl").
start(Channel) ->
    amqp_channel:subscribe(Channel, #'basic.consume'{queue = <<"q">>}, self()),
    loop(Channel).
loop(Channel) ->
    receive
        {#'basic.deliver'{delivery_tag = Tag}, #amqp_msg{payload = Body}} ->
            case Body of
                <<>> -> ok;
                _ -> amqp_channel:cast(Channel, #'basic.ack'{delivery_tag = Tag})
            end,
            loop(Channel)
    end.
`,
  },
  {
    name: 'Erlang amqp_client: acks every delivery',
    file: 'ok.erl',
    errors: [],
    code: `-module(worker).
start(Channel) ->
    amqp_channel:subscribe(Channel, #'basic.consume'{queue = <<"q">>}, self()),
    loop(Channel).
loop(Channel) ->
    receive
        {#'basic.deliver'{delivery_tag = Tag}, _Content} ->
            amqp_channel:cast(Channel, #'basic.ack'{delivery_tag = Tag}),
            loop(Channel)
    end.
`,
  },
  // ---------------------------------------------------------------- LFE
  {
    name: 'LFE kanin: receive loop that never acks',
    file: 'worker.lfe',
    errors: [e('missing-ack', 3, 33, 3, 52)],
    code: `(defmodule worker (export (main 1)))
(defun main (channel)
  (kanin-chan:subscribe channel (make-basic.consume queue #"task_queue") (self))
  (loop channel))
(defun loop (channel)
  (receive
    ((tuple (match-basic.deliver delivery_tag tag) (match-amqp_msg payload body))
     (io:format "Received ~p~n" (list body))
     (loop channel))))
`,
  },
  {
    name: 'LFE kanin: the tutorial worker acks',
    file: 'ok.lfe',
    errors: [],
    code: `(defmodule worker (export (main 1)))
(defun main (channel)
  (kanin-chan:subscribe channel (make-basic.consume queue #"task_queue" no_ack 'false) (self))
  (loop channel))
(defun loop (channel)
  (receive
    ((tuple (match-basic.deliver delivery_tag tag) (match-amqp_msg payload body))
     (do-work body)
     (kanin-chan:cast channel (make-basic.ack delivery_tag tag))
     (loop channel))))
`,
  },
];
