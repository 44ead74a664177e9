using RabbitMQ.Client;
using RabbitMQ.Client.Events;

var factory = new ConnectionFactory { HostName = "localhost" };
using var connection = factory.CreateConnection();
using var channel = connection.CreateModel();

var consumer = new EventingBasicConsumer(channel);
consumer.Received += (_, ea) =>
{
    try
    {
        Avatars.Resize(ea.Body.ToArray());
    }
    catch (Exception e)
    {
        Console.Error.WriteLine($"resize failed: {e.Message}");
    }
    finally
    {
        channel.BasicAck(ea.DeliveryTag, false);
    }
};
channel.BasicConsume("avatars.resize", false, consumer);
Console.ReadLine();
