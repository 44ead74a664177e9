// @ts-nocheck
import { Controller, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MicroserviceOptions, Payload, RmqContext, Transport } from '@nestjs/microservices';
import { ShipmentsService } from './shipments.service';

@Controller()
export class ShipmentsController {
  private readonly logger = new Logger(ShipmentsController.name);

  constructor(private readonly shipments: ShipmentsService) {}

  @EventPattern('shipment_dispatched')
  async dispatched(@Payload() data: { shipmentId: string; carrier?: string }, @Ctx() ctx: RmqContext) {
    const channel = ctx.getChannelRef();
    const message = ctx.getMessage();
    if (!data.carrier) {
      this.logger.warn(`shipment ${data.shipmentId} has no carrier`);
      return;
    }
    await this.shipments.markDispatched(data.shipmentId, data.carrier);
    channel.ack(message);
  }
}

@Module({ controllers: [ShipmentsController], providers: [ShipmentsService] })
class ShipmentsModule {}

async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(ShipmentsModule, {
    transport: Transport.RMQ,
    options: { urls: [process.env.AMQP_URL], queue: 'shipments_queue', noAck: false, prefetchCount: 5 },
  });
  await app.listen();
}
bootstrap();
