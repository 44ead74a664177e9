using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Exports;

public sealed class ExportConsumer(IChannel channel, IExporter exporter)
{
    public async Task StartAsync(CancellationToken ct)
    {
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, ea) =>
        {
            var exportId = System.Text.Encoding.UTF8.GetString(ea.Body.Span);
            var done = await exporter.RunAsync(exportId, ct);
            if (done)
            {
                await channel.BasicAckAsync(ea.DeliveryTag, false, ct);
            }
            else
            {
                await channel.BasicNackAsync(ea.DeliveryTag, false, false, ct);
            }
            await channel.BasicAckAsync(ea.DeliveryTag, false, ct);
        };
        await channel.BasicConsumeAsync("exports", autoAck: false, consumer: consumer, cancellationToken: ct);
    }
}
