package main

import (
	"encoding/json"
	"log"
	"os"
	"sync"

	amqp "github.com/rabbitmq/amqp091-go"
)

type ResizeJob struct {
	Path   string `json:"path"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

func resize(job ResizeJob) error {
	log.Printf("resizing %s to %dx%d", job.Path, job.Width, job.Height)
	return nil
}

func handle(d amqp.Delivery) {
	var job ResizeJob
	if err := json.Unmarshal(d.Body, &job); err != nil {
		log.Printf("bad job: %v", err)
		d.Reject(false)
		return
	}
	if err := resize(job); err != nil {
		log.Printf("resize failed: %v", err)
		d.Nack(false, false)
		return
	}
	d.Ack(false)
}

func main() {
	conn, err := amqp.Dial(os.Getenv("AMQP_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		log.Fatal(err)
	}
	if err := ch.Qos(8, 0, false); err != nil {
		log.Fatal(err)
	}
	msgs, err := ch.Consume("images.resize", "", false, false, false, false, nil)
	if err != nil {
		log.Fatal(err)
	}

	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range msgs {
				handle(d)
			}
		}()
	}
	wg.Wait()
}
