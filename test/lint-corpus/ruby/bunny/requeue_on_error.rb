require 'bunny'
require 'json'
require 'net/http'

conn = Bunny.new(ENV['AMQP_URL'])
conn.start
ch = conn.create_channel
ch.prefetch(20)
q = ch.queue('webhooks', durable: true)

q.subscribe(manual_ack: true, block: true) do |delivery_info, _properties, body|
  hook = JSON.parse(body)
  begin
    res = Net::HTTP.post(URI(hook['url']), hook['payload'].to_json, 'Content-Type' => 'application/json')
    raise "HTTP #{res.code}" unless res.is_a?(Net::HTTPSuccess)

    ch.ack(delivery_info.delivery_tag)
  rescue StandardError => e
    puts "webhook failed (#{e.message}), requeueing"
    ch.nack(delivery_info.delivery_tag, false, true)
  end
end
