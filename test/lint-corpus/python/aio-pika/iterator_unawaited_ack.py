import asyncio
import json
import logging

import aio_pika

log = logging.getLogger(__name__)


async def sync_stock(url: str, warehouse) -> None:
    connection = await aio_pika.connect_robust(url)
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=20)
        queue = await channel.declare_queue("stock.levels", durable=True)
        async with queue.iterator() as it:
            async for message in it:
                level = json.loads(message.body)
                await warehouse.set_level(level["sku"], level["qty"])
                log.debug("stock %s = %s", level["sku"], level["qty"])
                message.ack()


if __name__ == "__main__":
    from .warehouse import Warehouse

    asyncio.run(sync_stock("amqp://localhost/", Warehouse()))
