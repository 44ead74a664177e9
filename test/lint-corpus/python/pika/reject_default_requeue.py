import json
import logging

import pika
from jsonschema import ValidationError, validate

from geo import store_position

log = logging.getLogger(__name__)

SCHEMA = {"type": "object", "required": ["device", "lat", "lng"]}


def on_position(channel, method, properties, body):
    try:
        data = json.loads(body)
        validate(data, SCHEMA)
    except (ValueError, ValidationError):
        log.warning("invalid position payload")
        channel.basic_reject(delivery_tag=method.delivery_tag)
        return
    try:
        store_position(data["device"], data["lat"], data["lng"])
    except ConnectionError:
        channel.basic_nack(delivery_tag=method.delivery_tag)
        return
    channel.basic_ack(delivery_tag=method.delivery_tag)


connection = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
channel = connection.channel()
channel.queue_declare(queue="positions", durable=True)
channel.basic_consume(queue="positions", on_message_callback=on_position)
channel.start_consuming()
