package reports;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

public class ReportExporter {
    public static void main(String[] args) throws Exception {
        Channel channel = new ConnectionFactory().newConnection().createChannel();
        channel.basicConsume("reports.export", (tag, delivery) -> {
            long deliveryTag = delivery.getEnvelope().getDeliveryTag();
            try {
                Exporter.export(new String(delivery.getBody(), "UTF-8"));
            } catch (Exception e) {
                System.err.println("export failed: " + e);
            } finally {
                channel.basicAck(deliveryTag, false);
            }
        }, tag -> System.out.println("cancelled " + tag));
    }
}
