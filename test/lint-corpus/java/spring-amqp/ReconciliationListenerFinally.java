package com.example.ledger;

import com.rabbitmq.client.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import java.io.IOException;

@Component
public class ReconciliationListenerFinally {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationListenerFinally.class);

    private final Reconciler reconciler;

    public ReconciliationListenerFinally(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @RabbitListener(queues = "ledger.reconcile", ackMode = "MANUAL")
    public void reconcile(Message message, Channel channel) throws IOException {
        try {
            reconciler.run(new String(message.getBody()));
        } catch (RuntimeException e) {
            log.error("reconciliation failed, will be retried by the nightly job", e);
        } finally {
            channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
        }
    }
}
