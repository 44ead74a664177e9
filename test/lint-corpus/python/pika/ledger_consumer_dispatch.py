"""Ledger consumer: dispatches on the message type header."""
from __future__ import annotations

import json
import logging
import signal
from decimal import Decimal
from typing import Callable

import pika
from pika.adapters.blocking_connection import BlockingChannel
from pika.spec import Basic, BasicProperties

from ledger import accounts
from ledger.errors import AccountFrozen, UnknownAccount

LOGGER = logging.getLogger("ledger.consumer")

QUEUE = "ledger.postings"


class LedgerConsumer:
    def __init__(self, url: str) -> None:
        self._params = pika.URLParameters(url)
        self._connection: pika.BlockingConnection | None = None
        self._channel: BlockingChannel | None = None
        self._handlers: dict[str, Callable[[BlockingChannel, Basic.Deliver, dict], None]] = {
            "credit": self._on_credit,
            "debit": self._on_debit,
            "adjustment": self._on_adjustment,
        }

    def start(self) -> None:
        self._connection = pika.BlockingConnection(self._params)
        self._channel = self._connection.channel()
        self._channel.queue_declare(
            queue=QUEUE,
            durable=True,
            arguments={"x-dead-letter-exchange": "ledger.dlx"},
        )
        self._channel.basic_qos(prefetch_count=1)
        self._channel.basic_consume(queue=QUEUE, on_message_callback=self._dispatch)
        signal.signal(signal.SIGTERM, lambda *_: self._channel.stop_consuming())
        LOGGER.info("ledger consumer ready")
        self._channel.start_consuming()
        self._connection.close()

    def _dispatch(self, ch: BlockingChannel, method: Basic.Deliver,
                  properties: BasicProperties, body: bytes) -> None:
        kind = (properties.headers or {}).get("type")
        handler = self._handlers.get(kind)
        if handler is None:
            LOGGER.error("unknown posting type %r", kind)
            ch.basic_reject(delivery_tag=method.delivery_tag, requeue=False)
            return
        try:
            posting = json.loads(body)
        except ValueError:
            LOGGER.error("posting is not JSON")
            ch.basic_reject(delivery_tag=method.delivery_tag, requeue=False)
            return
        handler(ch, method, posting)

    def _on_credit(self, ch: BlockingChannel, method: Basic.Deliver, posting: dict) -> None:
        try:
            accounts.credit(posting["account"], Decimal(posting["amount"]))
        except (UnknownAccount, AccountFrozen) as exc:
            LOGGER.warning("credit refused: %s", exc)
            ch.basic_nack(delivery_tag=method.delivery_tag, requeue=False)
            return
        ch.basic_ack(delivery_tag=method.delivery_tag)

    def _on_debit(self, ch: BlockingChannel, method: Basic.Deliver, posting: dict) -> None:
        try:
            accounts.debit(posting["account"], Decimal(posting["amount"]))
        except (UnknownAccount, AccountFrozen) as exc:
            LOGGER.warning("debit refused: %s", exc)
            ch.basic_nack(delivery_tag=method.delivery_tag, requeue=False)
            return
        ch.basic_ack(delivery_tag=method.delivery_tag)

    def _on_adjustment(self, ch: BlockingChannel, method: Basic.Deliver, posting: dict) -> None:
        amount = Decimal(posting["amount"])
        if abs(amount) > Decimal("10000"):
            LOGGER.warning("adjustment of %s needs manual approval", amount)
            accounts.queue_for_approval(posting)
            return
        accounts.adjust(posting["account"], amount)
        ch.basic_ack(delivery_tag=method.delivery_tag)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    LedgerConsumer("amqp://guest:guest@localhost:5672/%2F").start()


if __name__ == "__main__":
    main()
