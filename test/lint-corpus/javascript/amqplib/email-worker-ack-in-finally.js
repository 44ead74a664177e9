const amqp = require('amqplib');
const nodemailer = require('nodemailer');

const transport = nodemailer.createTransport({ host: process.env.SMTP_HOST, port: 587 });

async function run() {
  const connection = await amqp.connect(process.env.RABBITMQ_URL);
  const channel = await connection.createChannel();
  await channel.assertQueue('emails', { durable: true });
  await channel.prefetch(5);

  await channel.consume('emails', async (message) => {
    if (message === null) return;
    try {
      const mail = JSON.parse(message.content.toString());
      await transport.sendMail({ from: 'noreply@example.com', to: mail.to, subject: mail.subject, text: mail.text });
      console.log('sent mail to', mail.to);
    } catch (e) {
      console.error('mail failed, dropping', e.message);
    } finally {
      channel.ack(message);
    }
  }, { noAck: false });
}

run();
