package events;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.rabbit.annotation.RabbitHandler;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

// One listener for the queue; Spring picks the @RabbitHandler method by payload type.
@Component
@RabbitListener(queues = "accounts.events")
public class AccountEvents {
    @RabbitHandler
    public void opened(AccountOpened event, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws Exception {
        Accounts.open(event);
        channel.basicAck(tag, false);
    }

    @RabbitHandler
    public void closed(AccountClosed event, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws Exception {
        if (Accounts.hasBalance(event.accountId())) {
            System.err.println("account " + event.accountId() + " still has a balance");
            return;
        }
        Accounts.close(event);
        channel.basicAck(tag, false);
    }
}
