package coupons;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

public class CouponRedeemer {
    public static void main(String[] args) throws Exception {
        Channel channel = new ConnectionFactory().newConnection().createChannel();
        channel.basicConsume("coupons.redeem", false, (consumerTag, delivery) -> {
            long tag = delivery.getEnvelope().getDeliveryTag();
            try {
                Coupons.redeem(new String(delivery.getBody(), "UTF-8"));
            } catch (CouponExpiredException e) {
                channel.basicNack(tag, false, false);
            }
            channel.basicAck(tag, false);
        }, consumerTag -> { });
    }
}
