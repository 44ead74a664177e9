import json
import logging

import pika

from thumbnails import render

log = logging.getLogger(__name__)


def on_request(ch, method, props, body):
    try:
        job = json.loads(body)
        render(job["image"], job["sizes"])
    except Exception:
        log.exception("render failed, dropping job")
    finally:
        ch.basic_ack(delivery_tag=method.delivery_tag)


conn = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
channel = conn.channel()
channel.queue_declare(queue="thumbnails", durable=True)
channel.basic_qos(prefetch_count=2)
channel.basic_consume(queue="thumbnails", on_message_callback=on_request)
channel.start_consuming()
