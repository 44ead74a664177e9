defmodule Bridge.Forwarder do
  use GenServer
  alias AMQP.{Basic, Channel, Connection, Confirm}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)

  @impl true
  def init(_opts) do
    {:ok, conn} = Connection.open()
    {:ok, consume_chan} = Channel.open(conn)
    {:ok, publish_chan} = Channel.open(conn)
    :ok = Confirm.select(publish_chan)
    {:ok, _} = Basic.consume(consume_chan, "bridge.in")
    {:ok, %{consume_chan: consume_chan, publish_chan: publish_chan}}
  end

  @impl true
  def handle_info({:basic_consume_ok, _}, state), do: {:noreply, state}

  def handle_info({:basic_deliver, payload, %{delivery_tag: tag, routing_key: key}}, state) do
    :ok = Basic.publish(state.publish_chan, "bridge.out", key, payload, persistent: true)
    true = Confirm.wait_for_confirms(state.publish_chan, 5_000)
    Basic.ack(state.publish_chan, tag)
    {:noreply, state}
  end
end
