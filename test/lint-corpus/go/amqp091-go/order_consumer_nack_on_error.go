package orders

import (
	"context"
	"encoding/json"
	"log/slog"

	amqp "github.com/rabbitmq/amqp091-go"
)

type Order struct {
	ID       string  `json:"id"`
	Customer string  `json:"customer"`
	Total    float64 `json:"total"`
}

type Store interface {
	Save(ctx context.Context, o Order) error
}

type Consumer struct {
	ch    *amqp.Channel
	store Store
	log   *slog.Logger
}

func NewConsumer(ch *amqp.Channel, store Store, log *slog.Logger) *Consumer {
	return &Consumer{ch: ch, store: store, log: log}
}

func (c *Consumer) Run(ctx context.Context) error {
	if _, err := c.ch.QueueDeclare("orders.created", true, false, false, false, amqp.Table{
		"x-dead-letter-exchange": "orders.dlx",
	}); err != nil {
		return err
	}
	if err := c.ch.Qos(20, 0, false); err != nil {
		return err
	}
	deliveries, err := c.ch.Consume("orders.created", "orders-svc", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case d, ok := <-deliveries:
			if !ok {
				return nil
			}
			var o Order
			if err := json.Unmarshal(d.Body, &o); err != nil {
				c.log.Error("invalid order", "err", err)
				_ = d.Nack(false, false)
				continue
			}
			if err := c.store.Save(ctx, o); err != nil {
				c.log.Error("save failed", "order", o.ID, "err", err)
				_ = d.Nack(false, false)
				continue
			}
			_ = d.Ack(false)
		}
	}
}
