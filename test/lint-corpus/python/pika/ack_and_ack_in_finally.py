import json
import logging

import pika

from thumbnails import render

log = logging.getLogger(__name__)


def on_request(ch, method, props, body):
    try:
        job = json.loads(body)
        render(job["image"], job["sizes"])
        ch.basic_ack(delivery_tag=method.delivery_tag)
    except Exception:
        log.exception("render failed")
    finally:
        ch.basic_ack(delivery_tag=method.delivery_tag)


conn = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
channel = conn.channel()
channel.queue_declare(queue="thumbnails", durable=True)
channel.basic_consume(queue="thumbnails", on_message_callback=on_request)
channel.start_consuming()
