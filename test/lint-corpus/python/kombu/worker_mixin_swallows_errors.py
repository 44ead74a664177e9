"""Task worker built on kombu's ConsumerMixin; failures are only logged."""
import logging

from kombu import Connection, Exchange, Queue
from kombu.mixins import ConsumerMixin

from tasks import run_task

logger = logging.getLogger(__name__)

task_queue = Queue('tasks', Exchange('tasks', type='direct'), routing_key='tasks')


class Worker(ConsumerMixin):

    def __init__(self, connection):
        self.connection = connection

    def get_consumers(self, Consumer, channel):
        return [Consumer(queues=[task_queue], accept=['json'], callbacks=[self.on_task])]

    def on_task(self, body, message):
        try:
            run_task(body['fun'], body['args'])
            message.ack()
        except Exception as exc:
            logger.error('task %s failed: %s', body.get('fun'), exc)


if __name__ == '__main__':
    with Connection('amqp://localhost//') as conn:
        Worker(conn).run()
