import json
import logging

import pika
import requests

log = logging.getLogger("webhooks")


def deliver(ch, method, properties, body):
    hook = json.loads(body)
    try:
        resp = requests.post(hook["url"], json=hook["payload"], timeout=5)
        resp.raise_for_status()
    except requests.RequestException as exc:
        log.warning("webhook to %s failed: %s; requeueing", hook["url"], exc)
        ch.basic_nack(delivery_tag=method.delivery_tag, requeue=True)
        return
    ch.basic_ack(delivery_tag=method.delivery_tag)


def main():
    connection = pika.BlockingConnection(pika.URLParameters("amqp://guest:guest@rabbitmq:5672/"))
    channel = connection.channel()
    channel.queue_declare(queue="webhooks", durable=True)
    channel.basic_qos(prefetch_count=20)
    channel.basic_consume(queue="webhooks", on_message_callback=deliver)
    channel.start_consuming()


if __name__ == "__main__":
    main()
