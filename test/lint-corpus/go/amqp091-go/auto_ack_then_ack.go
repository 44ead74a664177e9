package main

import (
	"encoding/json"
	"log"

	amqp "github.com/rabbitmq/amqp091-go"
)

type Heartbeat struct {
	Host string `json:"host"`
	At   int64  `json:"at"`
}

func main() {
	conn, err := amqp.Dial("amqp://guest:guest@localhost:5672/")
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		log.Fatal(err)
	}

	msgs, err := ch.Consume("heartbeats", "monitor", true, false, false, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	for d := range msgs {
		var hb Heartbeat
		if err := json.Unmarshal(d.Body, &hb); err != nil {
			log.Printf("bad heartbeat: %v", err)
			continue
		}
		log.Printf("%s alive at %d", hb.Host, hb.At)
		d.Ack(false)
	}
}
