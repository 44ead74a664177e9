defmodule Gallery.ThumbnailConsumer do
  use GenServer
  require Logger

  alias AMQP.{Basic, Channel, Connection}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(_opts) do
    {:ok, conn} = Connection.open()
    {:ok, chan} = Channel.open(conn)
    :ok = Basic.qos(chan, prefetch_count: 2)
    {:ok, _consumer_tag} = Basic.consume(chan, "gallery.thumbnails")
    {:ok, chan}
  end

  @impl true
  def handle_info({:basic_consume_ok, _meta}, chan), do: {:noreply, chan}
  def handle_info({:basic_cancel, _meta}, chan), do: {:stop, :normal, chan}

  def handle_info({:basic_deliver, payload, %{delivery_tag: tag, redelivered: redelivered}}, chan) do
    case Gallery.Thumbs.render(payload) do
      :ok ->
        Basic.ack(chan, tag)

      {:error, :unsupported} ->
        Basic.reject(chan, tag, requeue: false)

      {:error, reason} when redelivered ->
        Logger.warning("thumbnail failed twice: #{inspect(reason)}")

      {:error, _reason} ->
        Basic.reject(chan, tag, requeue: true)
    end

    {:noreply, chan}
  end
end
