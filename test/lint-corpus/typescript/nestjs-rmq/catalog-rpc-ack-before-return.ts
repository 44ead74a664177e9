// @ts-nocheck
import { Controller, Module, NotFoundException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, MessagePattern, MicroserviceOptions, Payload, RmqContext, Transport } from '@nestjs/microservices';
import { CatalogService } from './catalog.service';

@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @MessagePattern({ cmd: 'get_product' })
  async getProduct(@Payload() req: { sku: string }, @Ctx() ctx: RmqContext) {
    const channel = ctx.getChannelRef();
    const msg = ctx.getMessage();
    const product = await this.catalog.find(req.sku);
    if (!product) {
      channel.reject(msg, false);
      throw new NotFoundException(req.sku);
    }
    channel.ack(msg);
    return product;
  }
}

@Module({ controllers: [CatalogController], providers: [CatalogService] })
class CatalogModule {}

async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(CatalogModule, {
    transport: Transport.RMQ,
    options: { urls: [process.env.AMQP_URL], queue: 'catalog_rpc', noAck: false, prefetchCount: 20 },
  });
  await app.listen();
}
bootstrap();
