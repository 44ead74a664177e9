using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Inventory;

public sealed class InventorySync(IChannel channel)
{
    public async Task StartAsync()
    {
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, ea) =>
        {
            try
            {
                await Warehouse.SyncAsync(ea.Body.ToArray());
                await channel.BasicAckAsync(ea.DeliveryTag, false);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"sync failed, requeueing: {e.Message}");
                await channel.BasicRejectAsync(ea.DeliveryTag, requeue: true);
            }
        };
        await channel.BasicConsumeAsync("inventory.sync", autoAck: false, consumer: consumer);
    }
}
