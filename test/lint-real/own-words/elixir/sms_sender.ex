defmodule Notify.SmsSender do
  use GenServer
  require Logger

  alias AMQP.{Basic, Channel, Connection}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)

  @impl true
  def init(_opts) do
    {:ok, conn} = Connection.open()
    {:ok, chan} = Channel.open(conn)
    {:ok, _} = Basic.consume(chan, "notify.sms")
    {:ok, chan}
  end

  @impl true
  def handle_info({:basic_deliver, payload, %{delivery_tag: tag}}, chan) do
    try do
      Notify.Gateway.send_sms!(payload)
      Basic.ack(chan, tag)
    rescue
      error ->
        Logger.warning("sms gateway error, requeueing: #{inspect(error)}")
        Basic.nack(chan, tag, requeue: true)
    end

    {:noreply, chan}
  end

  def handle_info(_other, chan), do: {:noreply, chan}
end
