package com.example.billing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

public class InvoiceListener {

    private static final Logger log = LoggerFactory.getLogger(InvoiceListener.class);

    private final Channel channel;
    private final InvoiceService invoices;

    public InvoiceListener(Channel channel, InvoiceService invoices) {
        this.channel = channel;
        this.invoices = invoices;
    }

    public void start() throws IOException {
        channel.queueDeclare("invoices", true, false, false, null);
        channel.basicConsume("invoices", false, this::onDelivery, tag -> log.warn("cancelled {}", tag));
    }

    private void onDelivery(String consumerTag, Delivery delivery) throws IOException {
        String json = new String(delivery.getBody(), StandardCharsets.UTF_8);
        boolean ok = invoices.handle(json);
        settle(delivery, ok);
    }

    private void settle(Delivery delivery, boolean ok) throws IOException {
        long tag = delivery.getEnvelope().getDeliveryTag();
        if (ok) {
            channel.basicAck(tag, false);
        } else {
            channel.basicReject(tag, false);
        }
    }

    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        Connection connection = factory.newConnection();
        new InvoiceListener(connection.createChannel(), new InvoiceService()).start();
    }
}
