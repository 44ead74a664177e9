using RabbitMQ.Client;

namespace Backups;

public class BackupConsumer : DefaultBasicConsumer
{
    public BackupConsumer(IModel model) : base(model) { }

    public override void HandleBasicDeliver(string consumerTag, ulong deliveryTag, bool redelivered, string exchange, string routingKey, IBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        if (redelivered)
        {
            Console.WriteLine("backup request seen before, skipping");
            return;
        }
        Backup.Run(body.ToArray());
        Model.BasicAck(deliveryTag, false);
    }

    public static void Start(IModel model)
    {
        model.BasicConsume("backups.run", false, new BackupConsumer(model));
    }
}
