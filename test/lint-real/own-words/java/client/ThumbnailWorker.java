package media.thumbs;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;

// Three-argument basicConsume(queue, deliverCallback, cancelCallback): autoAck is false (manual).
public class ThumbnailWorker {
    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        Connection connection = factory.newConnection();
        Channel channel = connection.createChannel();
        channel.basicQos(4);
        DeliverCallback onDelivery = (consumerTag, delivery) -> {
            String path = new String(delivery.getBody(), "UTF-8");
            try {
                Thumbnails.render(path, 256);
                channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
            } catch (RenderException e) {
                System.err.println("could not render " + path + ": " + e.getMessage());
            }
        };
        channel.basicConsume("thumbnails", onDelivery, consumerTag -> { });
    }
}
