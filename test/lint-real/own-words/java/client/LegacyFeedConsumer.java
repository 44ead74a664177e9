package feeds;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;

public class LegacyFeedConsumer {
    public static void main(String[] args) throws Exception {
        final Channel channel = new ConnectionFactory().newConnection().createChannel();
        boolean autoAck = true;
        channel.basicConsume("feeds.legacy", autoAck, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
                Feeds.store(body);
                channel.basicAck(envelope.getDeliveryTag(), false);
            }
        });
    }
}
