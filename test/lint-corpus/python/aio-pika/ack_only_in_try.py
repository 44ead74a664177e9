import asyncio
import json
import logging

import aio_pika

from .crm import push_contact

log = logging.getLogger(__name__)


async def on_contact(message: aio_pika.IncomingMessage) -> None:
    try:
        contact = json.loads(message.body)
        await push_contact(contact)
        await message.ack()
    except Exception:
        log.exception("crm push failed")


async def main() -> None:
    connection = await aio_pika.connect_robust("amqp://rabbitmq/")
    channel = await connection.channel()
    queue = await channel.declare_queue("crm.contacts", durable=True)
    await queue.consume(on_contact)
    await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
