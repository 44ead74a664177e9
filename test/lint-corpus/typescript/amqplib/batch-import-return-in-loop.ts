// @ts-nocheck
import amqp, { ConsumeMessage } from 'amqplib';
import { db } from '../db';

interface ImportBatch {
  batchId: string;
  rows: Array<{ sku: string; price: number }>;
}

export async function startImporter(url: string): Promise<void> {
  const conn = await amqp.connect(url);
  const ch = await conn.createChannel();
  await ch.assertQueue('catalog.import', { durable: true });
  await ch.prefetch(1);

  await ch.consume('catalog.import', async (msg: ConsumeMessage | null) => {
    if (!msg) return;
    const batch: ImportBatch = JSON.parse(msg.content.toString());
    for (const row of batch.rows) {
      if (row.price < 0) {
        console.error(`batch ${batch.batchId}: negative price for ${row.sku}`);
        return;
      }
      await db.prices.upsert(row.sku, row.price);
    }
    console.log(`batch ${batch.batchId}: ${batch.rows.length} rows imported`);
    ch.ack(msg);
  });
}
