<?php

require_once __DIR__ . '/vendor/autoload.php';

use PhpAmqpLib\Connection\AMQPStreamConnection;
use PhpAmqpLib\Message\AMQPMessage;

$connection = new AMQPStreamConnection('localhost', 5672, 'guest', 'guest');
$consumeChannel = $connection->channel();
$publishChannel = $connection->channel();
$publishChannel->confirm_select();

$consumeChannel->basic_consume('legacy.orders', '', false, false, false, false,
    function (AMQPMessage $msg) use ($publishChannel) {
        $order = json_decode($msg->getBody(), true);
        $out = new AMQPMessage(json_encode(['v' => 2, 'order' => $order]), ['delivery_mode' => 2]);
        $publishChannel->basic_publish($out, 'orders.v2', 'created');
        $publishChannel->wait_for_pending_acks(5.0);
        $publishChannel->basic_ack($msg->getDeliveryTag());
    }
);

$consumeChannel->consume();
