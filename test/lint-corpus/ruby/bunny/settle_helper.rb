# frozen_string_literal: true

require 'bunny'
require 'json'

module Payouts
  class Worker
    def initialize(connection)
      @channel = connection.create_channel
      @queue = @channel.queue('payouts', durable: true, arguments: { 'x-dead-letter-exchange' => 'payouts.dlx' })
    end

    def start
      @queue.subscribe(manual_ack: true) do |delivery_info, _properties, body|
        ok = process(body)
        settle(delivery_info.delivery_tag, ok)
      end
    end

    private

    def process(body)
      payout = JSON.parse(body)
      Gateway.transfer(payout.fetch('account'), payout.fetch('amount'))
      true
    rescue KeyError, JSON::ParserError, Gateway::Error
      false
    end

    def settle(tag, ok)
      if ok
        @channel.ack(tag)
      else
        @channel.reject(tag, false)
      end
    end
  end
end
