import asyncio
import json
import logging

import aio_pika

log = logging.getLogger(__name__)


async def export_events(url: str) -> None:
    connection = await aio_pika.connect_robust(url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue("events.export", durable=True)
        async with queue.iterator() as it:
            async for message in it:
                event = json.loads(message.body)
                if event.get("internal"):
                    log.debug("not exporting internal event %s", event["id"])
                    continue
                log.info("exporting %s", event["id"])
                await message.ack()


if __name__ == "__main__":
    asyncio.run(export_events("amqp://localhost/"))
