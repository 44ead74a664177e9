// @ts-nocheck
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MicroserviceOptions, Payload, RmqContext, Transport } from '@nestjs/microservices';
import { BillingService } from './billing.service';

@Controller()
export class BillingController {
  constructor(private readonly billing: BillingService) {}

  @EventPattern('subscription_renewed')
  async renew(@Payload() data: { subscriptionId: string }, @Ctx() context: RmqContext) {
    await this.billing.charge(data.subscriptionId);
    const channel = context.getChannelRef();
    channel.ack(context.getMessage());
  }
}

@Module({ controllers: [BillingController], providers: [BillingService] })
class BillingModule {}

async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(BillingModule, {
    transport: Transport.RMQ,
    options: {
      urls: [process.env.AMQP_URL],
      queue: 'billing_queue',
      queueOptions: { durable: true },
    },
  });
  await app.listen();
}
bootstrap();
