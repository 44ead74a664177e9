// @ts-nocheck
import * as amqp from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { renderPdf } from '../reports/render';
import { s3 } from '../aws';

const connection = amqp.connect([process.env.AMQP_URL!]);
const wrapper = connection.createChannel({
  setup: (ch) => ch.assertQueue('reports.render', { durable: true }),
});

async function onReport(msg: ConsumeMessage): Promise<void> {
  const job = JSON.parse(msg.content.toString()) as { reportId: string };
  try {
    const pdf = await renderPdf(job.reportId);
    await s3.putObject({ Bucket: 'reports', Key: `${job.reportId}.pdf`, Body: pdf });
    wrapper.ack(msg);
  } catch (err) {
    console.error(`report ${job.reportId} failed`, err);
    wrapper.nack(msg, false, false);
  } finally {
    wrapper.ack(msg);
  }
}

wrapper.consume('reports.render', onReport, { prefetch: 2 });
