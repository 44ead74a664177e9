package com.example.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.rabbit.annotation.Exchange;
import org.springframework.amqp.rabbit.annotation.Queue;
import org.springframework.amqp.rabbit.annotation.QueueBinding;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

@Component
public class RejectAndDontRequeueListener {

    private static final Logger log = LoggerFactory.getLogger(RejectAndDontRequeueListener.class);

    private final MailSender sender;

    public RejectAndDontRequeueListener(MailSender sender) {
        this.sender = sender;
    }

    @RabbitListener(bindings = @QueueBinding(
            value = @Queue(value = "mail.outbound", durable = "true"),
            exchange = @Exchange(value = "mail", type = "topic"),
            key = "mail.#"))
    public void send(MailRequest request) {
        if (request.to() == null || request.to().isBlank()) {
            log.warn("mail request without recipient");
            throw new AmqpRejectAndDontRequeueException("no recipient");
        }
        sender.send(request.to(), request.subject(), request.body());
    }
}
