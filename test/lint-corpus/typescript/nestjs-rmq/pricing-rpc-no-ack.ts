// @ts-nocheck
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, MessagePattern, MicroserviceOptions, Payload, RmqContext, Transport } from '@nestjs/microservices';
import { PricingService } from './pricing.service';

@Controller()
export class PricingController {
  constructor(private readonly pricing: PricingService) {}

  @MessagePattern({ cmd: 'quote' })
  async quote(@Payload() req: { sku: string; qty: number }, @Ctx() context: RmqContext) {
    const price = await this.pricing.quote(req.sku, req.qty);
    return { sku: req.sku, qty: req.qty, price };
  }

  @MessagePattern({ cmd: 'ping' })
  ping(@Ctx() context: RmqContext) {
    context.getChannelRef().ack(context.getMessage());
    return 'pong';
  }
}

@Module({ controllers: [PricingController], providers: [PricingService] })
class PricingModule {}

async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(PricingModule, {
    transport: Transport.RMQ,
    options: { urls: ['amqp://rabbitmq:5672'], queue: 'pricing_rpc', noAck: false },
  });
  await app.listen();
}
bootstrap();
