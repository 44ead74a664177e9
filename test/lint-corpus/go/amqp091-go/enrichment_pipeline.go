// Package pipeline enriches raw click events and republishes them.
package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

type Click struct {
	SessionID string    `json:"session_id"`
	URL       string    `json:"url"`
	At        time.Time `json:"at"`
	Country   string    `json:"country,omitempty"`
}

type GeoIP interface {
	Country(ctx context.Context, sessionID string) (string, error)
}

var ErrGeoUnavailable = errors.New("geoip unavailable")

type Pipeline struct {
	conn *amqp.Connection
	ch   *amqp.Channel
	geo  GeoIP
	log  *slog.Logger
}

func New(url string, geo GeoIP, log *slog.Logger) (*Pipeline, error) {
	conn, err := amqp.Dial(url)
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	ch, err := conn.Channel()
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("channel: %w", err)
	}
	if err := ch.Confirm(false); err != nil {
		return nil, fmt.Errorf("confirm: %w", err)
	}
	return &Pipeline{conn: conn, ch: ch, geo: geo, log: log}, nil
}

func (p *Pipeline) declare() error {
	if err := p.ch.ExchangeDeclare("clicks.enriched", "topic", true, false, false, false, nil); err != nil {
		return err
	}
	_, err := p.ch.QueueDeclare("clicks.raw", true, false, false, false, amqp.Table{
		"x-dead-letter-exchange": "clicks.dlx",
	})
	return err
}

// Run consumes until ctx is cancelled or the geo service goes away.
func (p *Pipeline) Run(ctx context.Context) error {
	if err := p.declare(); err != nil {
		return err
	}
	if err := p.ch.Qos(64, 0, false); err != nil {
		return err
	}
	deliveries, err := p.ch.Consume("clicks.raw", "enricher", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range deliveries {
		var c Click
		if err := json.Unmarshal(d.Body, &c); err != nil {
			p.log.Warn("malformed click", "err", err)
			_ = d.Reject(false)
			continue
		}
		country, err := p.geo.Country(ctx, c.SessionID)
		if errors.Is(err, ErrGeoUnavailable) {
			p.log.Error("geoip down, stopping pipeline")
			return err
		}
		if err != nil {
			p.log.Warn("geoip lookup failed", "session", c.SessionID, "err", err)
		}
		c.Country = country
		if err := p.publish(ctx, c); err != nil {
			p.log.Error("publish failed", "err", err)
			_ = d.Nack(false, false)
			continue
		}
		_ = d.Ack(false)
	}
	return nil
}

func (p *Pipeline) publish(ctx context.Context, c Click) error {
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conf, err := p.ch.PublishWithDeferredConfirmWithContext(ctx, "clicks.enriched", "click."+c.Country, false, false,
		amqp.Publishing{ContentType: "application/json", DeliveryMode: amqp.Persistent, Body: body})
	if err != nil {
		return err
	}
	if ok, err := conf.WaitContext(ctx); err != nil || !ok {
		return fmt.Errorf("publish not confirmed: %v", err)
	}
	return nil
}

func (p *Pipeline) Close() error {
	if err := p.ch.Close(); err != nil {
		return err
	}
	return p.conn.Close()
}
