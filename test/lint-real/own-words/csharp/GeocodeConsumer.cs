using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Maps;

public sealed class GeocodeConsumer(IChannel channel, IGeocoder geocoder)
{
    public async Task StartAsync(CancellationToken ct)
    {
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, ea) =>
        {
            var request = JsonSerializer.Deserialize<GeocodeRequest>(ea.Body.Span);
            try
            {
                var point = await geocoder.LookupAsync(request!.Address, ct);
                await Store.SaveAsync(request.Id, point);
                await channel.BasicAckAsync(ea.DeliveryTag, false);
            }
            catch (GeocoderUnavailableException)
            {
                await channel.BasicNackAsync(ea.DeliveryTag, false, requeue: true);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"geocoding failed: {e.Message}");
            }
        };
        await channel.BasicConsumeAsync("maps.geocode", autoAck: false, consumer: consumer, cancellationToken: ct);
    }
}
