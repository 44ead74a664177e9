using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Warehouse.Printing;

public sealed class PrinterConsumer(IChannel channel, ILabelPrinter printer)
{
    public async Task StartAsync()
    {
        await channel.QueueDeclareAsync("labels.print", durable: true, exclusive: false, autoDelete: false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, ea) =>
        {
            try
            {
                await printer.PrintAsync(ea.Body.ToArray());
                await channel.BasicAckAsync(ea.DeliveryTag, multiple: false);
            }
            catch (PrinterOfflineException)
            {
                await channel.BasicRejectAsync(ea.DeliveryTag, requeue: true);
            }
            catch (Exception)
            {
                await channel.BasicNackAsync(ea.DeliveryTag, multiple: false, requeue: true);
            }
        };
        await channel.BasicConsumeAsync("labels.print", autoAck: false, consumer: consumer);
    }
}
