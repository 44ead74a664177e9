import asyncio
import json
import logging

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from .billing import charge, CardDeclined

log = logging.getLogger(__name__)


class ChargeConsumer:
    def __init__(self, url: str) -> None:
        self.url = url

    async def on_charge(self, message: AbstractIncomingMessage) -> None:
        request = json.loads(message.body)
        try:
            await charge(request["customer"], request["amount"])
        except CardDeclined:
            log.warning("card declined for %s", request["customer"])
            message.reject(requeue=False)
            return
        await message.ack()

    async def run(self) -> None:
        connection = await aio_pika.connect_robust(self.url)
        channel = await connection.channel()
        queue = await channel.declare_queue("billing.charges", durable=True)
        await queue.consume(self.on_charge)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(ChargeConsumer("amqp://localhost/").run())
