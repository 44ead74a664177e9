require 'bunny'
require 'json'

conn = Bunny.new
conn.start
ch = conn.create_channel
ch.prefetch(4)
q = ch.queue('thumbnails', durable: true)

q.subscribe(manual_ack: true, block: true) do |delivery_info, _properties, body|
  begin
    job = JSON.parse(body)
    Thumbnailer.render(job['image'], job['sizes'])
  rescue StandardError => e
    warn "thumbnail failed, dropping: #{e.message}"
  ensure
    ch.ack(delivery_info.delivery_tag)
  end
end
