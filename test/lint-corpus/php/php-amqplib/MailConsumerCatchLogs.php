<?php

declare(strict_types=1);

namespace App\Messaging;

use App\Mail\Mailer;
use PhpAmqpLib\Channel\AMQPChannel;
use PhpAmqpLib\Message\AMQPMessage;
use Psr\Log\LoggerInterface;

final class MailConsumer
{
    public function __construct(
        private readonly AMQPChannel $channel,
        private readonly Mailer $mailer,
        private readonly LoggerInterface $logger,
    ) {
    }

    public function consume(): void
    {
        $this->channel->basic_consume('mail.outbound', '', false, false, false, false, function (AMQPMessage $msg): void {
            try {
                $mail = json_decode($msg->getBody(), true, 512, JSON_THROW_ON_ERROR);
                $this->mailer->send($mail['to'], $mail['subject'], $mail['body']);
                $msg->ack();
            } catch (\Throwable $e) {
                $this->logger->error('mail failed: ' . $e->getMessage());
            }
        });

        $this->channel->consume();
    }
}
