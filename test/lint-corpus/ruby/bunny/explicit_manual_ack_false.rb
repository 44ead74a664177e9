require 'bunny'

conn = Bunny.new
conn.start
ch = conn.create_channel
x = ch.fanout('cache.invalidate')
q = ch.queue('', exclusive: true).bind(x)

q.subscribe(manual_ack: false, block: true) do |delivery_info, _props, key|
  Rails.cache.delete(key)
  ch.ack(delivery_info.delivery_tag)
end
