package consumer

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"

	amqp "github.com/rabbitmq/amqp091-go"
)

var ErrPermanent = errors.New("permanent failure")

type Handler func(ctx context.Context, body []byte) error

type Runner struct {
	Channel *amqp.Channel
	Queue   string
	Handle  Handler
	Log     *slog.Logger
}

// Run settles every delivery from the handler's result.
func (r *Runner) Run(ctx context.Context) error {
	deliveries, err := r.Channel.Consume(r.Queue, "", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range deliveries {
		err := r.Handle(ctx, d.Body)
		switch {
		case err == nil:
			if ackErr := d.Ack(false); ackErr != nil {
				r.Log.Error("ack failed", "err", ackErr)
			}
		case errors.Is(err, ErrPermanent):
			r.Log.Warn("dropping message", "err", err)
			_ = d.Reject(false)
		default:
			r.Log.Warn("transient failure, dead-lettering for retry", "err", err)
			_ = d.Nack(false, false)
		}
	}
	return nil
}

type PriceUpdate struct {
	SKU   string  `json:"sku"`
	Price float64 `json:"price"`
}

func PriceHandler(store map[string]float64) Handler {
	return func(_ context.Context, body []byte) error {
		var u PriceUpdate
		if err := json.Unmarshal(body, &u); err != nil {
			return errors.Join(ErrPermanent, err)
		}
		store[u.SKU] = u.Price
		return nil
	}
}
