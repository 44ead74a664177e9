<?php

declare(strict_types=1);

namespace App\Messaging;

use App\Orders\OrderService;
use App\Orders\InvalidOrder;
use PhpAmqpLib\Channel\AMQPChannel;
use PhpAmqpLib\Connection\AMQPStreamConnection;
use PhpAmqpLib\Message\AMQPMessage;
use PhpAmqpLib\Wire\AMQPTable;
use Psr\Log\LoggerInterface;

final class OrderConsumer
{
    private AMQPChannel $channel;

    public function __construct(
        private readonly AMQPStreamConnection $connection,
        private readonly OrderService $orders,
        private readonly LoggerInterface $logger,
    ) {
        $this->channel = $this->connection->channel();
    }

    public function run(): void
    {
        $this->channel->queue_declare('orders.created', false, true, false, false, false,
            new AMQPTable(['x-dead-letter-exchange' => 'orders.dlx']));
        $this->channel->basic_qos(null, 10, false);
        $this->channel->basic_consume('orders.created', 'order-consumer', false, false, false, false, [$this, 'process']);

        while ($this->channel->is_consuming()) {
            $this->channel->wait();
        }
    }

    public function process(AMQPMessage $message): void
    {
        try {
            $order = json_decode($message->getBody(), true, 512, JSON_THROW_ON_ERROR);
            $this->orders->create($order);
            $message->ack();
        } catch (\JsonException | InvalidOrder $e) {
            $this->logger->warning('rejecting order message', ['error' => $e->getMessage()]);
            $message->reject(false);
        } catch (\Throwable $e) {
            $this->logger->error('order processing failed', ['exception' => $e]);
            $message->nack(false);
        }
    }
}
