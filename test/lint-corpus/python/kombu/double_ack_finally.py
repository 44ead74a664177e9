import logging
import socket

from kombu import Connection, Consumer, Queue

from reports import build_report

log = logging.getLogger(__name__)
report_queue = Queue('reports', durable=True)


def on_report(body, message):
    try:
        build_report(body['report_id'])
        message.ack()
    except Exception:
        log.exception('report %s failed', body.get('report_id'))
    finally:
        message.ack()


with Connection('amqp://localhost//') as conn:
    with Consumer(conn, queues=[report_queue], callbacks=[on_report], accept=['json']):
        while True:
            try:
                conn.drain_events(timeout=2)
            except socket.timeout:
                pass
