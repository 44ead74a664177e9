package com.example.inventory;

import com.rabbitmq.client.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import java.io.IOException;

@Component
public class InventoryListenerRequeue {

    private static final Logger log = LoggerFactory.getLogger(InventoryListenerRequeue.class);

    private final WarehouseClient warehouse;

    public InventoryListenerRequeue(WarehouseClient warehouse) {
        this.warehouse = warehouse;
    }

    @RabbitListener(queues = "inventory.sync", ackMode = "MANUAL")
    public void sync(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        try {
            warehouse.push(new String(message.getBody()));
            channel.basicAck(tag, false);
        } catch (WarehouseUnavailableException e) {
            log.warn("warehouse unavailable, requeueing");
            channel.basicNack(tag, false, true);
        } catch (RuntimeException e) {
            log.error("sync failed", e);
            channel.basicReject(tag, true);
        }
    }
}
