import asyncio
import json
import logging

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from .pdf import render_invoice

log = logging.getLogger(__name__)


async def on_invoice(message: AbstractIncomingMessage) -> None:
    try:
        data = json.loads(message.body)
        await render_invoice(data["invoice_id"])
        await message.ack()
    except Exception:
        log.exception("invoice render failed")
    finally:
        await message.ack()


async def main() -> None:
    connection = await aio_pika.connect_robust("amqp://localhost/")
    channel = await connection.channel()
    queue = await channel.declare_queue("invoices.render", durable=True)
    await queue.consume(on_invoice)
    await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
