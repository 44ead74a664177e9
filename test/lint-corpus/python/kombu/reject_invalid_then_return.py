import logging
import socket

from kombu import Connection, Consumer, Exchange, Queue

from shop.orders import fulfil

log = logging.getLogger(__name__)

orders = Queue(
    'orders.fulfil',
    Exchange('orders', type='direct'),
    routing_key='fulfil',
    queue_arguments={'x-dead-letter-exchange': 'orders.dlx'},
)


def on_order(body, message):
    if 'order_id' not in body:
        log.error('order message without id: %r', body)
        message.reject()
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
