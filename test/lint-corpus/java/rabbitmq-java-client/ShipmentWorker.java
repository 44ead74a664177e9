package com.example.shipping;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

public class ShipmentWorker {

    private static final Logger log = LoggerFactory.getLogger(ShipmentWorker.class);

    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(System.getenv().getOrDefault("RABBIT_HOST", "localhost"));
        Connection connection = factory.newConnection();
        Channel channel = connection.createChannel();
        channel.queueDeclare("shipments", true, false, false, null);
        CarrierClient carrier = new CarrierClient();

        DeliverCallback callback = (consumerTag, delivery) -> {
            String body = new String(delivery.getBody(), StandardCharsets.UTF_8);
            try {
                carrier.book(body);
                channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
            } catch (CarrierException e) {
                log.error("booking failed for {}", body, e);
            }
        };
        channel.basicConsume("shipments", false, callback, consumerTag -> { });
    }
}
