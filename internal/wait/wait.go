// Package wait holds the pieces every waiter of the provider shares (the AWS provider's waiters are the
// model): a sleep that tests replace, the budget of transient failures a long wait rides out, and the
// wording of a wait that ends without reaching its goal. Each resource keeps its own find/status/wait
// functions at the foot of its file.
package wait

import (
	"context"
	"errors"
	"fmt"
	"time"
)

const (
	// TransientFailures is how many checks in a row may fail with a retryable error (throttling, 5xx, a
	// dropped connection, each already retried by the client) before a wait gives up: a long wait should not
	// fail on one bad minute of the API.
	TransientFailures = 5
	// MinInterval and MaxTransientInterval bound the backoff after failed checks.
	MinInterval          = 1 * time.Second
	MaxTransientInterval = 5 * time.Second
)

// Sleep waits d or until ctx is done, whichever comes first, and returns ctx's error in the latter case.
// Tests replace it with a fake clock.
type Sleep func(ctx context.Context, d time.Duration) error

// Context is the real Sleep.
func Context(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Transient reports whether err is worth another check: retryable (by the client's judgement) while ctx is
// still live and fewer than TransientFailures checks in a row have failed. It counts the failure.
func Transient(ctx context.Context, err error, retryable func(error) bool, failures *int) bool {
	if ctx.Err() != nil || !retryable(err) {
		return false
	}
	*failures++
	return *failures <= TransientFailures
}

// TransientDelay backs off after failed checks: MinInterval, doubling, up to MaxTransientInterval.
func TransientDelay(failures int) time.Duration {
	d := MinInterval << min(failures-1, 8)
	return min(d, MaxTransientInterval)
}

// Failure words the end of a wait that did not reach its goal: the timeout (or cancellation), with where
// the object was last seen (lastSeen, or "" when no status was seen), or the API error that stopped it.
// what names the object ("snapshot s-123").
func Failure(ctx context.Context, what, goal, lastSeen string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		if lastSeen == "" {
			lastSeen = "no status seen yet"
		}
		reason := "timed out"
		if errors.Is(ctxErr, context.Canceled) {
			reason = "cancelled"
		}
		return fmt.Errorf("%s waiting for %s to be %s (%s): %w", reason, what, goal, lastSeen, ctxErr)
	}
	return fmt.Errorf("waiting for %s to be %s: %w", what, goal, err)
}
