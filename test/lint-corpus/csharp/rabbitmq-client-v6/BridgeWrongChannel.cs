using System;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

var factory = new ConnectionFactory { HostName = "localhost" };
using var connection = factory.CreateConnection();
using var consumeChannel = connection.CreateModel();
using var publishChannel = connection.CreateModel();
publishChannel.ConfirmSelect();

var consumer = new EventingBasicConsumer(consumeChannel);
consumer.Received += (_, ea) =>
{
    publishChannel.BasicPublish("bridge.out", ea.RoutingKey, ea.BasicProperties, ea.Body);
    publishChannel.WaitForConfirmsOrDie(TimeSpan.FromSeconds(5));
    publishChannel.BasicAck(ea.DeliveryTag, false);
};
consumeChannel.BasicConsume("bridge.in", autoAck: false, consumer: consumer);
Console.ReadLine();
