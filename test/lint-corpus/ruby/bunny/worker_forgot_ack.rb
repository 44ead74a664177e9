#!/usr/bin/env ruby
require 'bunny'

connection = Bunny.new(automatically_recover: false)
connection.start

channel = connection.create_channel
queue = channel.queue('task_queue', durable: true)
channel.prefetch(1)

begin
  queue.subscribe(manual_ack: true, block: true) do |_delivery_info, _properties, body|
    puts " [x] Received '#{body}'"
    sleep body.count('.').to_i
    puts ' [x] Done'
  end
rescue Interrupt => _
  connection.close
end
