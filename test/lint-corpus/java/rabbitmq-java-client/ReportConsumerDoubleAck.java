package com.example.reports;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import java.io.IOException;

public class ReportConsumerDoubleAck extends DefaultConsumer {

    private final ReportRenderer renderer;

    public ReportConsumerDoubleAck(Channel channel, ReportRenderer renderer) {
        super(channel);
        this.renderer = renderer;
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope,
                               AMQP.BasicProperties properties, byte[] body) throws IOException {
        try {
            renderer.render(new String(body));
            getChannel().basicAck(envelope.getDeliveryTag(), false);
        } catch (RuntimeException e) {
            System.err.println("render failed: " + e.getMessage());
        } finally {
            getChannel().basicAck(envelope.getDeliveryTag(), false);
        }
    }

    public static void main(String[] args) throws Exception {
        var factory = new com.rabbitmq.client.ConnectionFactory();
        var connection = factory.newConnection();
        Channel channel = connection.createChannel();
        channel.basicConsume("reports", false, new ReportConsumerDoubleAck(channel, new ReportRenderer()));
    }
}
