// @ts-nocheck
import { Controller, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';

@Controller()
export class AuditController {
  private readonly logger = new Logger('Audit');

  @EventPattern('user_logged_in')
  handleLogin(@Payload() data: { userId: string; ip: string }): void {
    this.logger.log(`login ${data.userId} from ${data.ip}`);
  }

  @EventPattern('user_logged_out')
  handleLogout(@Payload() data: { userId: string }): void {
    this.logger.log(`logout ${data.userId}`);
  }
}

@Module({ controllers: [AuditController] })
class AuditModule {}

async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(AuditModule, {
    transport: Transport.RMQ,
    options: {
      urls: ['amqp://localhost:5672'],
      queue: 'audit_queue',
      queueOptions: { durable: false },
    },
  });
  await app.listen();
}
bootstrap();
