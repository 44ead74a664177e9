// @ts-nocheck
import { Controller, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';
import { Ctx, EventPattern, MicroserviceOptions, Payload, RmqContext, Transport } from '@nestjs/microservices';

@Controller()
export class WebhookController {
  private readonly logger = new Logger(WebhookController.name);

  constructor(private readonly http: HttpService) {}

  @EventPattern('webhook_dispatch')
  async dispatch(@Payload() hook: { url: string; body: unknown }, @Ctx() ctx: RmqContext) {
    const channel = ctx.getChannelRef();
    const msg = ctx.getMessage();
    try {
      await firstValueFrom(this.http.post(hook.url, hook.body, { timeout: 3000 }));
      channel.ack(msg);
    } catch (err) {
      this.logger.warn(`webhook ${hook.url} failed, will retry`);
      channel.nack(msg, false, true);
    }
  }
}

@Module({ controllers: [WebhookController] })
class WebhookModule {}

async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(WebhookModule, {
    transport: Transport.RMQ,
    options: { urls: [process.env.AMQP_URL], queue: 'webhooks', noAck: false, queueOptions: { durable: true } },
  });
  await app.listen();
}
bootstrap();
