package com.example.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import java.io.IOException;

public class EventConsumerEarlyReturn extends DefaultConsumer {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final EventStore store;

    public EventConsumerEarlyReturn(Channel channel, EventStore store) {
        super(channel);
        this.store = store;
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope,
                               AMQP.BasicProperties properties, byte[] body) throws IOException {
        JsonNode event = MAPPER.readTree(body);
        if (!event.hasNonNull("aggregateId")) {
            System.err.println("event without aggregateId, ignoring");
            return;
        }
        store.append(event.get("aggregateId").asText(), event);
        getChannel().basicAck(envelope.getDeliveryTag(), false);
    }

    public static void register(Channel channel, EventStore store) throws IOException {
        channel.basicQos(50);
        channel.basicConsume("events", false, "event-store", new EventConsumerEarlyReturn(channel, store));
    }
}
