import json
import logging

import pika

log = logging.getLogger(__name__)

connection = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
consume_channel = connection.channel()
publish_channel = connection.channel()
publish_channel.confirm_delivery()

consume_channel.queue_declare("raw.events", durable=True)
publish_channel.exchange_declare("clean.events", exchange_type="topic", durable=True)


def on_raw(ch, method, properties, body):
    event = json.loads(body)
    event["normalized"] = True
    publish_channel.basic_publish("clean.events", event["type"], json.dumps(event))
    publish_channel.basic_ack(delivery_tag=method.delivery_tag)


consume_channel.basic_consume("raw.events", on_raw)
consume_channel.start_consuming()
