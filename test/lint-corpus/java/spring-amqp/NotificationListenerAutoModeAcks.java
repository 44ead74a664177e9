package com.example.notifications;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

@Component
public class NotificationListenerAutoModeAcks {

    private final PushService push;

    public NotificationListenerAutoModeAcks(PushService push) {
        this.push = push;
    }

    @RabbitListener(queues = "notifications.push")
    public void handle(Message message, Channel channel) throws IOException {
        String body = new String(message.getBody(), StandardCharsets.UTF_8);
        push.send(body);
        channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
    }
}
