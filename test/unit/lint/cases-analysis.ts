// Valid/invalid tables for the analysis classes of issue #17 (ack mode per overload and configuration, conditions
// on the ack-mode flag, constant flags, work handed off, look-alikes, paths that cannot leak), in the style of
// cases.ts: exact ranges, 1-based, end exclusive. Written for this project, modelled on common consumer shapes.
import type { Case, Expected } from './cases';

const e = (rule: Expected['rule'], l1: number, c1: number, l2: number, c2: number): Expected => ({ rule, range: [l1, c1, l2, c2] });

export const ANALYSIS_CASES: Case[] = [
  // ---------------------------------------------------------------- Java: basicConsume overloads
  {
    name: 'java-client: basicConsume(queue, deliverCallback, cancelCallback) is manual ack; never acking is a leak',
    file: 'ThreeArgs.java',
    errors: [e('missing-ack', 8, 5, 8, 25)],
    code: `import com.rabbitmq.client.*;
class ThreeArgs {
  void run(Channel channel) throws Exception {
    DeliverCallback deliverCallback = (consumerTag, delivery) -> {
      String body = new String(delivery.getBody(), "UTF-8");
      System.out.println(body);
    };
    channel.basicConsume("orders", deliverCallback, consumerTag -> { });
  }
}
`,
  },
  {
    name: 'java-client: three-argument basicConsume whose callback acks',
    file: 'ThreeArgsOk.java',
    errors: [],
    code: `import com.rabbitmq.client.*;
class ThreeArgsOk {
  void run(Channel channel) throws Exception {
    DeliverCallback onDelivery = (consumerTag, delivery) -> {
      handle(delivery.getBody());
      channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
    };
    channel.basicConsume("orders", onDelivery, consumerTag -> { });
  }
}
`,
  },
  {
    name: 'java-client: a requeue flag held in a local is followed: every failure requeues',
    file: 'LocalRequeue.java',
    errors: [e('requeue-loop', 13, 5, 13, 25)],
    code: `import com.rabbitmq.client.*;
class LocalRequeue {
  void run(Channel channel) throws Exception {
    DeliverCallback cb = (tag, delivery) -> {
      boolean requeue = true;
      try {
        process(delivery.getBody());
        channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
      } catch (Exception ex) {
        channel.basicNack(delivery.getEnvelope().getDeliveryTag(), false, requeue);
      }
    };
    channel.basicConsume("jobs", false, cb, tag -> { });
  }
}
`,
  },
  // ---------------------------------------------------------------- Ruby bunny: hash-rocket options
  {
    name: 'bunny: `:manual_ack => true` is manual acks (an ack there is right)',
    file: 'rocket_ok.rb',
    errors: [],
    code: `require 'bunny'
q = ch.queue('tasks', :durable => true)
q.subscribe(:manual_ack => true, :block => true) do |delivery_info, _props, body|
  work(body)
  ch.ack(delivery_info.delivery_tag)
end
`,
  },
  {
    name: 'bunny: `:ack => true` (older spelling) with an ack on one branch only',
    file: 'rocket_branch.rb',
    errors: [e('missing-ack', 3, 1, 3, 12)],
    code: `require 'bunny'
q = ch.queue('tasks')
q.subscribe(:ack => true) do |delivery_info, _props, body|
  if body.start_with?('ok')
    ch.ack(delivery_info.delivery_tag)
  end
end
`,
  },
  // ---------------------------------------------------------------- conditions correlated with the ack mode
  {
    name: 'amqp091-go: `if !autoAck { d.Ack(false) }` with the same flag passed to Consume',
    file: 'flag.go',
    errors: [],
    code: `package worker
import amqp "github.com/rabbitmq/amqp091-go"
func Run(ch *amqp.Channel, autoAck bool) {
	msgs, _ := ch.Consume("q", "", autoAck, false, false, false, nil)
	for d := range msgs {
		handle(d.Body)
		if !autoAck {
			d.Ack(false)
		}
	}
}
`,
  },
  {
    name: 'pika: `if not auto_ack:` around the ack, auto_ack passed to basic_consume',
    file: 'flag.py',
    errors: [],
    code: `import pika
def start(channel, auto_ack):
    def on_message(ch, method, props, body):
        handle(body)
        if not auto_ack:
            ch.basic_ack(delivery_tag=method.delivery_tag)
    channel.basic_consume(queue='q', on_message_callback=on_message, auto_ack=auto_ack)
`,
  },
  // ---------------------------------------------------------------- work handed off
  {
    name: 'amqp091-go: the ack happens in a goroutine started for each delivery',
    file: 'goroutine.go',
    errors: [],
    code: `package worker
import amqp "github.com/rabbitmq/amqp091-go"
func Run(ch *amqp.Channel) {
	msgs, _ := ch.Consume("q", "", false, false, false, false, nil)
	for d := range msgs {
		go func(m amqp.Delivery) {
			handle(m.Body)
			m.Ack(false)
		}(d)
	}
}
`,
  },
  {
    name: 'amqp091-go: a goroutine per delivery that never acks is still a leak',
    file: 'goroutine_leak.go',
    errors: [e('missing-ack', 4, 13, 4, 23)],
    code: `package worker
import amqp "github.com/rabbitmq/amqp091-go"
func Run(ch *amqp.Channel) {
	msgs, _ := ch.Consume("q", "", false, false, false, false, nil)
	for d := range msgs {
		go func(m amqp.Delivery) {
			handle(m.Body)
		}(d)
	}
}
`,
  },
  {
    name: 'amqp091-go: deliveries sent to a worker pool through a Go channel: not followed, no guess',
    file: 'pool.go',
    errors: [],
    code: `package worker
import amqp "github.com/rabbitmq/amqp091-go"
func Run(ch *amqp.Channel, jobs chan<- amqp.Delivery) {
	msgs, _ := ch.Consume("q", "", false, false, false, false, nil)
	for d := range msgs {
		jobs <- d
	}
}
`,
  },
  {
    name: 'pika: the delivery put on an in-process queue for a worker thread: not followed, no guess',
    file: 'handoff.py',
    errors: [],
    code: `import pika
import queue
work = queue.Queue()
def on_message(ch, method, props, body):
    work.put((ch, method, body))
channel.basic_consume(queue='q', on_message_callback=on_message)
`,
  },
  // ---------------------------------------------------------------- paths that cannot leak
  {
    name: 'pika: `except ConnectionClosed` around the ack itself (the broker redelivers)',
    file: 'closed.py',
    errors: [],
    code: `import pika
def on_message(ch, method, props, body):
    handle(body)
    try:
        ch.basic_ack(delivery_tag=method.delivery_tag)
    except pika.exceptions.ConnectionClosed:
        log.warning('connection closed before the ack; the broker will redeliver')
channel.basic_consume(queue='q', on_message_callback=on_message)
`,
  },
  {
    name: 'amqp091-go: a path that ends the process with os.Exit cannot leak',
    file: 'fatal.go',
    errors: [],
    code: `package worker
import (
	"log"
	"os"
	amqp "github.com/rabbitmq/amqp091-go"
)
func Run(ch *amqp.Channel) {
	msgs, _ := ch.Consume("q", "", false, false, false, false, nil)
	for d := range msgs {
		if err := handle(d.Body); err == nil {
			d.Ack(false)
		} else {
			log.Printf("cannot handle: %v", err)
			os.Exit(1)
		}
	}
}
`,
  },
  {
    name: 'amqplib: a path that calls process.exit cannot leak',
    file: 'exit.js',
    errors: [],
    code: `const amqp = require('amqplib');
ch.consume('q', (msg) => {
  if (valid(msg)) {
    ch.ack(msg);
  } else {
    console.error('fatal: bad configuration');
    process.exit(1);
  }
});
`,
  },
  // ---------------------------------------------------------------- look-alikes
  {
    name: "an application's own queue.consume(name, cb) in a file with no AMQP import",
    file: 'own-queue.js',
    errors: [],
    code: `const { JobQueue } = require('./jobs');
const queue = new JobQueue();
queue.consume('emails', (job) => {
  sendEmail(job.payload);
});
`,
  },
  {
    name: 'a Redis subscribe block with no AMQP import',
    file: 'redis_sub.rb',
    errors: [],
    code: `require 'redis'
redis = Redis.new
redis.subscribe('events') do |on|
  on.message { |channel, message| puts message }
end
`,
  },
  // ---------------------------------------------------------------- wrappers and closing the connection
  {
    name: "a wrapper library hands the delivery to its caller's callback: the caller settles, no finding",
    file: 'wrapper.js',
    errors: [],
    code: `const amqp = require('amqplib');
async function listen(channel, queue, listenerCallback) {
  await channel.consume(queue, async (msg) => {
    await listenerCallback(msg, channel);
  });
}
`,
  },
  {
    name: 'a template-method base consumer: `this.process(msg)` is implemented (and settled) by subclasses',
    file: 'base.ts',
    errors: [],
    code: `import * as amqp from 'amqplib';
export abstract class BaseConsumer {
  protected abstract process(msg: amqp.ConsumeMessage): Promise<void>;
  async start(ch: amqp.Channel) {
    await ch.consume('q', (msg) => {
      if (msg) void this.process(msg);
    });
  }
}
`,
  },
  {
    name: 'amqp gem: `subscribe(:ack => true)` whose block closes the connection cannot leak',
    file: 'close.rb',
    errors: [],
    code: `require 'amqp'
AMQP.start do |conn|
  ch = AMQP::Channel.new(conn)
  ch.queue('q').subscribe(:ack => true) do |metadata, payload|
    puts payload
    conn.close { EventMachine.stop }
  end
end
`,
  },
  {
    name: 'amqp gem: `subscribe(:ack => true)` acking on one branch only',
    file: 'amqp_gem.rb',
    errors: [e('missing-ack', 4, 1, 4, 31)],
    code: `require 'amqp'
ch = AMQP::Channel.new(conn)
queue = ch.queue('jobs')
queue.bind(exchange).subscribe(:ack => true) do |metadata, payload|
  if payload.size > 3
    metadata.ack
  end
end
`,
  },
  {
    name: 'bunny: `acknowledge` (alias of ack) settles',
    file: 'acknowledge.rb',
    errors: [],
    code: `require 'bunny'
q = ch.queue('q')
q.subscribe(:manual_ack => true) do |delivery_info, _props, body|
  ch.acknowledge(delivery_info.delivery_tag, false)
end
`,
  },
  {
    name: "kombu: register_callback on a consumer made with no_ack=True is auto-ack (a same-file wrapper's default too)",
    file: 'pidbox.py',
    errors: [],
    code: `from kombu import Consumer
class Mailbox:
    def Consumer(self, channel=None, no_ack=True, **options):
        return Consumer(channel, [self.queue], no_ack=no_ack, **options)
    def listen(self, channel=None):
        consumer = self.Consumer(channel=channel, callbacks=[self.handle_message])
        consumer.consume()
    def handle_message(self, body, message):
        self.dispatch(body)
def collect(chan, queue):
    consumer = Consumer(chan, [queue], no_ack=True)
    def on_message(body, message):
        print(body)
    consumer.register_callback(on_message)
`,
  },
];
