<?php

require_once __DIR__ . '/vendor/autoload.php';

use GuzzleHttp\Client;
use GuzzleHttp\Exception\GuzzleException;
use PhpAmqpLib\Connection\AMQPStreamConnection;
use PhpAmqpLib\Message\AMQPMessage;

$http = new Client(['timeout' => 5]);
$connection = new AMQPStreamConnection('rabbitmq', 5672, 'guest', 'guest');
$channel = $connection->channel();
$channel->queue_declare('webhooks', false, true, false, false);

$deliver = function (AMQPMessage $msg) use ($http) {
    $hook = json_decode($msg->getBody(), true);
    try {
        $http->post($hook['url'], ['json' => $hook['payload']]);
        $msg->ack();
    } catch (GuzzleException $e) {
        fwrite(STDERR, "webhook failed: {$e->getMessage()}, requeueing\n");
        $msg->nack(true);
    }
};

$channel->basic_consume('webhooks', '', false, false, false, false, $deliver);
$channel->consume();
