<?php

require_once __DIR__ . '/vendor/autoload.php';

use PhpAmqpLib\Connection\AMQPStreamConnection;
use PhpAmqpLib\Message\AMQPMessage;

$connection = new AMQPStreamConnection('localhost', 5672, 'guest', 'guest');
$channel = $connection->channel();
$channel->queue_declare('newsletter.signup', false, true, false, false);

$onSignup = function (AMQPMessage $msg) {
    $data = json_decode($msg->getBody(), true);
    if (!filter_var($data['email'] ?? '', FILTER_VALIDATE_EMAIL)) {
        error_log('invalid e-mail address, skipping');
        return;
    }
    Newsletter::subscribe($data['email']);
    $msg->ack();
};

$channel->basic_consume('newsletter.signup', '', false, false, false, false, $onSignup);
while ($channel->is_consuming()) {
    $channel->wait();
}
