using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

var factory = new ConnectionFactory { HostName = "localhost" };
using var connection = factory.CreateConnection();
using var channel = connection.CreateModel();

var consumer = new EventingBasicConsumer(channel);
consumer.Received += (_, ea) =>
{
    var click = Encoding.UTF8.GetString(ea.Body.ToArray());
    if (!Clicks.TryStore(click))
    {
        channel.BasicNack(ea.DeliveryTag, false, false);
    }
};
channel.BasicConsume(queue: "clicks", autoAck: true, consumer: consumer);
Console.ReadLine();
