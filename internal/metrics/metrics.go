// Package metrics exposes tumbuh's Prometheus metrics at /metrics: turns,
// the outbox and its sender, broadcasts, and the Go runtime.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the collectors of one process on their own registry.
type Metrics struct {
	reg         *prometheus.Registry
	turns       *prometheus.CounterVec
	turnSeconds prometheus.Histogram
	sends       *prometheus.CounterVec
	sendSeconds *prometheus.HistogramVec
}

// Pacing tells the current bulk pacing: the rate (messages a second, 0
// unpaced), whether this process leads the bulk sending, and until when a
// 429 pauses it.
type Pacing interface {
	Rate() float64
	Leading() bool
	PausedUntil() time.Time
}

// New registers every collector. db is read when /metrics is scraped (the
// outbox depth, the age of its oldest row, broadcast progress), bounded by
// a two-second timeout.
func New(db *sqlx.DB, pacing Pacing, log *slog.Logger) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.turns = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "tumbuh_turns_total",
		Help: "Updates handled, by outcome: ok, duplicate (a repeat delivery, deduplicated), apology (failed, the person told), unavailable (database down, Telegram retries), error.",
	}, []string{"outcome"})
	m.turnSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "tumbuh_turn_duration_seconds",
		Help:    "How long an update took to handle, until its replies were queued.",
		Buckets: []float64{.002, .005, .01, .02, .05, .1, .2, .5, 1, 2, 5},
	})
	m.sends = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "tumbuh_sends_total",
		Help: "Telegram calls made by the sender, by outbox kind and result: ok, 429, 403, 4xx, 5xx, network.",
	}, []string{"kind", "result"})
	m.sendSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "tumbuh_send_duration_seconds",
		Help:    "Latency of one Telegram call, by outbox kind.",
		Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"kind"})
	m.reg.MustRegister(m.turns, m.turnSeconds, m.sends, m.sendSeconds,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&dbCollector{db: db, log: log}, &pacingCollector{p: pacing})
	for _, o := range []string{"ok", "duplicate", "apology", "unavailable", "error"} {
		m.turns.WithLabelValues(o)
	}
	return m
}

// Turn records one update (conversation.Handler.Observe).
func (m *Metrics) Turn(outcome string, d time.Duration) {
	m.turns.WithLabelValues(outcome).Inc()
	if outcome != "duplicate" {
		m.turnSeconds.Observe(d.Seconds())
	}
}

// Sent records one Telegram call (outbox.Observer).
func (m *Metrics) Sent(kind, result string, latency time.Duration) {
	m.sends.WithLabelValues(kind, result).Inc()
	m.sendSeconds.WithLabelValues(kind).Observe(latency.Seconds())
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

var (
	descDepth = prometheus.NewDesc("tumbuh_outbox_pending", "Outbox rows waiting to be sent, by kind.", []string{"kind"}, nil)
	descAge   = prometheus.NewDesc("tumbuh_outbox_oldest_pending_seconds",
		"Age of the oldest outbox row that is due and not sent, by kind (0 when none).", []string{"kind"}, nil)
	descBroadcast = prometheus.NewDesc("tumbuh_broadcast_messages",
		"Messages of broadcasts still sending or finished in the last day, by broadcast and status (pending, sent, blocked, failed, cancelled).",
		[]string{"broadcast", "status"}, nil)
	descRate    = prometheus.NewDesc("tumbuh_sender_pacing_rate", "Bulk messages a second this process sends at when it leads (0: paused or unpaced).", nil, nil)
	descLeading = prometheus.NewDesc("tumbuh_sender_leader", "1 when this process leads the bulk sending.", nil, nil)
)

// dbCollector reads the outbox and broadcasts when scraped.
type dbCollector struct {
	db  *sqlx.DB
	log *slog.Logger
}

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descDepth
	ch <- descAge
	ch <- descBroadcast
}

func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var depth []struct {
		Kind    string  `db:"kind"`
		Pending float64 `db:"pending"`
		Age     float64 `db:"age"`
	}
	// "not_before IS NOT NULL" is always true; it lets the due index
	// (migration 0015) count the queue.
	const q = `
		SELECT k.kind, count(o.id) AS pending,
			COALESCE(EXTRACT(EPOCH FROM now() - min(o.not_before) FILTER (WHERE o.not_before <= now())), 0) AS age
		FROM unnest(ARRAY['reply', 'reminder', 'broadcast']) AS k(kind)
		LEFT JOIN outbox o ON o.kind = k.kind AND o.status = 'pending' AND o.not_before IS NOT NULL
		GROUP BY k.kind`
	if err := c.db.SelectContext(ctx, &depth, q); err != nil {
		c.log.Warn("metrics: outbox depth", "error", err)
	}
	for _, d := range depth {
		ch <- prometheus.MustNewConstMetric(descDepth, prometheus.GaugeValue, d.Pending, d.Kind)
		ch <- prometheus.MustNewConstMetric(descAge, prometheus.GaugeValue, d.Age, d.Kind)
	}
	var bcs []struct {
		ID     int64   `db:"id"`
		Status string  `db:"status"`
		N      float64 `db:"n"`
	}
	const qb = `
		SELECT o.broadcast_id AS id,
			CASE WHEN o.status = 'dropped' AND o.last_error = 'cancelled' THEN 'cancelled'
				WHEN o.status = 'dropped' THEN 'blocked' ELSE o.status END AS status,
			count(*) AS n
		FROM outbox o JOIN broadcasts b ON b.id = o.broadcast_id
		WHERE b.created_at > now() - interval '1 day'
		GROUP BY 1, 2`
	if err := c.db.SelectContext(ctx, &bcs, qb); err != nil {
		c.log.Warn("metrics: broadcast progress", "error", err)
	}
	for _, b := range bcs {
		ch <- prometheus.MustNewConstMetric(descBroadcast, prometheus.GaugeValue, b.N, strconv.FormatInt(b.ID, 10), b.Status)
	}
}

// pacingCollector reports the sender's pacing.
type pacingCollector struct{ p Pacing }

func (c *pacingCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descRate
	ch <- descLeading
}

func (c *pacingCollector) Collect(ch chan<- prometheus.Metric) {
	rate, leading := c.p.Rate(), 0.0
	if c.p.Leading() {
		leading = 1
	}
	if c.p.PausedUntil().After(time.Now()) || leading == 0 {
		rate = 0
	}
	ch <- prometheus.MustNewConstMetric(descRate, prometheus.GaugeValue, rate)
	ch <- prometheus.MustNewConstMetric(descLeading, prometheus.GaugeValue, leading)
}
