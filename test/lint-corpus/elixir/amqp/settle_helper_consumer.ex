defmodule Media.TranscodeConsumer do
  use GenServer
  require Logger
  alias AMQP.{Basic, Channel, Connection, Queue}

  @queue "media.transcode"

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(opts) do
    {:ok, conn} = Connection.open(Keyword.fetch!(opts, :url))
    {:ok, chan} = Channel.open(conn)

    {:ok, _} =
      Queue.declare(chan, @queue,
        durable: true,
        arguments: [{"x-queue-type", :longstr, "quorum"}, {"x-delivery-limit", :long, 5}]
      )

    :ok = Basic.qos(chan, prefetch_count: 2)
    {:ok, _} = Basic.consume(chan, @queue)
    {:ok, chan}
  end

  @impl true
  def handle_info({:basic_consume_ok, _}, chan), do: {:noreply, chan}
  def handle_info({:basic_cancel, _}, chan), do: {:stop, :normal, chan}

  def handle_info({:basic_deliver, payload, meta}, chan) do
    result = Media.Transcoder.run(payload)
    settle(chan, meta.delivery_tag, result)
    {:noreply, chan}
  end

  defp settle(chan, tag, :ok), do: Basic.ack(chan, tag)

  defp settle(chan, tag, {:error, :transient}) do
    Logger.warning("transcode failed transiently, requeueing")
    Basic.nack(chan, tag, requeue: true)
  end

  defp settle(chan, tag, {:error, reason}) do
    Logger.error("transcode failed: #{inspect(reason)}")
    Basic.reject(chan, tag, requeue: false)
  end
end
