package com.example.sms;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;

import java.nio.charset.StandardCharsets;

public class DefaultAckModeAcks {

    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        Connection connection = factory.newConnection();
        Channel channel = connection.createChannel();
        channel.queueDeclare("sms", true, false, false, null);
        SmsGateway gateway = new SmsGateway();

        DeliverCallback send = (consumerTag, delivery) -> {
            long tag = delivery.getEnvelope().getDeliveryTag();
            String text = new String(delivery.getBody(), StandardCharsets.UTF_8);
            Object to = delivery.getProperties().getHeaders().get("to");
            if (to == null) {
                channel.basicReject(tag, false);
                return;
            }
            gateway.send(to.toString(), text);
            channel.basicAck(tag, false);
        };
        channel.basicConsume("sms", send, consumerTag -> { });
    }
}
