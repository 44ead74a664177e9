package com.example.orders.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import com.example.orders.OrderService;
import com.example.orders.dto.OrderPlaced;

@Component
public class OrderListener {

    private static final Logger log = LoggerFactory.getLogger(OrderListener.class);

    private final OrderService orderService;

    public OrderListener(OrderService orderService) {
        this.orderService = orderService;
    }

    @RabbitListener(queues = "orders.placed")
    public void onOrderPlaced(OrderPlaced event) {
        log.info("order {} placed by {}", event.orderId(), event.customerId());
        orderService.reserve(event);
    }
}
