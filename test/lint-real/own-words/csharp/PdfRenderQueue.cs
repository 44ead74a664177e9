using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Docs;

// The consumer hands each delivery to an in-process channel; a background loop in this class settles it.
public sealed class PdfRenderQueue
{
    private readonly Channel<BasicDeliverEventArgs> _work = System.Threading.Channels.Channel.CreateBounded<BasicDeliverEventArgs>(16);
    private readonly IModel _model;

    public PdfRenderQueue(IModel model) => _model = model;

    public void Start()
    {
        var consumer = new EventingBasicConsumer(_model);
        consumer.Received += (_, ea) => _work.Writer.TryWrite(ea);
        _model.BasicConsume("docs.render", false, consumer);
        _ = Task.Run(RenderLoop);
    }

    private async Task RenderLoop()
    {
        await foreach (var ea in _work.Reader.ReadAllAsync())
        {
            try
            {
                await Pdf.RenderAsync(ea.Body.ToArray());
                _model.BasicAck(ea.DeliveryTag, false);
            }
            catch (Exception)
            {
                _model.BasicReject(ea.DeliveryTag, false);
            }
        }
    }
}
