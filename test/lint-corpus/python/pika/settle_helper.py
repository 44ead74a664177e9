import enum
import json
import logging

import pika

from payouts import PayoutError, send_payout

log = logging.getLogger(__name__)


class Outcome(enum.Enum):
    OK = "ok"
    DROP = "drop"


def settle(channel, delivery_tag, outcome):
    if outcome is Outcome.OK:
        channel.basic_ack(delivery_tag=delivery_tag)
    else:
        channel.basic_reject(delivery_tag=delivery_tag, requeue=False)


def on_payout(channel, method, properties, body):
    outcome = Outcome.OK
    try:
        send_payout(json.loads(body))
    except (PayoutError, ValueError):
        log.exception("payout failed")
        outcome = Outcome.DROP
    settle(channel, method.delivery_tag, outcome)


def main():
    connection = pika.BlockingConnection(pika.URLParameters("amqp://rabbitmq"))
    channel = connection.channel()
    channel.queue_declare("payouts", durable=True, arguments={"x-dead-letter-exchange": "payouts.dlx"})
    channel.basic_consume("payouts", on_payout)
    channel.start_consuming()


if __name__ == "__main__":
    main()
