// @ts-nocheck
import amqp, { Options, ConsumeMessage } from 'amqplib';
import { StatsD } from 'hot-shots';

const statsd = new StatsD({ prefix: 'ingest.' });

const consumeOptions: Options.Consume = { noAck: true, exclusive: false };

export async function startMetricsConsumer(url: string): Promise<void> {
  const conn = await amqp.connect(url);
  const ch = await conn.createChannel();
  await ch.assertQueue('metrics.raw', { durable: false, messageTtl: 60_000 });

  await ch.consume('metrics.raw', (msg: ConsumeMessage | null) => {
    if (!msg) return;
    const point = JSON.parse(msg.content.toString()) as { name: string; value: number };
    statsd.gauge(point.name, point.value);
    ch.ack(msg);
  }, consumeOptions);
}
