package com.example.webhooks;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

public class WebhookRetryConsumer {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        Connection connection = factory.newConnection();
        Channel channel = connection.createChannel();
        channel.queueDeclare("webhooks", true, false, false, null);
        channel.basicQos(10);

        DeliverCallback deliver = (tag, delivery) -> {
            long deliveryTag = delivery.getEnvelope().getDeliveryTag();
            HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.getProperties().getHeaders().get("url").toString()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.getBody()))
                    .build();
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
                channel.basicAck(deliveryTag, false);
            } catch (IOException | InterruptedException e) {
                System.err.println("webhook failed, requeueing: " + e);
                channel.basicNack(deliveryTag, false, true);
            }
        };
        channel.basicConsume("webhooks", false, deliver, tag -> { });
    }
}
