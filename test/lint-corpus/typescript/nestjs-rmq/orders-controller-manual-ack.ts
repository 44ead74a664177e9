// @ts-nocheck
import { Controller, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MicroserviceOptions, Payload, RmqContext, Transport } from '@nestjs/microservices';
import { OrdersService } from './orders.service';

interface OrderPlaced {
  orderId: string;
  items: Array<{ sku: string; qty: number }>;
}

@Controller()
export class OrdersController {
  private readonly logger = new Logger(OrdersController.name);

  constructor(private readonly orders: OrdersService) {}

  @EventPattern('order_placed')
  async onOrderPlaced(@Payload() data: OrderPlaced, @Ctx() context: RmqContext): Promise<void> {
    const channel = context.getChannelRef();
    const originalMsg = context.getMessage();
    try {
      await this.orders.reserveStock(data.orderId, data.items);
      channel.ack(originalMsg);
    } catch (err) {
      this.logger.error(`reservation failed for ${data.orderId}`, err);
      channel.nack(originalMsg, false, false);
    }
  }
}

@Module({ controllers: [OrdersController], providers: [OrdersService] })
export class AppModule {}

async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
    transport: Transport.RMQ,
    options: {
      urls: [process.env.RABBITMQ_URL ?? 'amqp://localhost:5672'],
      queue: 'orders_queue',
      noAck: false,
      prefetchCount: 10,
      queueOptions: { durable: true },
    },
  });
  await app.listen();
}
bootstrap();
