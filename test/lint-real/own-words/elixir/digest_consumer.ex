defmodule Mail.DigestConsumer do
  use GenServer
  require Logger

  alias AMQP.{Basic, Channel, Connection}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)

  @impl true
  def init(_opts) do
    {:ok, conn} = Connection.open()
    {:ok, chan} = Channel.open(conn)
    {:ok, _} = Basic.consume(chan, "mail.digest")
    {:ok, chan}
  end

  @impl true
  def handle_info({:basic_deliver, payload, %{delivery_tag: tag}}, chan) do
    case Mail.Digest.send(payload) do
      :ok ->
        Basic.ack(chan, tag)

      {:error, reason} ->
        Logger.error("digest failed: #{inspect(reason)}")
        Basic.reject(chan, tag, requeue: false)
    end

    {:noreply, chan}
  end

  def handle_info(_other, chan), do: {:noreply, chan}
end
