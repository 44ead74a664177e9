package media.resize;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

// The delivery is handed to a worker pool; the worker settles it on the consuming channel.
public class ResizePool {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);

    public static void main(String[] args) throws Exception {
        Channel channel = new ConnectionFactory().newConnection().createChannel();
        channel.basicQos(8);
        channel.basicConsume("images.resize", false, (consumerTag, delivery) -> POOL.submit(() -> resize(channel, delivery)), consumerTag -> { });
    }

    private static void resize(Channel channel, Delivery delivery) {
        long tag = delivery.getEnvelope().getDeliveryTag();
        try {
            Images.resize(delivery.getBody());
            channel.basicAck(tag, false);
        } catch (Exception e) {
            try {
                channel.basicReject(tag, false);
            } catch (java.io.IOException io) {
                System.err.println("could not reject: " + io);
            }
        }
    }
}
