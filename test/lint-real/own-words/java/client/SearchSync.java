package search;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

public class SearchSync {
    public static void main(String[] args) throws Exception {
        Channel channel = new ConnectionFactory().newConnection().createChannel();
        channel.basicQos(20);
        channel.basicConsume("search.sync", false, (consumerTag, delivery) -> {
            long tag = delivery.getEnvelope().getDeliveryTag();
            try {
                SearchIndex.upsert(delivery.getBody());
                channel.basicAck(tag, false);
            } catch (IndexUnavailableException e) {
                channel.basicReject(tag, true);
            } catch (RuntimeException e) {
                System.err.println("sync failed: " + e);
                channel.basicReject(tag, true);
            }
        }, consumerTag -> { });
    }
}
