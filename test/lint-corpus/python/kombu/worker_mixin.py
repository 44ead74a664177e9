"""Task worker built on kombu's ConsumerMixin."""
import logging

from kombu import Connection, Exchange, Queue
from kombu.mixins import ConsumerMixin

from tasks import run_task, UnknownTask

logger = logging.getLogger(__name__)

task_exchange = Exchange('tasks', type='direct')
task_queues = [
    Queue('hipri', task_exchange, routing_key='hipri'),
    Queue('midpri', task_exchange, routing_key='midpri'),
    Queue('lopri', task_exchange, routing_key='lopri'),
]


class Worker(ConsumerMixin):

    def __init__(self, connection):
        self.connection = connection

    def get_consumers(self, Consumer, channel):
        return [Consumer(queues=task_queues,
                         accept=['json'],
                         callbacks=[self.process_task])]

    def process_task(self, body, message):
        try:
            run_task(body['fun'], body['args'], body.get('kwargs', {}))
        except UnknownTask:
            logger.error('unknown task %r', body.get('fun'))
            message.reject(requeue=False)
        except Exception:
            logger.exception('task raised')
            message.reject(requeue=False)
        else:
            message.ack()


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO)
    with Connection('amqp://guest:guest@localhost:5672//') as conn:
        try:
            Worker(conn).run()
        except KeyboardInterrupt:
            print('bye bye')
