using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

var factory = new ConnectionFactory { HostName = "localhost" };
using var connection = factory.CreateConnection();
using var channel = connection.CreateModel();
channel.BasicQos(0, 1, false);

var consumer = new EventingBasicConsumer(channel);
consumer.Received += (_, ea) =>
{
    try
    {
        Payments.Capture(Encoding.UTF8.GetString(ea.Body.ToArray()));
        channel.BasicAck(ea.DeliveryTag, false);
    }
    catch (Exception e)
    {
        Console.WriteLine($"capture failed, will retry: {e.Message}");
        channel.BasicNack(ea.DeliveryTag, false, true);
    }
};
channel.BasicConsume("payments.capture", false, consumer);
Console.ReadLine();
