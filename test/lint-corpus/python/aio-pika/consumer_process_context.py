import asyncio
import json
import logging

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from .store import save_reading

log = logging.getLogger(__name__)


async def on_message(message: AbstractIncomingMessage) -> None:
    async with message.process(requeue=False):
        reading = json.loads(message.body)
        await save_reading(reading["sensor"], reading["value"])
        log.info("stored reading from %s", reading["sensor"])


async def main() -> None:
    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1/")
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=50)
        queue = await channel.declare_queue(
            "sensors.readings",
            durable=True,
            arguments={"x-dead-letter-exchange": "sensors.dlx"},
        )
        await queue.consume(on_message)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
