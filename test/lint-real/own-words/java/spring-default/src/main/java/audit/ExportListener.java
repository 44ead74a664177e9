package audit;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

// The ack mode is set on the annotation; the project has no acknowledge-mode of its own.
@Component
public class ExportListener {
    @RabbitListener(queues = "audit.export", ackMode = "MANUAL")
    public void export(AuditBatch batch, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws Exception {
        if (batch.isEmpty()) {
            System.out.println("nothing to export");
        } else {
            Exports.write(batch);
            channel.basicAck(tag, false);
        }
    }

    @RabbitListener(queues = "audit.purge", ackMode = "MANUAL")
    public void purge(PurgeRequest request, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws Exception {
        try {
            AuditLog.purgeBefore(request.cutoff());
        } finally {
            channel.basicAck(tag, false);
        }
    }
}
