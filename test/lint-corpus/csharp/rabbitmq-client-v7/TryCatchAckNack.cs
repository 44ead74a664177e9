using System.Text.Json;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Payments.Worker;

public sealed class RefundConsumer(IChannel channel, IRefundService refunds, ILogger<RefundConsumer> logger)
{
    public async Task StartAsync(CancellationToken ct)
    {
        await channel.QueueDeclareAsync("refunds", durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-dead-letter-exchange"] = "refunds.dlx" },
            cancellationToken: ct);
        await channel.BasicQosAsync(0, 8, false, ct);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, ea) =>
        {
            try
            {
                var refund = JsonSerializer.Deserialize<Refund>(ea.Body.Span)!;
                await refunds.IssueAsync(refund, ct);
                await channel.BasicAckAsync(ea.DeliveryTag, multiple: false, ct);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "refund failed");
                await channel.BasicNackAsync(ea.DeliveryTag, multiple: false, requeue: false, ct);
            }
        };
        await channel.BasicConsumeAsync("refunds", autoAck: false, consumer: consumer, cancellationToken: ct);
    }
}
