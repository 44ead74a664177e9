using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Shop.Worker;

public sealed class OrderWorker(IConnection connection, IOrderHandler handler, ILogger<OrderWorker> logger)
    : BackgroundService
{
    private IChannel? _channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        await _channel.QueueDeclareAsync("orders", durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum", ["x-delivery-limit"] = 5 },
            cancellationToken: stoppingToken);
        await _channel.BasicQosAsync(0, 16, false, stoppingToken);

        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += OnMessageAsync;
        await _channel.BasicConsumeAsync("orders", autoAck: false, consumer: consumer, cancellationToken: stoppingToken);
        await Task.Delay(Timeout.Infinite, stoppingToken);
    }

    private async Task OnMessageAsync(object sender, BasicDeliverEventArgs ea)
    {
        bool ok;
        try
        {
            var order = JsonSerializer.Deserialize<Order>(ea.Body.Span)!;
            await handler.HandleAsync(order);
            ok = true;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "order {Tag} failed", ea.DeliveryTag);
            ok = false;
        }
        await SettleAsync(ea.DeliveryTag, ok);
    }

    private async Task SettleAsync(ulong deliveryTag, bool ok)
    {
        if (ok)
        {
            await _channel!.BasicAckAsync(deliveryTag, multiple: false);
        }
        else
        {
            await _channel!.BasicNackAsync(deliveryTag, multiple: false, requeue: true);
        }
    }
}
