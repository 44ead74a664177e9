package audit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;

public class AuditTrailConsumer extends DefaultConsumer {
    public AuditTrailConsumer(Channel channel) {
        super(channel);
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
        if (body.length == 0) {
            System.err.println("empty audit record, ignored");
            return;
        }
        AuditStore.append(body);
        getChannel().basicAck(envelope.getDeliveryTag(), false);
    }

    public static void main(String[] args) throws Exception {
        Channel channel = new ConnectionFactory().newConnection().createChannel();
        channel.basicConsume("audit.trail", false, new AuditTrailConsumer(channel));
    }
}
