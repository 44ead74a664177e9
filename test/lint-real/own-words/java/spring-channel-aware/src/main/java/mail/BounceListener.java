package mail;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

public class BounceListener implements ChannelAwareMessageListener {
    public SimpleMessageListenerContainer container(ConnectionFactory connectionFactory) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames("mail.bounces");
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setMessageListener(this);
        return container;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws Exception {
        long tag = message.getMessageProperties().getDeliveryTag();
        try {
            Bounces.record(new String(message.getBody()));
            channel.basicAck(tag, false);
        } finally {
            Metrics.increment("bounces");
            channel.basicAck(tag, false);
        }
    }
}
