import asyncio
import json
import logging

import aio_pika
import httpx
from aio_pika.abc import AbstractIncomingMessage

log = logging.getLogger(__name__)
client = httpx.AsyncClient(timeout=5.0)


async def on_callback(message: AbstractIncomingMessage) -> None:
    job = json.loads(message.body)
    try:
        response = await client.post(job["url"], json=job["payload"])
        response.raise_for_status()
    except httpx.HTTPError as exc:
        log.warning("callback %s failed: %s", job["url"], exc)
        await message.nack(requeue=True)
        return
    await message.ack()


async def main() -> None:
    connection = await aio_pika.connect_robust("amqp://localhost/")
    channel = await connection.channel()
    await channel.set_qos(prefetch_count=32)
    queue = await channel.declare_queue("callbacks", durable=True)
    await queue.consume(on_callback)
    await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
