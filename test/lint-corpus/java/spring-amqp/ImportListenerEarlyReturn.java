package com.example.catalog;

import com.rabbitmq.client.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.util.List;

@Service
public class ImportListenerEarlyReturn {

    private static final Logger log = LoggerFactory.getLogger(ImportListenerEarlyReturn.class);

    private final CatalogRepository catalog;

    public ImportListenerEarlyReturn(CatalogRepository catalog) {
        this.catalog = catalog;
    }

    @RabbitListener(queues = "catalog.import", ackMode = "MANUAL", concurrency = "2")
    public void importBatch(List<ProductRow> rows, Channel channel,
                            @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws IOException {
        if (rows.isEmpty()) {
            log.info("empty import batch");
            return;
        }
        catalog.upsertAll(rows);
        channel.basicAck(tag, false);
    }
}
