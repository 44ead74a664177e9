package shop;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

// Manual acknowledgement comes from application.properties, not from the annotation.
@Component
public class OrderListeners {
    private final OrderService orders;

    public OrderListeners(OrderService orders) {
        this.orders = orders;
    }

    @RabbitListener(queues = "orders.created")
    public void onCreated(OrderCreated event, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws IOException {
        try {
            orders.confirm(event);
            channel.basicAck(tag, false);
        } catch (OutOfStockException e) {
            channel.basicNack(tag, false, false);
        }
    }

    @RabbitListener(queues = "orders.cancelled")
    public void onCancelled(OrderCancelled event, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws IOException {
        if (orders.exists(event.orderId())) {
            orders.cancel(event.orderId());
            channel.basicAck(tag, false);
        }
    }
}
