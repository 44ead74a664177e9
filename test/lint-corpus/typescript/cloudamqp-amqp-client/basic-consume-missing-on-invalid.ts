// @ts-nocheck
import { AMQPClient, AMQPMessage } from '@cloudamqp/amqp-client';
import { kyc } from '../kyc';

interface KycRequest {
  customerId: string;
  documentUrl?: string;
}

export async function startKyc(url: string): Promise<void> {
  const conn = await new AMQPClient(url).connect();
  const ch = await conn.channel();
  await ch.prefetch(4);

  await ch.basicConsume('kyc.requests', { noAck: false }, async (msg: AMQPMessage) => {
    const req = JSON.parse(msg.bodyToString() ?? '{}') as KycRequest;
    if (!req.documentUrl) {
      console.warn(`kyc request for ${req.customerId} has no document`);
      return;
    }
    await kyc.verify(req.customerId, req.documentUrl);
    await msg.ack();
  });
}
