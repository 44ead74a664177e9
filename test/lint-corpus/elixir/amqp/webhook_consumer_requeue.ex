defmodule Hooks.Consumer do
  use GenServer
  require Logger
  alias AMQP.{Basic, Channel, Connection, Queue}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)

  @impl true
  def init(_opts) do
    {:ok, conn} = Connection.open(System.fetch_env!("AMQP_URL"))
    {:ok, chan} = Channel.open(conn)
    {:ok, _} = Queue.declare(chan, "webhooks", durable: true)
    {:ok, _} = Basic.consume(chan, "webhooks")
    {:ok, chan}
  end

  @impl true
  def handle_info({:basic_consume_ok, _}, chan), do: {:noreply, chan}

  def handle_info({:basic_deliver, payload, %{delivery_tag: tag}}, chan) do
    %{"url" => url, "body" => body} = Jason.decode!(payload)

    case Req.post(url, json: body, receive_timeout: 5_000) do
      {:ok, %Req.Response{status: status}} when status in 200..299 ->
        Basic.ack(chan, tag)

      {:ok, %Req.Response{status: status}} ->
        Logger.warning("webhook #{url} answered #{status}, requeueing")
        Basic.nack(chan, tag, requeue: true)

      {:error, reason} ->
        Logger.warning("webhook #{url} failed: #{inspect(reason)}, requeueing")
        Basic.nack(chan, tag, requeue: true)
    end

    {:noreply, chan}
  end
end
