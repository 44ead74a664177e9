import logging
import socket

import requests
from kombu import Connection, Consumer, Queue

log = logging.getLogger(__name__)
queue = Queue('slack.notify', durable=True)


def notify(body, message):
    try:
        requests.post(body['webhook'], json={'text': body['text']}, timeout=3).raise_for_status()
    except requests.RequestException:
        log.warning('slack unavailable, requeueing')
        message.requeue()
        return
    message.ack()


with Connection('amqp://localhost//') as conn:
    with Consumer(conn, queues=[queue], callbacks=[notify], accept=['json']):
        while True:
            try:
                conn.drain_events(timeout=2)
            except socket.timeout:
                pass
