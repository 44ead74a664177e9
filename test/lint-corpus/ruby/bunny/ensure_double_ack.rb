require 'bunny'
require 'json'

conn = Bunny.new
conn.start
ch = conn.create_channel
q = ch.queue('thumbnails', durable: true)

q.subscribe(manual_ack: true, block: true) do |delivery_info, _properties, body|
  begin
    job = JSON.parse(body)
    Thumbnailer.render(job['image'], job['sizes'])
    ch.ack(delivery_info.delivery_tag)
  rescue StandardError => e
    warn e.message
  ensure
    ch.ack(delivery_info.delivery_tag)
  end
end
