using System;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Telemetry.Ingest
{
    public record Reading(string Sensor, double Value);

    public static class Program
    {
        public static void Main()
        {
            var factory = new ConnectionFactory { Uri = new Uri(Environment.GetEnvironmentVariable("AMQP_URL")!) };
            using var connection = factory.CreateConnection();
            using var channel = connection.CreateModel();
            channel.QueueDeclare("telemetry", durable: false, exclusive: false, autoDelete: false);

            var consumer = new EventingBasicConsumer(channel);
            consumer.Received += (_, ea) =>
            {
                var reading = JsonSerializer.Deserialize<Reading>(ea.Body.Span);
                Console.WriteLine($"{reading!.Sensor} = {reading.Value}");
                channel.BasicAck(ea.DeliveryTag, false);
            };
            channel.BasicConsume("telemetry", autoAck: true, consumer: consumer);
            Console.ReadLine();
        }
    }
}
