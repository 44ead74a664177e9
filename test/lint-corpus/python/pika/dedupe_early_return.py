import json
import logging

import pika
import redis

log = logging.getLogger(__name__)
cache = redis.Redis(host="redis", port=6379)


def on_event(ch, method, properties, body):
    event_id = properties.message_id
    if event_id and cache.get(f"seen:{event_id}"):
        log.info("duplicate event %s", event_id)
        return
    event = json.loads(body)
    log.info("processing %s", event["type"])
    cache.set(f"seen:{event_id}", 1, ex=3600)
    ch.basic_ack(method.delivery_tag)


def main():
    conn = pika.BlockingConnection(pika.URLParameters("amqp://rabbitmq"))
    ch = conn.channel()
    ch.queue_declare("events", durable=True)
    ch.basic_consume("events", on_event)
    ch.start_consuming()


if __name__ == "__main__":
    main()
