package archive;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

public class ArchiveBridge {
    public static void main(String[] args) throws Exception {
        Connection connection = new ConnectionFactory().newConnection();
        Channel consumeChannel = connection.createChannel();
        Channel publishChannel = connection.createChannel();
        publishChannel.confirmSelect();
        consumeChannel.basicConsume("archive.in", false, (consumerTag, delivery) -> {
            publishChannel.basicPublish("archive", "", null, delivery.getBody());
            publishChannel.waitForConfirmsOrDie(5000);
            publishChannel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        }, consumerTag -> { });
    }
}
