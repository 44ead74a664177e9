package com.example.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;

public class OrderConsumer extends DefaultConsumer {

    private static final Logger log = LoggerFactory.getLogger(OrderConsumer.class);
    private static final ObjectMapper mapper = new ObjectMapper();

    private final OrderService orders;

    public OrderConsumer(Channel channel, OrderService orders) {
        super(channel);
        this.orders = orders;
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope,
                               AMQP.BasicProperties properties, byte[] body) throws IOException {
        long tag = envelope.getDeliveryTag();
        try {
            Order order = mapper.readValue(body, Order.class);
            orders.place(order);
            getChannel().basicAck(tag, false);
        } catch (InvalidOrderException e) {
            log.warn("rejecting invalid order: {}", e.getMessage());
            getChannel().basicReject(tag, false);
        } catch (Exception e) {
            log.error("order processing failed", e);
            getChannel().basicNack(tag, false, false);
        }
    }

    public static void start(Channel channel, OrderService orders) throws IOException {
        channel.queueDeclare("orders", true, false, false,
                Map.of("x-dead-letter-exchange", "orders.dlx"));
        channel.basicQos(25);
        channel.basicConsume("orders", false, new OrderConsumer(channel, orders));
    }
}
