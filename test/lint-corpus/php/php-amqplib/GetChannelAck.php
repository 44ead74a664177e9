<?php

declare(strict_types=1);

namespace App\Consumers;

use App\Reports\ReportBuilder;
use PhpAmqpLib\Channel\AMQPChannel;
use PhpAmqpLib\Message\AMQPMessage;

final class ReportConsumer
{
    public function __construct(
        private readonly AMQPChannel $channel,
        private readonly ReportBuilder $builder,
    ) {
    }

    public function listen(): void
    {
        $this->channel->basic_qos(0, 1, false);
        $this->channel->basic_consume(
            queue: 'reports.build',
            consumer_tag: 'report-builder',
            no_ack: false,
            callback: fn (AMQPMessage $msg) => $this->handle($msg),
        );
        $this->channel->consume();
    }

    private function handle(AMQPMessage $msg): void
    {
        $job = json_decode($msg->getBody(), true);
        if (!is_array($job) || !isset($job['report'])) {
            $msg->getChannel()->basic_reject($msg->getDeliveryTag(), false);
            return;
        }
        $this->builder->build($job['report'], $job['params'] ?? []);
        $msg->getChannel()->basic_ack($msg->getDeliveryTag());
    }
}
