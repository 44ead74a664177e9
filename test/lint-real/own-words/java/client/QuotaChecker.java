package quotas;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

public class QuotaChecker {
    public static void main(String[] args) throws Exception {
        Channel channel = new ConnectionFactory().newConnection().createChannel();
        channel.basicConsume("quotas.check", false, (consumerTag, delivery) -> {
            long tag = delivery.getEnvelope().getDeliveryTag();
            Usage usage = Usage.parse(delivery.getBody());
            if (usage.overLimit()) {
                if (usage.account().isPremium()) {
                    Notices.warn(usage.account());
                    channel.basicAck(tag, false);
                } else {
                    Accounts.suspend(usage.account());
                }
            } else {
                channel.basicAck(tag, false);
            }
        }, consumerTag -> { });
    }
}
