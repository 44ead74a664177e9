{:ok, connection} = AMQP.Connection.open()
{:ok, channel} = AMQP.Channel.open(connection)

AMQP.Queue.declare(channel, "task_queue", durable: true)
AMQP.Basic.qos(channel, prefetch_count: 1)

defmodule Worker do
  def wait_for_messages(channel) do
    receive do
      {:basic_deliver, payload, _meta} ->
        IO.puts(" [x] Received #{payload}")
        dots = payload |> to_charlist |> Enum.count(fn x -> x == ?. end)
        :timer.sleep(dots * 1000)
        IO.puts(" [x] Done.")
        wait_for_messages(channel)
    end
  end
end

AMQP.Basic.consume(channel, "task_queue")
IO.puts(" [*] Waiting for messages. To exit press CTRL+C, CTRL+C")
Worker.wait_for_messages(channel)
