package main

import (
	"encoding/json"
	"log"

	amqp "github.com/rabbitmq/amqp091-go"
)

type Signup struct {
	Email string `json:"email"`
	Name  string `json:"name"`
}

func sendWelcome(s Signup) error {
	log.Printf("welcome mail to %s", s.Email)
	return nil
}

func main() {
	conn, err := amqp.Dial("amqp://guest:guest@rabbitmq:5672/")
	if err != nil {
		log.Fatal(err)
	}
	ch, err := conn.Channel()
	if err != nil {
		log.Fatal(err)
	}
	msgs, err := ch.Consume("users.signup", "", false, false, false, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	for d := range msgs {
		var s Signup
		if err := json.Unmarshal(d.Body, &s); err != nil {
			log.Printf("skipping malformed signup: %v", err)
			continue
		}
		if err := sendWelcome(s); err != nil {
			d.Nack(false, false)
			continue
		}
		d.Ack(false)
	}
}
