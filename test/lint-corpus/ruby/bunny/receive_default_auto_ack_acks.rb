#!/usr/bin/env ruby
require 'bunny'
require 'json'
require 'logger'

logger = Logger.new($stdout)
connection = Bunny.new(ENV.fetch('AMQP_URL', 'amqp://guest:guest@localhost:5672'))
connection.start

channel = connection.create_channel
queue = channel.queue('page_views', durable: true)

queue.subscribe(block: true) do |delivery_info, _properties, body|
  view = JSON.parse(body)
  logger.info("view of #{view['path']} by #{view['visitor']}")
  channel.ack(delivery_info.delivery_tag)
end
