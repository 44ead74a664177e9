import asyncio
import json
import logging

import aio_pika
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection

log = logging.getLogger(__name__)


class ScoringWorker:
    def __init__(self, connection: AbstractRobustConnection, model) -> None:
        self.connection = connection
        self.model = model

    async def start(self) -> None:
        channel = await self.connection.channel()
        await channel.set_qos(prefetch_count=8)
        queue = await channel.declare_queue("scoring.requests", durable=True)
        await queue.consume(self.on_request)

    async def on_request(self, message: AbstractIncomingMessage) -> None:
        request = json.loads(message.body)
        try:
            score = await self.model.score(request["features"])
        except ValueError:
            log.warning("cannot score request %s", request.get("id"))
            message.nack(requeue=False)
            return
        log.info("request %s scored %.3f", request["id"], score)
        await message.ack()


async def main() -> None:
    from .model import load_model

    connection = await aio_pika.connect_robust("amqp://localhost/")
    await ScoringWorker(connection, load_model()).start()
    await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
