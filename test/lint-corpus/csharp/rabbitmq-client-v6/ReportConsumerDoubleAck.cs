using System;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Reports
{
    public class ReportConsumer
    {
        private readonly IModel _channel;
        private readonly IReportRenderer _renderer;

        public ReportConsumer(IModel channel, IReportRenderer renderer)
        {
            _channel = channel;
            _renderer = renderer;
        }

        public void Start()
        {
            var consumer = new EventingBasicConsumer(_channel);
            consumer.Received += (_, ea) =>
            {
                try
                {
                    _renderer.Render(Encoding.UTF8.GetString(ea.Body.Span));
                    _channel.BasicAck(ea.DeliveryTag, false);
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine(ex);
                }
                finally
                {
                    _channel.BasicAck(ea.DeliveryTag, false);
                }
            };
            _channel.BasicConsume("reports", autoAck: false, consumer: consumer);
        }
    }
}
