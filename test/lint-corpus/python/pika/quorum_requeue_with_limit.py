import json
import logging

import pika

from search import reindex, SearchUnavailable

log = logging.getLogger(__name__)


def on_reindex(ch, method, properties, body):
    doc = json.loads(body)
    try:
        reindex(doc["id"])
    except SearchUnavailable:
        count = (properties.headers or {}).get("x-delivery-count", 0)
        log.warning("search down, requeueing %s (delivery %s)", doc["id"], count)
        ch.basic_nack(delivery_tag=method.delivery_tag, requeue=True)
    else:
        ch.basic_ack(delivery_tag=method.delivery_tag)


connection = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
channel = connection.channel()
channel.queue_declare(
    queue="search.reindex",
    durable=True,
    arguments={
        "x-queue-type": "quorum",
        "x-delivery-limit": 5,
        "x-dead-letter-exchange": "search.dlx",
    },
)
channel.basic_consume(queue="search.reindex", on_message_callback=on_reindex)
channel.start_consuming()
