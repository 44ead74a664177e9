package com.example.audit;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

import java.io.IOException;

@Component
public class AuditListenerDoubleAck {

    private final AuditRepository repository;
    private final AlertService alerts;

    public AuditListenerDoubleAck(AuditRepository repository, AlertService alerts) {
        this.repository = repository;
        this.alerts = alerts;
    }

    @RabbitListener(queues = "audit.events", ackMode = "MANUAL")
    public void onAudit(@Payload AuditEvent event, Channel channel,
                        @Header(AmqpHeaders.DELIVERY_TAG) long deliveryTag) throws IOException {
        repository.save(event);
        if (event.isSecurityRelevant()) {
            alerts.raise(event);
            channel.basicAck(deliveryTag, false);
        }
        channel.basicAck(deliveryTag, false);
    }
}
