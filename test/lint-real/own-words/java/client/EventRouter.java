package routing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

public class EventRouter {
    public static void main(String[] args) throws Exception {
        Channel channel = new ConnectionFactory().newConnection().createChannel();
        channel.basicConsume("events.inbound", false, (consumerTag, delivery) -> {
            long tag = delivery.getEnvelope().getDeliveryTag();
            String type = String.valueOf(delivery.getProperties().getType());
            switch (type) {
                case "user":
                    Users.handle(delivery.getBody());
                    channel.basicAck(tag, false);
                    break;
                case "order":
                    Orders.handle(delivery.getBody());
                    channel.basicAck(tag, false);
                    break;
                default:
                    System.err.println("no route for " + type);
                    break;
            }
        }, consumerTag -> { });
    }
}
