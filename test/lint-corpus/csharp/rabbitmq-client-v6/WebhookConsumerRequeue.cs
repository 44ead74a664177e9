using System;
using System.Net.Http;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Webhooks
{
    public static class WebhookConsumer
    {
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        public static void Run(IModel channel)
        {
            channel.QueueDeclare("webhooks", durable: true, exclusive: false, autoDelete: false);
            var consumer = new EventingBasicConsumer(channel);
            consumer.Received += (_, ea) =>
            {
                var url = Encoding.UTF8.GetString((byte[])ea.BasicProperties.Headers["url"]);
                try
                {
                    var response = Http.PostAsync(url, new ByteArrayContent(ea.Body.ToArray())).GetAwaiter().GetResult();
                    response.EnsureSuccessStatusCode();
                    channel.BasicAck(ea.DeliveryTag, false);
                }
                catch (HttpRequestException)
                {
                    channel.BasicNack(ea.DeliveryTag, multiple: false, requeue: true);
                }
            };
            channel.BasicConsume("webhooks", false, consumer);
        }
    }
}
