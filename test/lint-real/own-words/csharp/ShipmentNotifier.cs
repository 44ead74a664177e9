using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Logistics;

// The Received handler is a method group, not a lambda.
public class ShipmentNotifier
{
    private readonly IModel _channel;

    public ShipmentNotifier(IModel channel) => _channel = channel;

    public void Start()
    {
        var consumer = new EventingBasicConsumer(_channel);
        consumer.Received += OnShipment;
        _channel.BasicConsume("shipments.dispatched", false, consumer);
    }

    private void OnShipment(object? sender, BasicDeliverEventArgs ea)
    {
        var trackingId = Encoding.UTF8.GetString(ea.Body.ToArray());
        if (string.IsNullOrWhiteSpace(trackingId))
        {
            Console.WriteLine("shipment without tracking id");
            return;
        }
        Sms.Notify(trackingId);
        _channel.BasicAck(ea.DeliveryTag, false);
    }
}
