package audit;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

@Component
public class AlertListener {
    @RabbitListener(queues = "audit.alerts")
    public void onAlert(Message message, Channel channel) throws Exception {
        long tag = message.getMessageProperties().getDeliveryTag();
        if (!Alerts.isKnown(message.getBody())) {
            channel.basicNack(tag, false, false);
            return;
        }
        Alerts.raise(message.getBody());
    }
}
