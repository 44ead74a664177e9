# frozen_string_literal: true

require 'bunny'
require 'json'
require 'logger'

# Tails deploy events for a chat notification. Auto-ack (Bunny's default):
# losing an event on a crash is acceptable here.
class DeployNotifier
  def initialize(url, chat)
    @connection = Bunny.new(url)
    @chat = chat
    @logger = Logger.new($stdout)
  end

  def run
    @connection.start
    channel = @connection.create_channel
    exchange = channel.topic('deploys', durable: true)
    queue = channel.queue('', exclusive: true).bind(exchange, routing_key: 'deploy.#')

    queue.subscribe(block: true) do |delivery_info, _properties, body|
      event = JSON.parse(body)
      @logger.info("#{delivery_info.routing_key}: #{event['service']} #{event['version']}")
      @chat.post("#{event['service']} #{event['version']} deployed by #{event['user']}")
    end
  end
end
