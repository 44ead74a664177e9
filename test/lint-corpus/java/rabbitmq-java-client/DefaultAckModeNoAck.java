package com.example.sms;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;

import java.nio.charset.StandardCharsets;

// basicConsume without the autoAck flag uses explicit acknowledgement.
public class DefaultAckModeNoAck {

    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        Connection connection = factory.newConnection();
        Channel channel = connection.createChannel();
        channel.queueDeclare("sms", true, false, false, null);
        SmsGateway gateway = new SmsGateway();

        DeliverCallback send = (consumerTag, delivery) -> {
            String text = new String(delivery.getBody(), StandardCharsets.UTF_8);
            gateway.send(delivery.getProperties().getHeaders().get("to").toString(), text);
            System.out.println("sent sms");
        };
        channel.basicConsume("sms", send, consumerTag -> { });
    }
}
