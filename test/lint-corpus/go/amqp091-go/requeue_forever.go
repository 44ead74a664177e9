package main

import (
	"bytes"
	"log"
	"net/http"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

var client = &http.Client{Timeout: 5 * time.Second}

func forward(body []byte) error {
	resp, err := client.Post("https://ingest.example.com/v1/events", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
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
	if _, err := ch.QueueDeclare("forward", true, false, false, false, nil); err != nil {
		log.Fatal(err)
	}
	msgs, err := ch.Consume("forward", "", false, false, false, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	for d := range msgs {
		if err := forward(d.Body); err != nil {
			log.Printf("forward failed, requeueing: %v", err)
			d.Nack(false, true)
			continue
		}
		d.Ack(false)
	}
}
