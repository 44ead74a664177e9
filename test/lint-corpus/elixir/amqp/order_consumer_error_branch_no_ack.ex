defmodule Shop.InvoiceConsumer do
  use GenServer
  require Logger

  alias AMQP.{Basic, Channel, Connection}
  alias Shop.Invoices

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(opts) do
    {:ok, conn} = Connection.open(Keyword.get(opts, :url, "amqp://localhost"))
    {:ok, chan} = Channel.open(conn)
    :ok = Basic.qos(chan, prefetch_count: 5)
    {:ok, _tag} = Basic.consume(chan, "invoices")
    {:ok, chan}
  end

  @impl true
  def handle_info({:basic_consume_ok, _}, chan), do: {:noreply, chan}

  def handle_info({:basic_deliver, payload, %{delivery_tag: tag}}, chan) do
    case Invoices.generate(Jason.decode!(payload)) do
      {:ok, invoice} ->
        Logger.info("invoice #{invoice.number} generated")
        Basic.ack(chan, tag)

      {:error, reason} ->
        Logger.error("invoice generation failed: #{inspect(reason)}")
    end

    {:noreply, chan}
  end
end
