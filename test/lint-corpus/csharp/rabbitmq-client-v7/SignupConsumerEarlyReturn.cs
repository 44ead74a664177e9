using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Accounts.Messaging;

public sealed class SignupConsumer(IChannel channel, IMailer mailer)
{
    public async Task StartAsync()
    {
        await channel.QueueDeclareAsync("users.signup", durable: true, exclusive: false, autoDelete: false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, ea) =>
        {
            var signup = JsonSerializer.Deserialize<Signup>(ea.Body.Span);
            if (signup is null || string.IsNullOrEmpty(signup.Email))
            {
                Console.Error.WriteLine("signup without e-mail, skipping");
                return;
            }
            await mailer.SendWelcomeAsync(signup.Email);
            await channel.BasicAckAsync(ea.DeliveryTag, false);
        };
        await channel.BasicConsumeAsync("users.signup", autoAck: false, consumer: consumer);
    }
}
