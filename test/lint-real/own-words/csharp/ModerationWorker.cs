using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

var factory = new ConnectionFactory { HostName = "localhost" };
await using var connection = await factory.CreateConnectionAsync();
await using var channel = await connection.CreateChannelAsync();
await channel.QueueDeclareAsync("comments.moderate", durable: true, exclusive: false, autoDelete: false);

var consumer = new AsyncEventingBasicConsumer(channel);
consumer.ReceivedAsync += async (_, ea) =>
{
    var text = Encoding.UTF8.GetString(ea.Body.ToArray());
    if (Moderation.IsSpam(text))
    {
        await channel.BasicRejectAsync(ea.DeliveryTag, requeue: false);
        throw new InvalidOperationException("spam comment rejected");
    }
    await Comments.PublishAsync(text);
    await channel.BasicAckAsync(ea.DeliveryTag, multiple: false);
};

await channel.BasicConsumeAsync("comments.moderate", autoAck: false, consumer);
Console.ReadLine();
