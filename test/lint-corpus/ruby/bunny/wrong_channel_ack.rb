require 'bunny'
require 'json'

conn = Bunny.new
conn.start
consume_ch = conn.create_channel
publish_ch = conn.create_channel
publish_ch.confirm_select

exchange = publish_ch.topic('normalized', durable: true)
queue = consume_ch.queue('raw', durable: true)

queue.subscribe(manual_ack: true, block: true) do |delivery_info, properties, body|
  event = JSON.parse(body).merge('normalized' => true)
  exchange.publish(event.to_json, routing_key: delivery_info.routing_key, content_type: properties.content_type)
  publish_ch.wait_for_confirms
  publish_ch.ack(delivery_info.delivery_tag)
end
