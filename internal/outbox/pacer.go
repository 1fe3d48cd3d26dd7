package outbox

import (
	"context"
	"sync"
	"time"
)

// Clock is the time the bulk pacer goes by. Tests pass a fake one, so a
// minute of sending takes no minute.
type Clock interface {
	Now() time.Time
	// SleepUntil returns at t, or with ctx's error when ctx ends first.
	SleepUntil(ctx context.Context, t time.Time) error
}

// RealClock is the wall clock.
type RealClock struct{}

// Now is time.Now.
func (RealClock) Now() time.Time { return time.Now() }

// SleepUntil sleeps until t or ctx ends.
func (RealClock) SleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// Pacer hands out send slots at a fixed rate: slot n+1 comes 1/rate after
// slot n, with no burst beyond one slot, so over any minute the count stays
// within one message of rate × 60. A pause (Telegram's 429) pushes every
// slot after its end. A zero rate hands out slots at once.
type Pacer struct {
	clock Clock

	mu     sync.Mutex
	rate   float64
	next   time.Time
	paused time.Time
}

// NewPacer returns a pacer at rate messages a second (0: unpaced).
func NewPacer(rate float64, clock Clock) *Pacer {
	if clock == nil {
		clock = RealClock{}
	}
	return &Pacer{clock: clock, rate: rate}
}

// Rate is the pacer's rate in messages a second (0: unpaced).
func (p *Pacer) Rate() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rate
}

// Pause holds every slot for d from now, on the pacer's clock; a shorter
// pause does not cut a longer one short.
func (p *Pacer) Pause(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if until := p.clock.Now().Add(d); until.After(p.paused) {
		p.paused = until
	}
}

// PausedUntil tells until when the pacer is paused.
func (p *Pacer) PausedUntil() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused
}

// Wait blocks until the caller's slot; it fails only when ctx ends.
func (p *Pacer) Wait(ctx context.Context) error {
	for {
		p.mu.Lock()
		now := p.clock.Now()
		at := now
		if p.paused.After(at) {
			at = p.paused
		}
		if p.rate > 0 {
			if p.next.After(at) {
				at = p.next
			}
			p.next = at.Add(time.Duration(float64(time.Second) / p.rate))
		}
		p.mu.Unlock()
		if err := p.clock.SleepUntil(ctx, at); err != nil {
			return err
		}
		// A 429 that came in while this caller slept moves its slot too.
		if !p.PausedUntil().After(p.clock.Now()) {
			return nil
		}
	}
}
