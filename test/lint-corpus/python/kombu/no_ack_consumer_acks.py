import logging
import socket

from kombu import Connection, Exchange, Queue

log = logging.getLogger(__name__)

events = Exchange('events', type='topic', durable=True)
audit_queue = Queue('audit', exchange=events, routing_key='#', durable=True)


def record(body, message):
    log.info('audit %s', body)
    message.ack()


with Connection('amqp://localhost//') as conn:
    with conn.Consumer(audit_queue, callbacks=[record], no_ack=True, accept=['json']):
        while True:
            try:
                conn.drain_events(timeout=5)
            except socket.timeout:
                conn.heartbeat_check()
