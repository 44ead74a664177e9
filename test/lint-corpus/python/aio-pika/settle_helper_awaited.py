import asyncio
import json
import logging
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

log = logging.getLogger(__name__)


@dataclass
class Result:
    ok: bool
    reason: str = ""


async def settle(message: AbstractIncomingMessage, result: Result) -> None:
    if result.ok:
        await message.ack()
    else:
        log.warning("dropping %s: %s", message.message_id, result.reason)
        await message.reject(requeue=False)


async def process(payload: dict) -> Result:
    if "sku" not in payload:
        return Result(False, "missing sku")
    return Result(True)


async def on_message(message: AbstractIncomingMessage) -> None:
    result = await process(json.loads(message.body))
    await settle(message, result)


async def main() -> None:
    connection = await aio_pika.connect_robust("amqp://localhost/")
    channel = await connection.channel()
    queue = await channel.declare_queue("catalog.updates", durable=True)
    await queue.consume(on_message)
    await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
