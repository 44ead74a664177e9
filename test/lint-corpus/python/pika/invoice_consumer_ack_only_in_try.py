import json
import logging

import pika

from billing import create_invoice

logger = logging.getLogger("invoices")


def handle_invoice(ch, method, properties, body):
    try:
        payload = json.loads(body)
        create_invoice(payload["customer_id"], payload["lines"])
        ch.basic_ack(delivery_tag=method.delivery_tag)
    except Exception:
        logger.exception("failed to create invoice")


connection = pika.BlockingConnection(pika.ConnectionParameters("rabbitmq"))
channel = connection.channel()
channel.queue_declare(queue="invoices", durable=True)
channel.basic_qos(prefetch_count=5)
channel.basic_consume(
    queue="invoices",
    on_message_callback=handle_invoice,
    auto_ack=False,
)
channel.start_consuming()
