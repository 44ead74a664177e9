using System.Text;
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
        Tenants.Provision(Encoding.UTF8.GetString(ea.Body.ToArray()));
        channel.BasicAck(ea.DeliveryTag, false);
    }
    catch (DatabaseDownException e)
    {
        Console.Error.WriteLine($"database down, exiting so the orchestrator restarts us: {e.Message}");
        Environment.Exit(1);
    }
};
channel.BasicConsume("tenants.provision", false, consumer);
Console.ReadLine();
