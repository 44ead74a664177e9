defmodule Billing.QuotaConsumer do
  use GenServer

  alias AMQP.{Basic, Channel, Connection}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)

  @impl true
  def init(_opts) do
    {:ok, conn} = Connection.open()
    {:ok, chan} = Channel.open(conn)
    {:ok, _} = Basic.consume(chan, "billing.quota")
    {:ok, chan}
  end

  @impl true
  def handle_info({:basic_deliver, payload, %{delivery_tag: tag}}, chan) do
    usage = Billing.Usage.decode!(payload)

    cond do
      usage.units > usage.limit and usage.plan == :free ->
        Billing.suspend(usage.account)

      usage.units > usage.limit ->
        Billing.warn(usage.account)
        Basic.ack(chan, tag)

      true ->
        Basic.ack(chan, tag)
    end

    {:noreply, chan}
  end

  def handle_info(_other, chan), do: {:noreply, chan}
end
