package media;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

@Component
public class TranscodeListener {
    @RabbitListener(queues = "media.transcode", containerFactory = "manualAckFactory")
    public void transcode(TranscodeJob job, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws Exception {
        switch (job.format()) {
            case "mp4":
                Transcoder.toMp4(job);
                channel.basicAck(tag, false);
                break;
            case "webm":
                Transcoder.toWebm(job);
                channel.basicAck(tag, false);
                break;
            default:
                System.err.println("unsupported format " + job.format());
        }
    }

    @RabbitListener(queues = "media.probe", containerFactory = "manualAckFactory")
    public void probe(ProbeJob job, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws Exception {
        try {
            Prober.probe(job);
            channel.basicAck(tag, false);
        } catch (Exception e) {
            channel.basicReject(tag, false);
        }
    }
}
