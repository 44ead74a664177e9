"""Two queues, two callbacks, one ConsumerMixin."""
import logging

from kombu import Connection, Exchange, Queue
from kombu.mixins import ConsumerMixin

log = logging.getLogger(__name__)

users = Exchange('users', type='topic', durable=True)
created_q = Queue('crm.users.created', users, routing_key='user.created', durable=True)
deleted_q = Queue('crm.users.deleted', users, routing_key='user.deleted', durable=True)


class CrmSync(ConsumerMixin):
    def __init__(self, connection, crm):
        self.connection = connection
        self.crm = crm

    def get_consumers(self, Consumer, channel):
        return [
            Consumer(queues=[created_q], callbacks=[self.on_created], accept=['json']),
            Consumer(queues=[deleted_q], callbacks=[self.on_deleted], accept=['json']),
        ]

    def on_created(self, body, message):
        try:
            self.crm.create_contact(body['id'], body['email'])
        except KeyError:
            log.error('user.created without id/email: %r', body)
            message.reject()
            return
        message.ack()

    def on_deleted(self, body, message):
        self.crm.delete_contact(body['id'])
        message.ack()


if __name__ == '__main__':
    from crm import Client

    with Connection('amqp://localhost//') as conn:
        CrmSync(conn, Client()).run()
