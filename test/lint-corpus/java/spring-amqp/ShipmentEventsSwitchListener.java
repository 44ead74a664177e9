package com.example.shipping.messaging;

import com.rabbitmq.client.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import java.io.IOException;

@Component
public class ShipmentEventsSwitchListener {

    private static final Logger log = LoggerFactory.getLogger(ShipmentEventsSwitchListener.class);

    private final TrackingService tracking;

    public ShipmentEventsSwitchListener(TrackingService tracking) {
        this.tracking = tracking;
    }

    @RabbitListener(queues = "shipments.events", ackMode = "MANUAL")
    public void onEvent(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        String type = message.getMessageProperties().getType();
        switch (type == null ? "" : type) {
            case "picked-up":
                tracking.pickedUp(message.getBody());
                channel.basicAck(tag, false);
                break;
            case "delivered":
                tracking.delivered(message.getBody());
                channel.basicAck(tag, false);
                break;
            default:
                log.warn("unknown shipment event type '{}'", type);
                channel.basicReject(tag, false);
        }
    }
}
