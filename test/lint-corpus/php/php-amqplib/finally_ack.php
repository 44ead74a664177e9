<?php

require_once __DIR__ . '/vendor/autoload.php';

use PhpAmqpLib\Connection\AMQPStreamConnection;
use PhpAmqpLib\Message\AMQPMessage;

$connection = new AMQPStreamConnection('localhost', 5672, 'guest', 'guest');
$channel = $connection->channel();
$channel->queue_declare('pdf.render', false, true, false, false);
$channel->basic_qos(null, 2, false);

$render = function (AMQPMessage $msg) {
    try {
        $job = json_decode($msg->getBody(), true);
        PdfRenderer::render($job['document_id']);
    } catch (\Throwable $e) {
        error_log('render failed, dropping: ' . $e->getMessage());
    } finally {
        $msg->ack();
    }
};

$channel->basic_consume('pdf.render', '', false, false, false, false, $render);
$channel->consume();
