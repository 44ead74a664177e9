"""Batch consumer: acks every 100 messages with multiple=True."""
import logging

import pika

log = logging.getLogger(__name__)
BATCH = 100


class BatchConsumer:
    def __init__(self, url: str) -> None:
        self.connection = pika.BlockingConnection(pika.URLParameters(url))
        self.channel = self.connection.channel()
        self.count = 0

    def on_message(self, ch, method, properties, body):
        self.count += 1
        if self.count % BATCH == 0:
            ch.basic_ack(delivery_tag=method.delivery_tag, multiple=True)

    def run(self) -> None:
        self.channel.basic_qos(prefetch_count=BATCH * 2)
        # acklab-disable-next-line missing-ack
        self.channel.basic_consume(queue="clickstream", on_message_callback=self.on_message)
        self.channel.start_consuming()


if __name__ == "__main__":
    BatchConsumer("amqp://localhost").run()
