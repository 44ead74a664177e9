package com.example.payments.messaging;

import com.rabbitmq.client.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import com.example.payments.PaymentService;
import com.example.payments.dto.PaymentRequested;

import java.io.IOException;

@Component
public class PaymentListenerManualAck {

    private static final Logger log = LoggerFactory.getLogger(PaymentListenerManualAck.class);

    private final PaymentService payments;

    public PaymentListenerManualAck(PaymentService payments) {
        this.payments = payments;
    }

    @RabbitListener(queues = "payments.requested", ackMode = "MANUAL")
    public void onPayment(PaymentRequested request, Channel channel,
                          @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws IOException {
        try {
            payments.capture(request);
            channel.basicAck(tag, false);
        } catch (Exception e) {
            log.error("capture failed for {}", request.paymentId(), e);
            channel.basicNack(tag, false, false);
        }
    }
}
