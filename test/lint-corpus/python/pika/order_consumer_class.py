"""Order consumer: stores orders, dead-letters the ones it cannot parse."""
import json
import logging

import pika
from pika.adapters.blocking_connection import BlockingChannel
from pika.spec import Basic, BasicProperties

from orders.repository import OrderRepository, DuplicateOrder

LOGGER = logging.getLogger(__name__)


class OrderConsumer:
    QUEUE = "orders.created"

    def __init__(self, amqp_url: str, repo: OrderRepository) -> None:
        self._params = pika.URLParameters(amqp_url)
        self._repo = repo
        self._connection = None
        self._channel = None

    def run(self) -> None:
        self._connection = pika.BlockingConnection(self._params)
        self._channel = self._connection.channel()
        self._channel.queue_declare(
            queue=self.QUEUE,
            durable=True,
            arguments={"x-dead-letter-exchange": "orders.dlx"},
        )
        self._channel.basic_qos(prefetch_count=10)
        self._channel.basic_consume(queue=self.QUEUE, on_message_callback=self.on_message)
        LOGGER.info("consuming from %s", self.QUEUE)
        try:
            self._channel.start_consuming()
        finally:
            self._connection.close()

    def on_message(self, channel: BlockingChannel, method: Basic.Deliver,
                   properties: BasicProperties, body: bytes) -> None:
        try:
            order = json.loads(body)
            self._repo.insert(order)
        except DuplicateOrder:
            LOGGER.info("order already stored, acking")
            channel.basic_ack(delivery_tag=method.delivery_tag)
        except (ValueError, KeyError) as exc:
            LOGGER.error("bad order payload: %s", exc)
            channel.basic_nack(delivery_tag=method.delivery_tag, requeue=False)
        else:
            channel.basic_ack(delivery_tag=method.delivery_tag)
