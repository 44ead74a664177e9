using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Shop.Orders.Messaging
{
    public sealed class OrderConsumer : IDisposable
    {
        private readonly IModel _channel;
        private readonly IOrderService _orders;
        private readonly ILogger<OrderConsumer> _logger;

        public OrderConsumer(IConnection connection, IOrderService orders, ILogger<OrderConsumer> logger)
        {
            _channel = connection.CreateModel();
            _orders = orders;
            _logger = logger;
        }

        public void Start()
        {
            _channel.QueueDeclare("orders.created", durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object> { ["x-dead-letter-exchange"] = "orders.dlx" });
            _channel.BasicQos(0, 20, false);

            var consumer = new EventingBasicConsumer(_channel);
            consumer.Received += OnReceived;
            _channel.BasicConsume("orders.created", autoAck: false, consumer: consumer);
        }

        private void OnReceived(object? sender, BasicDeliverEventArgs ea)
        {
            try
            {
                var order = JsonSerializer.Deserialize<OrderCreated>(ea.Body.Span)
                            ?? throw new JsonException("empty body");
                _orders.Create(order);
                _channel.BasicAck(ea.DeliveryTag, multiple: false);
            }
            catch (JsonException ex)
            {
                _logger.LogWarning(ex, "invalid order message");
                _channel.BasicReject(ea.DeliveryTag, requeue: false);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "order processing failed");
                _channel.BasicNack(ea.DeliveryTag, multiple: false, requeue: false);
            }
        }

        public void Dispose() => _channel.Dispose();
    }
}
