package main

import (
	"log"

	amqp "github.com/rabbitmq/amqp091-go"
)

func main() {
	conn, err := amqp.Dial("amqp://guest:guest@localhost:5672/")
	if err != nil {
		log.Fatal(err)
	}
	ch, err := conn.Channel()
	if err != nil {
		log.Fatal(err)
	}
	if err := ch.ExchangeDeclare("logs_topic", "topic", true, false, false, false, nil); err != nil {
		log.Fatal(err)
	}
	q, err := ch.QueueDeclare("log_router", true, false, false, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, key := range []string{"*.error", "*.warning", "*.info"} {
		if err := ch.QueueBind(q.Name, key, "logs_topic", false, nil); err != nil {
			log.Fatal(err)
		}
	}
	msgs, err := ch.Consume(q.Name, "", false, false, false, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	for d := range msgs {
		switch {
		case len(d.RoutingKey) > 6 && d.RoutingKey[len(d.RoutingKey)-6:] == ".error":
			log.Printf("ERROR %s", d.Body)
			d.Ack(false)
		case len(d.RoutingKey) > 8 && d.RoutingKey[len(d.RoutingKey)-8:] == ".warning":
			log.Printf("WARN  %s", d.Body)
			d.Ack(false)
		default:
			d.Reject(false)
		}
	}
}
