package relay;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

public class WebhookRelay {
    public static void main(String[] args) throws Exception {
        Channel channel = new ConnectionFactory().newConnection().createChannel();
        channel.queueDeclare("webhooks", true, false, false, null);
        channel.basicConsume("webhooks", false, (consumerTag, delivery) -> {
            long tag = delivery.getEnvelope().getDeliveryTag();
            boolean requeue = true;
            try {
                Http.post(new String(delivery.getBody(), "UTF-8"));
                channel.basicAck(tag, false);
            } catch (Exception e) {
                System.err.println("relay failed, retrying: " + e.getMessage());
                channel.basicNack(tag, false, requeue);
            }
        }, consumerTag -> { });
    }
}
