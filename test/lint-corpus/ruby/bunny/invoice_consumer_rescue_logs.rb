# frozen_string_literal: true

require 'bunny'
require 'json'

class InvoiceConsumer
  def initialize(channel, generator)
    @channel = channel
    @generator = generator
  end

  def run
    queue = @channel.queue('invoices', durable: true)
    queue.subscribe(manual_ack: true) do |delivery_info, _props, body|
      begin
        @generator.generate(JSON.parse(body))
        @channel.ack(delivery_info.delivery_tag)
      rescue StandardError => e
        warn "invoice generation failed: #{e.message}"
      end
    end
  end
end
