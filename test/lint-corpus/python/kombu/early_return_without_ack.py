import logging
import socket

from kombu import Connection, Consumer, Queue

from shop.orders import fulfil, is_cancelled

log = logging.getLogger(__name__)
orders = Queue('orders.fulfil', durable=True)


def on_order(body, message):
    if is_cancelled(body['order_id']):
        log.info('order %s was cancelled, skipping', body['order_id'])
        return
    fulfil(body['order_id'])
    message.ack()


def main():
    with Connection('amqp://localhost//') as conn:
        with Consumer(conn, queues=[orders], callbacks=[on_order], accept=['json']):
            while True:
                try:
                    conn.drain_events(timeout=2)
                except socket.timeout:
                    conn.heartbeat_check()


if __name__ == '__main__':
    main()
