import json
import logging

import pika

log = logging.getLogger(__name__)


def on_metric(ch, method, properties, body):
    metric = json.loads(body)
    log.debug("metric %s=%s", metric["name"], metric["value"])
    ch.basic_ack(delivery_tag=method.delivery_tag)


def main():
    params = pika.URLParameters("amqp://guest:guest@localhost:5672/%2F")
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    channel.queue_declare(queue="metrics", durable=False)
    channel.basic_consume(queue="metrics", on_message_callback=on_metric, auto_ack=True)
    channel.start_consuming()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
