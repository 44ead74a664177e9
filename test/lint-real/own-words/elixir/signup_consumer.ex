defmodule Accounts.SignupConsumer do
  use GenServer
  require Logger

  alias AMQP.{Basic, Channel, Connection}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)

  @impl true
  def init(opts) do
    {:ok, conn} = Connection.open(opts[:url])
    {:ok, chan} = Channel.open(conn)
    {:ok, _} = Basic.consume(chan, "accounts.signup")
    {:ok, chan}
  end

  @impl true
  def handle_info({:basic_deliver, payload, %{delivery_tag: tag}}, chan) do
    with {:ok, attrs} <- Jason.decode(payload),
         {:ok, user} <- Accounts.register(attrs) do
      Logger.info("registered #{user.email}")
      Basic.ack(chan, tag)
    else
      {:error, reason} ->
        Logger.error("signup rejected: #{inspect(reason)}")
        Basic.reject(chan, tag, requeue: false)
    end

    {:noreply, chan}
  end

  def handle_info(_other, chan), do: {:noreply, chan}
end
