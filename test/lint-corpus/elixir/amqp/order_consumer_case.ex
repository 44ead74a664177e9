defmodule Shop.OrderConsumer do
  @moduledoc "Consumes order events and stores them."
  use GenServer
  require Logger

  alias AMQP.{Basic, Channel, Connection, Queue}
  alias Shop.Orders

  @queue "orders.created"

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(opts) do
    {:ok, conn} = Connection.open(Keyword.get(opts, :url, "amqp://localhost"))
    {:ok, chan} = Channel.open(conn)

    {:ok, _} =
      Queue.declare(chan, @queue,
        durable: true,
        arguments: [{"x-dead-letter-exchange", :longstr, "orders.dlx"}]
      )

    :ok = Basic.qos(chan, prefetch_count: 20)
    {:ok, _tag} = Basic.consume(chan, @queue)
    {:ok, %{chan: chan}}
  end

  @impl true
  def handle_info({:basic_consume_ok, _}, state), do: {:noreply, state}
  def handle_info({:basic_cancel, _}, state), do: {:stop, :normal, state}

  def handle_info({:basic_deliver, payload, %{delivery_tag: tag}}, %{chan: chan} = state) do
    case Jason.decode(payload) do
      {:ok, order} ->
        case Orders.create(order) do
          {:ok, _} ->
            Basic.ack(chan, tag)

          {:error, reason} ->
            Logger.error("order rejected: #{inspect(reason)}")
            Basic.nack(chan, tag, requeue: false)
        end

      {:error, _} ->
        Basic.reject(chan, tag, requeue: false)
    end

    {:noreply, state}
  end
end
