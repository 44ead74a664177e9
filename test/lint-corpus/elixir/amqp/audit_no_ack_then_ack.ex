defmodule Audit.Tail do
  use GenServer
  require Logger
  alias AMQP.{Basic, Channel, Connection, Queue}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(opts) do
    {:ok, conn} = Connection.open(Keyword.fetch!(opts, :url))
    {:ok, chan} = Channel.open(conn)
    {:ok, _} = Queue.declare(chan, "audit.tail", auto_delete: true)
    {:ok, _tag} = Basic.consume(chan, "audit.tail", nil, no_ack: true)
    {:ok, chan}
  end

  @impl true
  def handle_info({:basic_consume_ok, _meta}, chan), do: {:noreply, chan}

  def handle_info({:basic_deliver, payload, %{delivery_tag: tag}}, chan) do
    Logger.info("audit: #{payload}")
    Basic.ack(chan, tag)
    {:noreply, chan}
  end
end
