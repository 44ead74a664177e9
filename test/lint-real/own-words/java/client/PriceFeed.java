package prices;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

public class PriceFeed {
    public static void main(String[] args) throws Exception {
        Channel channel = new ConnectionFactory().newConnection().createChannel();
        channel.basicConsume("prices", false, (consumerTag, delivery) -> {
            long tag = delivery.getEnvelope().getDeliveryTag();
            Quote quote = Quote.parse(delivery.getBody());
            if (quote.isStale()) {
                channel.basicReject(tag, false);
            } else {
                Board.update(quote);
                channel.basicAck(tag, false);
            }
        }, consumerTag -> { });
    }
}
