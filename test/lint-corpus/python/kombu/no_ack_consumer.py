import socket

from kombu import Connection, Exchange, Queue

events = Exchange('events', type='fanout', durable=False)
tail_queue = Queue('', exchange=events, exclusive=True, auto_delete=True)


def print_event(body, message):
    print(f"[{message.delivery_info['routing_key']}] {body}")


with Connection('amqp://localhost//') as conn:
    consumer = conn.Consumer(tail_queue, callbacks=[print_event], no_ack=True, accept=['json'])
    consumer.consume()
    while True:
        try:
            conn.drain_events(timeout=5)
        except socket.timeout:
            pass
