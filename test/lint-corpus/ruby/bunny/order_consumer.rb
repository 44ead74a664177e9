# frozen_string_literal: true

require 'bunny'
require 'json'
require 'logger'

module Shop
  class OrderConsumer
    QUEUE = 'orders.created'

    def initialize(url:, repository:, logger: Logger.new($stdout))
      @url = url
      @repository = repository
      @logger = logger
    end

    def start
      @connection = Bunny.new(@url)
      @connection.start
      @channel = @connection.create_channel
      @channel.prefetch(10)
      queue = @channel.queue(QUEUE, durable: true, arguments: { 'x-dead-letter-exchange' => 'orders.dlx' })
      queue.subscribe(manual_ack: true) do |delivery_info, properties, body|
        handle(delivery_info, properties, body)
      end
    end

    def stop
      @channel&.close
      @connection&.close
    end

    private

    def handle(delivery_info, _properties, body)
      order = JSON.parse(body)
      @repository.insert(order)
      @channel.ack(delivery_info.delivery_tag)
    rescue JSON::ParserError => e
      @logger.warn("invalid order payload: #{e.message}")
      @channel.reject(delivery_info.delivery_tag, false)
    rescue StandardError => e
      @logger.error("order insert failed: #{e.message}")
      @channel.nack(delivery_info.delivery_tag, false, false)
    end
  end
end
