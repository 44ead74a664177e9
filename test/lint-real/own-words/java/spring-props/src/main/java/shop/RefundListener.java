package shop;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

@Component
public class RefundListener {
    private final Payments payments;

    public RefundListener(Payments payments) {
        this.payments = payments;
    }

    @RabbitListener(queues = "orders.refund")
    public void refund(RefundRequest request, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) {
        try {
            payments.refund(request.orderId(), request.amount());
            channel.basicAck(tag, false);
        } catch (Exception e) {
            System.err.println("refund failed for " + request.orderId() + ": " + e.getMessage());
        }
    }
}
