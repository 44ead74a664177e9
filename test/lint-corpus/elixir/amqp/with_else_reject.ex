defmodule Geo.PositionConsumer do
  use GenServer
  require Logger
  alias AMQP.{Basic, Channel, Connection, Queue}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)

  @impl true
  def init(_opts) do
    {:ok, conn} = Connection.open(Application.fetch_env!(:geo, :amqp_url))
    {:ok, chan} = Channel.open(conn)
    {:ok, _} = Queue.declare(chan, "positions", durable: true)
    :ok = Basic.qos(chan, prefetch_count: 100)
    {:ok, _} = Basic.consume(chan, "positions")
    {:ok, chan}
  end

  @impl true
  def handle_info({:basic_consume_ok, _}, chan), do: {:noreply, chan}
  def handle_info({:basic_cancel, _}, chan), do: {:stop, :normal, chan}

  def handle_info({:basic_deliver, payload, %{delivery_tag: tag}}, chan) do
    with {:ok, %{"device" => device, "lat" => lat, "lng" => lng}} <- Jason.decode(payload),
         :ok <- Geo.Store.put(device, lat, lng) do
      Basic.ack(chan, tag)
    else
      error ->
        Logger.warning("dropping position: #{inspect(error)}")
        Basic.reject(chan, tag, requeue: false)
    end

    {:noreply, chan}
  end
end
