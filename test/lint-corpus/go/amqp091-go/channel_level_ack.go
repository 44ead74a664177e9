package main

import (
	"log"
	"os"

	amqp "github.com/rabbitmq/amqp091-go"
)

func archive(body []byte) error {
	return os.WriteFile("/tmp/archive.log", body, 0o644)
}

func main() {
	conn, err := amqp.Dial(os.Getenv("AMQP_URL"))
	if err != nil {
		log.Fatal(err)
	}
	ch, err := conn.Channel()
	if err != nil {
		log.Fatal(err)
	}
	msgs, err := ch.Consume("archive", "archiver", false, false, false, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	for d := range msgs {
		if err := archive(d.Body); err != nil {
			log.Printf("archive failed: %v", err)
			if err := ch.Nack(d.DeliveryTag, false, false); err != nil {
				log.Printf("nack: %v", err)
			}
			continue
		}
		if err := ch.Ack(d.DeliveryTag, false); err != nil {
			log.Printf("ack: %v", err)
		}
	}
}
