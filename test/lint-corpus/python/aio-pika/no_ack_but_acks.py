import asyncio
import json
import logging

import aio_pika

log = logging.getLogger(__name__)


async def on_tick(message: aio_pika.abc.AbstractIncomingMessage) -> None:
    tick = json.loads(message.body)
    log.info("%s: %s", tick["symbol"], tick["price"])
    await message.ack()


async def main() -> None:
    connection = await aio_pika.connect_robust("amqp://localhost/")
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue("ticks.audit", durable=True)
        await queue.consume(on_tick, no_ack=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
