{:ok, conn} = AMQP.Connection.open()
{:ok, chan} = AMQP.Channel.open(conn)
{:ok, %{queue: queue}} = AMQP.Queue.declare(chan, "", exclusive: true)
:ok = AMQP.Queue.bind(chan, queue, "amq.rabbitmq.trace", routing_key: "#")
{:ok, _tag} = AMQP.Basic.consume(chan, queue, nil, no_ack: true)

defmodule FirehoseTap do
  def loop(chan) do
    receive do
      {:basic_deliver, payload, meta} ->
        IO.puts("#{meta.routing_key}: #{byte_size(payload)} bytes")
        AMQP.Basic.ack(chan, meta.delivery_tag)
        loop(chan)
    end
  end
end

FirehoseTap.loop(chan)
