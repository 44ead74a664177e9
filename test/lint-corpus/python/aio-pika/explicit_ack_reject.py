import asyncio
import json
import logging

import aio_pika
from aio_pika.abc import AbstractIncomingMessage
from pydantic import BaseModel, ValidationError

from .mailer import send_mail

log = logging.getLogger("mail-worker")


class Mail(BaseModel):
    to: str
    subject: str
    text: str


async def handle(message: AbstractIncomingMessage) -> None:
    try:
        mail = Mail.model_validate_json(message.body)
    except ValidationError as exc:
        log.error("invalid mail payload: %s", exc)
        await message.reject(requeue=False)
        return
    try:
        await send_mail(mail.to, mail.subject, mail.text)
    except OSError:
        log.exception("smtp failure")
        await message.nack(requeue=False)
    else:
        await message.ack()


async def main() -> None:
    connection = await aio_pika.connect_robust("amqp://rabbitmq/")
    channel = await connection.channel()
    queue = await channel.declare_queue("mail.outbound", durable=True)
    await queue.consume(handle, no_ack=False)
    try:
        await asyncio.Future()
    finally:
        await connection.close()


if __name__ == "__main__":
    asyncio.run(main())
