using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Search;

public class SearchIndexer
{
    public void Run(IModel channel)
    {
        var consumer = new EventingBasicConsumer(channel);
        consumer.Received += (_, ea) =>
        {
            try
            {
                Index.Add(ea.Body.ToArray());
                channel.BasicAck(ea.DeliveryTag, false);
            }
            finally
            {
                Metrics.Count("indexed");
                channel.BasicAck(ea.DeliveryTag, false);
            }
        };
        channel.BasicConsume("search.index", false, consumer);
    }
}
