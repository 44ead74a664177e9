using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Chat;

public sealed class PresenceTracker(IChannel channel)
{
    public async Task StartAsync()
    {
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, ea) =>
        {
            Presence.Update(ea.Body.ToArray());
            await channel.BasicAckAsync(ea.DeliveryTag, false);
        };
        await channel.BasicConsumeAsync("chat.presence", autoAck: true, consumer: consumer);
    }
}
