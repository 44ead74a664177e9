using System;
using System.Text;
using System.Threading.Tasks;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Thumbnails
{
    public static class Program
    {
        public static async Task Main()
        {
            var factory = new ConnectionFactory { HostName = "localhost", DispatchConsumersAsync = true };
            using var connection = factory.CreateConnection();
            using var channel = connection.CreateModel();
            channel.QueueDeclare("thumbnails", durable: true, exclusive: false, autoDelete: false);

            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.Received += async (_, ea) =>
            {
                var path = Encoding.UTF8.GetString(ea.Body.ToArray());
                if (string.IsNullOrWhiteSpace(path))
                {
                    channel.BasicReject(ea.DeliveryTag, requeue: false);
                    return;
                }
                await ThumbnailService.RenderAsync(path);
                channel.BasicAck(ea.DeliveryTag, multiple: false);
            };
            channel.BasicConsume("thumbnails", autoAck: false, consumer);
            await Task.Delay(-1);
        }
    }
}
