from kombu import Connection, Exchange, Queue, Consumer
import socket

media_exchange = Exchange('media', 'direct', durable=True)
video_queue = Queue('video', exchange=media_exchange, routing_key='video')


def process_media(body, message):
    print(body)
    message.ack()


with Connection('amqp://guest:guest@localhost//') as conn:
    with Consumer(conn, queues=[video_queue], callbacks=[process_media], accept=['json']):
        while True:
            try:
                conn.drain_events(timeout=1)
            except socket.timeout:
                conn.heartbeat_check()
