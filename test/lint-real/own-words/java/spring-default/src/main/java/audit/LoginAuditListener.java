package audit;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

// No acknowledge-mode anywhere in the project: the container runs in AUTO mode and acks by itself.
@Component
public class LoginAuditListener {
    @RabbitListener(queues = "audit.logins")
    public void record(String line, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws Exception {
        AuditLog.write(line);
        channel.basicAck(tag, false);
    }

    @RabbitListener(queues = "audit.logouts")
    public void recordLogout(String line) {
        AuditLog.write(line);
    }
}
