using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

var factory = new ConnectionFactory { HostName = "localhost" };
using var connection = factory.CreateConnection();
using var channel = connection.CreateModel();

var consumer = new EventingBasicConsumer(channel);
consumer.Received += (_, ea) =>
{
    var kind = ea.BasicProperties.Type;
    switch (kind)
    {
        case "bug":
            Tracker.FileBug(Encoding.UTF8.GetString(ea.Body.ToArray()));
            channel.BasicAck(ea.DeliveryTag, false);
            break;
        case "feature":
            Tracker.FileFeature(Encoding.UTF8.GetString(ea.Body.ToArray()));
            channel.BasicAck(ea.DeliveryTag, false);
            break;
        default:
            Console.WriteLine($"unknown ticket kind {kind}");
            break;
    }
};
channel.BasicConsume("tickets", false, consumer);
Console.ReadLine();
