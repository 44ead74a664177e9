// @ts-nocheck
import { Controller, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MicroserviceOptions, Payload, RmqContext, Transport } from '@nestjs/microservices';
import { InventoryService } from './inventory.service';

@Controller()
export class InventoryController {
  private readonly logger = new Logger(InventoryController.name);

  constructor(private readonly inventory: InventoryService) {}

  @EventPattern('stock_adjusted')
  async adjust(@Payload() data: { sku: string; delta: number }, @Ctx() ctx: RmqContext) {
    const channel = ctx.getChannelRef();
    const msg = ctx.getMessage();
    try {
      await this.inventory.adjust(data.sku, data.delta);
      channel.ack(msg);
    } catch (e) {
      this.logger.error(`adjust ${data.sku} failed`, e);
    } finally {
      channel.ack(msg);
    }
  }
}

@Module({ controllers: [InventoryController], providers: [InventoryService] })
class InventoryModule {}

async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(InventoryModule, {
    transport: Transport.RMQ,
    options: { urls: [process.env.AMQP_URL], queue: 'inventory', noAck: false },
  });
  await app.listen();
}
bootstrap();
