using System;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Billing.Messaging
{
    public sealed class InvoiceConsumer
    {
        private readonly IModel _channel;
        private readonly IInvoiceService _invoices;
        private readonly ILogger _logger;

        public InvoiceConsumer(IModel channel, IInvoiceService invoices, ILogger<InvoiceConsumer> logger)
        {
            _channel = channel;
            _invoices = invoices;
            _logger = logger;
        }

        public void Start()
        {
            var consumer = new EventingBasicConsumer(_channel);
            consumer.Received += (sender, ea) =>
            {
                try
                {
                    var invoice = JsonSerializer.Deserialize<InvoiceRequested>(ea.Body.Span);
                    _invoices.Generate(invoice!);
                    _channel.BasicAck(ea.DeliveryTag, false);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "invoice generation failed");
                }
            };
            _channel.BasicConsume(queue: "invoices", autoAck: false, consumer: consumer);
        }
    }
}
