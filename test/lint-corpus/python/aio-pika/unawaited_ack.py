import asyncio
import json
import logging

import aio_pika

from .index import index_document

log = logging.getLogger(__name__)


async def on_document(message: aio_pika.abc.AbstractIncomingMessage) -> None:
    doc = json.loads(message.body)
    await index_document(doc)
    log.info("indexed %s", doc["id"])
    message.ack()


async def main() -> None:
    connection = await aio_pika.connect_robust("amqp://guest:guest@localhost/")
    channel = await connection.channel()
    await channel.set_qos(prefetch_count=16)
    queue = await channel.declare_queue("documents.index", durable=True)
    await queue.consume(on_document)
    await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
