package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"syscall"

	amqp "github.com/rabbitmq/amqp091-go"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	conn, err := amqp.Dial(os.Getenv("AMQP_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		log.Fatal(err)
	}
	msgs, err := ch.Consume("emails", "mailer", false, false, false, false, nil)
	if err != nil {
		log.Fatal(err)
	}

	for {
		select {
		case <-ctx.Done():
			log.Println("shutting down")
			return
		case d, ok := <-msgs:
			if !ok {
				log.Println("delivery channel closed")
				return
			}
			if len(d.Body) == 0 {
				d.Reject(false)
				continue
			}
			log.Printf("sending mail: %s", d.Body)
			d.Ack(false)
		}
	}
}
