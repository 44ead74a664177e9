package ops.metrics;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;

public class MetricsTap {
    public static void main(String[] args) throws Exception {
        Channel channel = new ConnectionFactory().newConnection().createChannel();
        DeliverCallback print = (consumerTag, delivery) -> {
            System.out.println(new String(delivery.getBody(), "UTF-8"));
            channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        };
        channel.basicConsume("metrics.tap", true, print, consumerTag -> { });
    }
}
