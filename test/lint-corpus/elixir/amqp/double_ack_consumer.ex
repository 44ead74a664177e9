defmodule Notify.Consumer do
  use GenServer
  require Logger
  alias AMQP.{Basic, Channel, Connection}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)

  @impl true
  def init(_opts) do
    {:ok, conn} = Connection.open()
    {:ok, chan} = Channel.open(conn)
    {:ok, _} = Basic.consume(chan, "notifications")
    {:ok, chan}
  end

  @impl true
  def handle_info({:basic_consume_ok, _}, chan), do: {:noreply, chan}

  def handle_info({:basic_deliver, payload, %{delivery_tag: tag}}, chan) do
    notification = Jason.decode!(payload)

    if notification["urgent"] do
      Notify.Pager.page(notification)
      Basic.ack(chan, tag)
    end

    Notify.Inbox.store(notification)
    Basic.ack(chan, tag)
    {:noreply, chan}
  end
end
