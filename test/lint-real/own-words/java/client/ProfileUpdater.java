package profiles;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

public class ProfileUpdater {
    public static void main(String[] args) throws Exception {
        Channel channel = new ConnectionFactory().newConnection().createChannel();
        channel.basicConsume("profiles.update", false, (consumerTag, delivery) -> {
            long tag = delivery.getEnvelope().getDeliveryTag();
            ProfileChange change;
            try {
                change = ProfileChange.parse(delivery.getBody());
            } catch (IllegalArgumentException e) {
                System.err.println("unparseable profile change: " + e.getMessage());
                return;
            }
            Profiles.apply(change);
            channel.basicAck(tag, false);
        }, consumerTag -> { });
    }
}
