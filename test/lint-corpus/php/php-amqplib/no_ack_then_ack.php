<?php

require_once __DIR__ . '/vendor/autoload.php';

use PhpAmqpLib\Connection\AMQPStreamConnection;
use PhpAmqpLib\Message\AMQPMessage;

$connection = new AMQPStreamConnection(getenv('RABBIT_HOST'), 5672, getenv('RABBIT_USER'), getenv('RABBIT_PASS'));
$channel = $connection->channel();
$channel->queue_declare('clicks', false, true, false, false);

$channel->basic_consume(
    queue: 'clicks',
    no_ack: true,
    callback: function (AMQPMessage $message): void {
        $click = json_decode($message->getBody(), true);
        error_log(sprintf('click on %s', $click['target'] ?? '?'));
        $message->ack();
    }
);

while ($channel->is_consuming()) {
    $channel->wait();
}
