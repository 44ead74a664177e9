package mail;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

public class OutboxListener implements ChannelAwareMessageListener {
    public SimpleMessageListenerContainer container(ConnectionFactory connectionFactory) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames("mail.outbox");
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setMessageListener(this);
        return container;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws Exception {
        long tag = message.getMessageProperties().getDeliveryTag();
        try {
            Smtp.send(new String(message.getBody()));
            channel.basicAck(tag, false);
        } catch (Exception e) {
            // put it back and try again
            channel.basicNack(tag, false, true);
        }
    }
}
