defmodule Ledger.MirrorConsumer do
  use GenServer

  alias AMQP.{Basic, Channel, Connection, Confirm}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)

  @impl true
  def init(_opts) do
    {:ok, conn} = Connection.open()
    {:ok, in_chan} = Channel.open(conn)
    {:ok, out_chan} = Channel.open(conn)
    :ok = Confirm.select(out_chan)
    {:ok, _} = Basic.consume(in_chan, "ledger.events")
    {:ok, %{in: in_chan, out: out_chan}}
  end

  @impl true
  def handle_info({:basic_deliver, payload, %{delivery_tag: tag, routing_key: key}}, state) do
    :ok = Basic.publish(state.out, "ledger.mirror", key, payload)
    true = Confirm.wait_for_confirms(state.out)
    Basic.ack(state.out, tag)
    {:noreply, state}
  end

  def handle_info(_other, state), do: {:noreply, state}
end
