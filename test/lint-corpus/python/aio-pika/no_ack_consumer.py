import asyncio
import json

import aio_pika


async def on_tick(message: aio_pika.abc.AbstractIncomingMessage) -> None:
    tick = json.loads(message.body)
    print(f"{tick['symbol']}: {tick['price']}")


async def main() -> None:
    connection = await aio_pika.connect_robust("amqp://localhost/")
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange("ticks", aio_pika.ExchangeType.FANOUT)
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(exchange)
        await queue.consume(on_tick, no_ack=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
