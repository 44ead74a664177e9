package com.example.bridge;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;

public class BridgeWrongChannel {

    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        Connection connection = factory.newConnection();
        Channel consumeChannel = connection.createChannel();
        Channel publishChannel = connection.createChannel();
        publishChannel.confirmSelect();

        DeliverCallback forward = (consumerTag, delivery) -> {
            publishChannel.basicPublish("bridge.out", delivery.getEnvelope().getRoutingKey(),
                    delivery.getProperties(), delivery.getBody());
            publishChannel.waitForConfirmsOrDie(5000);
            publishChannel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        };
        consumeChannel.basicConsume("bridge.in", false, forward, consumerTag -> { });
    }
}
