package main

import (
	"context"
	"log"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

func main() {
	conn, err := amqp.Dial("amqp://guest:guest@localhost:5672/")
	if err != nil {
		log.Fatal(err)
	}
	consumeCh, err := conn.Channel()
	if err != nil {
		log.Fatal(err)
	}
	publishCh, err := conn.Channel()
	if err != nil {
		log.Fatal(err)
	}
	msgs, err := consumeCh.Consume("raw", "", false, false, false, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	for d := range msgs {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := publishCh.PublishWithContext(ctx, "processed", d.RoutingKey, false, false, amqp.Publishing{
			ContentType: d.ContentType,
			Body:        d.Body,
		})
		cancel()
		if err != nil {
			log.Printf("publish failed: %v", err)
			consumeCh.Nack(d.DeliveryTag, false, false)
			continue
		}
		publishCh.Ack(d.DeliveryTag, false)
	}
}
