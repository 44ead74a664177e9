import asyncio
import json
import logging

import aio_pika

log = logging.getLogger(__name__)


async def consume_refunds(url: str, refunds) -> None:
    connection = await aio_pika.connect_robust(url)
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=5)
        queue = await channel.declare_queue(
            "refunds",
            durable=True,
            arguments={"x-dead-letter-exchange": "refunds.dlx"},
        )
        async with queue.iterator() as it:
            async for message in it:
                try:
                    refund = json.loads(message.body)
                    await refunds.issue(refund["order_id"], refund["amount"])
                except (KeyError, ValueError) as exc:
                    log.error("bad refund message: %s", exc)
                    await message.reject(requeue=False)
                    continue
                await message.ack()


if __name__ == "__main__":
    from .refunds import RefundService

    asyncio.run(consume_refunds("amqp://localhost/", RefundService()))
