package billing;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

@Component
public class InvoiceListener {
    @RabbitListener(queues = "invoices.issue")
    public void issue(Message message, Channel channel) throws Exception {
        long tag = message.getMessageProperties().getDeliveryTag();
        try {
            Invoices.issue(new String(message.getBody()));
            channel.basicAck(tag, false);
        } catch (Exception e) {
            channel.basicNack(tag, false, false);
            channel.basicReject(tag, false);
        }
    }

    @RabbitListener(queues = "invoices.void")
    public void voidInvoice(Message message, Channel channel) throws Exception {
        long tag = message.getMessageProperties().getDeliveryTag();
        try {
            Invoices.voidInvoice(new String(message.getBody()));
        } finally {
            channel.basicAck(tag, false);
        }
    }
}
