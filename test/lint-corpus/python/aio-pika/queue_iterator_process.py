import asyncio
import logging

import aio_pika

log = logging.getLogger(__name__)


async def main() -> None:
    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1/")
    queue_name = "test_queue"

    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=10)
        queue = await channel.declare_queue(queue_name, auto_delete=True)

        async with queue.iterator() as queue_iter:
            async for message in queue_iter:
                async with message.process():
                    log.info("received %r", message.body)
                    if queue.name in message.body.decode():
                        break


if __name__ == "__main__":
    asyncio.run(main())
