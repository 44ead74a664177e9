import asyncio
import json
import logging

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

log = logging.getLogger(__name__)


async def on_upload(message: AbstractIncomingMessage) -> None:
    # ignore_processed=True: the context manager only acks when the body
    # did not settle the message itself.
    async with message.process(ignore_processed=True):
        upload = json.loads(message.body)
        if upload.get("size", 0) > 50 * 1024 * 1024:
            log.warning("upload %s too large, rejecting", upload.get("id"))
            await message.reject(requeue=False)
            return
        log.info("scanning upload %s", upload["id"])


async def main() -> None:
    connection = await aio_pika.connect_robust("amqp://localhost/")
    channel = await connection.channel()
    queue = await channel.declare_queue(
        "uploads.scan",
        durable=True,
        arguments={"x-dead-letter-exchange": "uploads.dlx"},
    )
    await queue.consume(on_upload)
    await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
