using System;
using System.Text;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Search.Indexer
{
    public sealed class IndexConsumer
    {
        private readonly IModel _channel;
        private readonly ISearchIndex _index;
        private readonly ILogger<IndexConsumer> _log;

        public IndexConsumer(IModel channel, ISearchIndex index, ILogger<IndexConsumer> log)
        {
            _channel = channel;
            _index = index;
            _log = log;
        }

        public void Start()
        {
            _channel.BasicQos(0, 50, false);
            var consumer = new EventingBasicConsumer(_channel);
            consumer.Received += (_, ea) =>
            {
                try
                {
                    _index.Upsert(Encoding.UTF8.GetString(ea.Body.Span));
                }
                catch (Exception ex)
                {
                    _log.LogWarning(ex, "indexing failed; the nightly rebuild will pick it up");
                }
                finally
                {
                    _channel.BasicAck(ea.DeliveryTag, multiple: false);
                }
            };
            _channel.BasicConsume("search.index", autoAck: false, consumer: consumer);
        }
    }
}
