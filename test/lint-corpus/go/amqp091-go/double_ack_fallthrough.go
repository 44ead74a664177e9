package main

import (
	"encoding/json"
	"log"

	amqp "github.com/rabbitmq/amqp091-go"
)

type Event struct {
	Kind   string `json:"kind"`
	UserID string `json:"user_id"`
}

func main() {
	conn, err := amqp.Dial("amqp://localhost:5672/")
	if err != nil {
		log.Fatal(err)
	}
	ch, err := conn.Channel()
	if err != nil {
		log.Fatal(err)
	}
	msgs, err := ch.Consume("user.events", "", false, false, false, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	for d := range msgs {
		var ev Event
		if err := json.Unmarshal(d.Body, &ev); err != nil {
			d.Reject(false)
			continue
		}
		if ev.Kind == "deleted" {
			log.Printf("purging data for %s", ev.UserID)
			d.Ack(false)
		}
		log.Printf("event %s for %s", ev.Kind, ev.UserID)
		d.Ack(false)
	}
}
