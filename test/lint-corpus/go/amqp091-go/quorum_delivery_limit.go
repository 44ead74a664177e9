package main

import (
	"log"

	amqp "github.com/rabbitmq/amqp091-go"
)

func process(body []byte) error {
	log.Printf("processing %d bytes", len(body))
	return nil
}

func main() {
	conn, err := amqp.Dial("amqp://guest:guest@localhost:5672/")
	if err != nil {
		log.Fatal(err)
	}
	ch, err := conn.Channel()
	if err != nil {
		log.Fatal(err)
	}
	_, err = ch.QueueDeclare("jobs", true, false, false, false, amqp.Table{
		amqp.QueueTypeArg:     amqp.QueueTypeQuorum,
		"x-delivery-limit":    3,
		"x-dead-letter-exchange": "jobs.dlx",
	})
	if err != nil {
		log.Fatal(err)
	}
	msgs, err := ch.Consume("jobs", "", false, false, false, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	for d := range msgs {
		if err := process(d.Body); err != nil {
			log.Printf("job failed (delivery count %v): %v", d.Headers["x-delivery-count"], err)
			d.Nack(false, true)
			continue
		}
		d.Ack(false)
	}
}
