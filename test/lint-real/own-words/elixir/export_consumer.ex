defmodule Reports.ExportConsumer do
  use GenServer

  alias AMQP.{Basic, Channel, Connection}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)

  @impl true
  def init(_opts) do
    {:ok, conn} = Connection.open()
    {:ok, chan} = Channel.open(conn)
    {:ok, _} = Basic.consume(chan, "reports.export")
    {:ok, chan}
  end

  @impl true
  def handle_info({:basic_deliver, payload, %{delivery_tag: tag}}, chan) do
    :ok = Reports.export(payload)
    Basic.ack(chan, tag)
    Reports.Metrics.increment(:exported)
    Basic.ack(chan, tag)
    {:noreply, chan}
  end

  def handle_info(_other, chan), do: {:noreply, chan}
end
