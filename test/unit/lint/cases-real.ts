// Valid/invalid tables for the mistakes the real-code corpus showed (issue #17, session 5), in the style of
// cases.ts: exact ranges, 1-based, end exclusive. Each case is written for this project in its own words, after
// a shape seen in public consumers; none is copied code.
import type { Case, Expected } from './cases';

const e = (rule: Expected['rule'], l1: number, c1: number, l2: number, c2: number): Expected => ({ rule, range: [l1, c1, l2, c2] });

/** `errors` here are the claims (warning/error), as the corpus scores them; hints are not compared. */
export const REAL_CASES: Case[] = (
  [
    // ---------------------------------------------------------------- a try around the settle call alone
    {
      name: 'java-client: a pool task acks, or rejects with the reject in its own try (a failed reject cannot leak)',
      file: 'ThumbnailPool.java',
      errors: [],
      code: `import com.rabbitmq.client.*;
import java.util.concurrent.*;
class ThumbnailPool {
  static final ExecutorService WORKERS = Executors.newCachedThreadPool();
  void start(Channel ch) throws Exception {
    ch.basicConsume("thumbs", false, (tag, d) -> WORKERS.execute(() -> render(ch, d)), tag -> { });
  }
  static void render(Channel ch, Delivery d) {
    long t = d.getEnvelope().getDeliveryTag();
    try {
      Thumbs.make(d.getBody());
      ch.basicAck(t, false);
    } catch (Exception failure) {
      try {
        ch.basicReject(t, false);
      } catch (java.io.IOException gone) {
        System.err.println("reject failed: " + gone);
      }
    }
  }
}
`,
    },
    {
      name: 'kombu: `except` around `message.ack()` alone only logs the failed ack',
      file: 'ack_first.py',
      errors: [],
      code: `from kombu import Consumer
class ReplyListener:
    def consumers(self, channel):
        return [Consumer(channel, queues=[self.replies], callbacks=[self.on_reply])]
    def on_reply(self, body, message):
        try:
            message.ack()
        except Exception as exc:
            log.warning("ack failed: %s", exc)
        self.results.put(body)
`,
    },
    {
      name: 'kombu: an `except` around work and the ack that only logs still leaks the delivery',
      file: 'ack_after_work.py',
      errors: [e('missing-ack', 4, 17, 4, 25)],
      code: `from kombu import Consumer
class ReplyListener:
    def consumers(self, channel):
        return [Consumer(channel, queues=[self.replies], callbacks=[self.on_reply])]
    def on_reply(self, body, message):
        try:
            self.store(body)
            message.ack()
        except Exception as exc:
            log.warning("store failed: %s", exc)
`,
    },
    // ---------------------------------------------------------------- Erlang: the settle record inside amqp_channel:cast
    {
      name: 'erlang amqp_client: gen_server handle_info whose skip arm only logs (the cast of the ack is no hand-off)',
      file: 'receipt_worker.erl',
      errors: [e('missing-ack', 7, 56, 7, 71)],
      code: `-module(receipt_worker).
-behaviour(gen_server).
-include_lib("amqp_client/include/amqp_client.hrl").
init([]) ->
    {ok, C} = amqp_connection:start(#amqp_params_network{}),
    {ok, Ch} = amqp_connection:open_channel(C),
    #'basic.consume_ok'{} = amqp_channel:subscribe(Ch, #'basic.consume'{queue = <<"receipts">>}, self()),
    {ok, Ch}.
handle_info({#'basic.deliver'{delivery_tag = T}, #amqp_msg{payload = P}}, Ch) ->
    case receipts:store(P) of
        ok -> amqp_channel:cast(Ch, #'basic.ack'{delivery_tag = T});
        skipped -> logger:notice("skipped ~p", [P])
    end,
    {noreply, Ch}.
`,
    },
    // ---------------------------------------------------------------- requeue only for one failure, another one leaks
    {
      name: 'RabbitMQ .NET: a transient failure requeues, the generic catch only logs: a leak, not a requeue loop',
      file: 'QuoteConsumer.cs',
      errors: [e('missing-ack', 24, 15, 24, 40)],
      code: `using RabbitMQ.Client;
using RabbitMQ.Client.Events;
public sealed class QuoteConsumer(IChannel channel, IPricer pricer)
{
    public async Task RunAsync()
    {
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, ea) =>
        {
            try
            {
                await pricer.QuoteAsync(ea.Body.ToArray());
                await channel.BasicAckAsync(ea.DeliveryTag, false);
            }
            catch (PricerBusyException)
            {
                await channel.BasicNackAsync(ea.DeliveryTag, false, requeue: true);
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine(ex);
            }
        };
        await channel.BasicConsumeAsync("quotes", autoAck: false, consumer: consumer);
    }
}
`,
    },
    // ---------------------------------------------------------------- kombu: every callback of a consumer runs
    {
      name: 'kombu: a counting callback registered beside one that acks (kombu calls each, in order)',
      file: 'mover.py',
      errors: [],
      code: `from kombu import Consumer
class Mover:
    def count(self, body, message):
        self.seen += 1
    def forward(self, body, message):
        self.producer.publish(body)
        message.ack()
    def consumer(self, channel):
        c = Consumer(channel, queues=[self.source])
        c.register_callback(self.count)
        c.register_callback(self.forward)
        return c
`,
    },
    {
      name: 'kombu: a callback list where neither callback settles still leaks',
      file: 'watch.py',
      errors: [e('missing-ack', 8, 16, 8, 24)],
      code: `from kombu import Consumer
class Watch:
    def count(self, body, message):
        self.seen += 1
    def show(self, body, message):
        print(body)
    def consumer(self, channel):
        return Consumer(channel, queues=[self.source], callbacks=[self.count, self.show])
`,
    },
    // ---------------------------------------------------------------- the delivery wrapped in an object, then handed on
    {
      name: 'pika: the callback wraps the delivery in an event and hands it to a sink (no claim)',
      file: 'relay.py',
      errors: [],
      code: `import pika
class Relay:
    def start(self, channel):
        channel.basic_consume(queue='jobs', on_message_callback=self.on_message)
    def on_message(self, ch, method, props, body):
        event = Arrival(method, props, body)
        self.sink.accept(event)
`,
    },
    {
      name: 'pika: content parsed from the body and given to a service is no hand-off of the delivery',
      file: 'parse_only.py',
      errors: [e('missing-ack', 4, 9, 4, 30)],
      code: `import pika, json
class Relay:
    def start(self, channel):
        channel.basic_consume(queue='jobs', on_message_callback=self.on_message)
    def on_message(self, ch, method, props, body):
        order = json.loads(body)
        self.orders.create(order)
`,
    },
    // ---------------------------------------------------------------- amqp-ts: activateConsumer is manual unless noAck
    {
      name: 'amqp-ts: activateConsumer without options is manual ack; a handler that only logs leaks',
      file: 'audit.js',
      errors: [e('missing-ack', 4, 1, 4, 23)],
      code: `const Amqp = require('amqp-ts');
const conn = new Amqp.Connection('amqp://localhost');
const audit = conn.declareQueue('audit');
audit.activateConsumer((message) => {
  console.log('audit', message.getContent());
});
`,
    },
    {
      name: 'amqp-ts: activateConsumer acking each message, and one with { noAck: true }',
      file: 'audit_ok.js',
      errors: [],
      code: `const Amqp = require('amqp-ts');
const conn = new Amqp.Connection('amqp://localhost');
conn.declareQueue('audit').activateConsumer((message) => {
  record(message.getContent());
  message.ack();
});
conn.declareQueue('ticks').activateConsumer((message) => tick(message.getContent()), { noAck: true });
`,
    },
    // ---------------------------------------------------------------- a handler made by a factory method
    {
      name: 'amqplib: the handler is returned by a factory method; its early return for a stopping service leaks',
      file: 'adapter.js',
      errors: [e('missing-ack', 6, 11, 6, 31)],
      code: `const amqp = require('amqplib');
class Adapter {
  async subscribe(topic) {
    this.channel = await (await amqp.connect(this.url)).createChannel();
    await this.channel.assertQueue(topic.queue);
    await this.channel.consume(topic.queue, this.makeHandler(topic), {});
  }
  makeHandler(topic) {
    return async (msg) => {
      if (topic.stopping) return;
      await topic.handler(msg.content);
      this.channel.ack(msg);
    };
  }
}
`,
    },
    {
      name: 'amqplib: a factory told whether to ack, the same flag negated as noAck (correct in both modes)',
      file: 'transport.js',
      errors: [],
      code: `const amqp = require('amqplib');
class Transport {
  listen(queue, wantAck) {
    return this.channel.consume(queue, this.onPacket(queue, wantAck), Object.assign({ noAck: !wantAck }, this.extra));
  }
  onPacket(queue, ackIt = false) {
    return (msg) => {
      const done = this.dispatch(queue, msg.content);
      if (ackIt) {
        if (this.channel) this.channel.ack(msg);
      }
      return done;
    };
  }
}
`,
    },
    // ---------------------------------------------------------------- promise chains: the catch runs after any stage
    {
      name: 'amqplib: forward then ack in a promise chain whose catch logs and rethrows (a failed forward leaks)',
      file: 'shovel.js',
      errors: [e('missing-ack', 10, 10, 10, 28)],
      code: `const amqp = require('amqplib');
function Shovel(target) { this.target = target; }
Shovel.prototype.move = function (srcChannel, msg) {
  return this.target.publish('', 'copy', msg.content)
    .then(() => srcChannel.ack(msg))
    .catch((err) => { console.error(err); throw err; });
};
Shovel.prototype.start = function (srcChannel) {
  const move = this.move.bind(this, srcChannel);
  return srcChannel.consume('orders', move);
};
`,
    },
    {
      name: 'amqplib: a promise chain that acks after the work and nacks in the catch settles once',
      file: 'chain_ok.js',
      errors: [],
      code: `const amqp = require('amqplib');
function start(ch) {
  ch.consume('orders', (msg) =>
    store(msg.content)
      .then(() => ch.ack(msg))
      .then(() => console.log('stored'))
      .catch(() => ch.nack(msg, false, false)),
  );
}
`,
    },
    // ---------------------------------------------------------------- Elixir: channels kept in the GenServer state
    {
      name: 'elixir amqp: consumed on the src channel, acked on state.dst (the state map holds both channels)',
      file: 'copier.ex',
      errors: [e('wrong-channel', 15, 5, 15, 30)],
      code: `defmodule Audit.Copier do
  use GenServer
  alias AMQP.{Basic, Channel, Connection}

  def init(_) do
    {:ok, conn} = Connection.open()
    {:ok, src_chan} = Channel.open(conn)
    {:ok, dst_chan} = Channel.open(conn)
    {:ok, _tag} = Basic.consume(src_chan, "audit")
    {:ok, %{src: src_chan, dst: dst_chan}}
  end

  def handle_info({:basic_deliver, body, %{delivery_tag: tag}}, state) do
    :ok = Basic.publish(state.dst, "", "audit.copy", body)
    Basic.ack(state.dst, tag)
    {:noreply, state}
  end
end
`,
    },
    {
      name: 'elixir amqp: acked on state.src, the channel it was consumed on',
      file: 'copier_ok.ex',
      errors: [],
      code: `defmodule Audit.Copier do
  use GenServer
  alias AMQP.{Basic, Channel, Connection}

  def init(_) do
    {:ok, conn} = Connection.open()
    {:ok, src_chan} = Channel.open(conn)
    {:ok, dst_chan} = Channel.open(conn)
    {:ok, _tag} = Basic.consume(src_chan, "audit")
    {:ok, %{src: src_chan, dst: dst_chan}}
  end

  def handle_info({:basic_deliver, body, %{delivery_tag: tag}}, state) do
    :ok = Basic.publish(state.dst, "", "audit.copy", body)
    Basic.ack(state.src, tag)
    {:noreply, state}
  end
end
`,
    },
  ] satisfies Case[]
).map((c) => ({ ...c, claims: true }));
