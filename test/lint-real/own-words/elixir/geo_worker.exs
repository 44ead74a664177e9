{:ok, conn} = AMQP.Connection.open()
{:ok, chan} = AMQP.Channel.open(conn)
AMQP.Basic.qos(chan, prefetch_count: 10)
{:ok, _} = AMQP.Basic.consume(chan, "geo.lookup")

defmodule GeoWorker do
  def wait(chan) do
    receive do
      {:basic_deliver, payload, %{delivery_tag: tag}} ->
        if String.trim(payload) == "" do
          IO.puts("empty lookup skipped")
        else
          Geo.lookup(payload)
          AMQP.Basic.ack(chan, tag)
        end

        wait(chan)
    end
  end
end

GeoWorker.wait(chan)
