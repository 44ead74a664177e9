require 'bunny'
require 'json'

conn = Bunny.new
conn.start
ch = conn.create_channel
q = ch.queue('analytics.events', durable: true)

q.subscribe(manual_ack: true, block: true) do |delivery_info, _properties, body|
  event = JSON.parse(body)
  next if event['bot']

  Analytics.track(event['name'], event['properties'])
  ch.ack(delivery_info.delivery_tag)
end
