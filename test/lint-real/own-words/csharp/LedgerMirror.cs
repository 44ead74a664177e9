using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Ledger;

public sealed class LedgerMirror
{
    public void Start(IConnection connection)
    {
        var inbound = connection.CreateModel();
        var outbound = connection.CreateModel();
        outbound.ConfirmSelect();
        var consumer = new EventingBasicConsumer(inbound);
        consumer.Received += (_, ea) =>
        {
            outbound.BasicPublish("ledger.mirror", ea.RoutingKey, null, ea.Body);
            outbound.WaitForConfirmsOrDie(TimeSpan.FromSeconds(5));
            outbound.BasicAck(ea.DeliveryTag, false);
        };
        inbound.BasicConsume("ledger.events", false, consumer);
    }
}
