"""Drain a queue with pika's generator API; test records are skipped."""
import json
import logging

import pika

log = logging.getLogger(__name__)


def drain(queue: str) -> int:
    connection = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
    channel = connection.channel()
    handled = 0
    for method, properties, body in channel.consume(queue, inactivity_timeout=2):
        if method is None:
            break
        record = json.loads(body)
        if record.get("test"):
            log.debug("skipping test record %s", record["id"])
            continue
        log.info("exporting %s", record["id"])
        channel.basic_ack(method.delivery_tag)
        handled += 1
    channel.cancel()
    connection.close()
    return handled


if __name__ == "__main__":
    print(drain("exports"))
