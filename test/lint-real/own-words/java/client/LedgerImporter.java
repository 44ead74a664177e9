package ledger;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

public class LedgerImporter {
    public static void main(String[] args) throws Exception {
        Channel channel = new ConnectionFactory().newConnection().createChannel();
        channel.basicConsume("ledger.import", false, (consumerTag, delivery) -> {
            try {
                Ledger.apply(new String(delivery.getBody(), "UTF-8"));
                channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
            } catch (CorruptLedgerException e) {
                System.err.println("ledger corrupt, stopping the importer: " + e.getMessage());
                System.exit(2);
            }
        }, consumerTag -> { });
    }
}
