<?php

require_once __DIR__ . '/vendor/autoload.php';

use PhpAmqpLib\Connection\AMQPStreamConnection;

$connection = new AMQPStreamConnection('localhost', 5672, 'guest', 'guest');
$channel = $connection->channel();
$channel->queue_declare('image.resize', false, true, false, false);

function resize_callback($msg)
{
    $job = json_decode($msg->body, true);
    if (!isset($job['path'])) {
        $msg->delivery_info['channel']->basic_reject($msg->delivery_info['delivery_tag'], false);
        return;
    }
    ImageResizer::resize($job['path'], $job['width']);
    $msg->delivery_info['channel']->basic_ack($msg->delivery_info['delivery_tag']);
}

$channel->basic_qos(null, 1, null);
$channel->basic_consume('image.resize', '', false, false, false, false, 'resize_callback');

while (count($channel->callbacks)) {
    $channel->wait();
}
