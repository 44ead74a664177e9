// @ts-nocheck
import { Controller, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MicroserviceOptions, Payload, RmqContext, Transport } from '@nestjs/microservices';
import { MailerService } from './mailer.service';

@Controller()
export class NotificationsController {
  private readonly logger = new Logger(NotificationsController.name);

  constructor(private readonly mailer: MailerService) {}

  @EventPattern('password_reset_requested')
  async passwordReset(@Payload() data: { email: string; token: string }, @Ctx() ctx: RmqContext) {
    try {
      await this.mailer.sendReset(data.email, data.token);
      this.settle(ctx, true);
    } catch (err) {
      this.logger.error('reset mail failed', err);
      this.settle(ctx, false);
    }
  }

  @EventPattern('newsletter_signup')
  async newsletter(@Payload() data: { email: string }, @Ctx() ctx: RmqContext) {
    await this.mailer.subscribe(data.email);
    this.settle(ctx, true);
  }

  private settle(ctx: RmqContext, ok: boolean): void {
    const channel = ctx.getChannelRef();
    const message = ctx.getMessage();
    if (ok) {
      channel.ack(message);
    } else {
      channel.nack(message, false, false);
    }
  }
}

@Module({ controllers: [NotificationsController], providers: [MailerService] })
class NotificationsModule {}

async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(NotificationsModule, {
    transport: Transport.RMQ,
    options: {
      urls: [process.env.AMQP_URL],
      queue: 'notifications',
      noAck: false,
      queueOptions: { durable: true, arguments: { 'x-dead-letter-exchange': 'notifications.dlx' } },
    },
  });
  await app.listen();
}
bootstrap();
