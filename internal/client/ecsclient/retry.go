package ecsclient

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// DefaultMaxRetries is used when Config.MaxRetries is 0; a negative Config.MaxRetries means no retries at all.
const DefaultMaxRetries = 10

const (
	backoffBase = 200 * time.Millisecond
	backoffCap  = 10 * time.Second
)

// retryPolicy retries an action with exponential backoff and full jitter. Its clock, sleep and jitter are
// fields so that tests run retries without waiting.
type retryPolicy struct {
	maxRetries int
	base, cap  time.Duration
	now        func() time.Time
	// sleep waits d or until ctx is done, whichever comes first, and then returns ctx.Err().
	sleep func(ctx context.Context, d time.Duration) error
	// jitter returns a duration in [0, limit).
	jitter func(limit time.Duration) time.Duration
}

func newRetryPolicy(maxRetries int) retryPolicy {
	switch {
	case maxRetries == 0:
		maxRetries = DefaultMaxRetries
	case maxRetries < 0:
		maxRetries = 0
	}
	return retryPolicy{
		maxRetries: maxRetries,
		base:       backoffBase,
		cap:        backoffCap,
		now:        time.Now,
		sleep:      sleepContext,
		jitter:     fullJitter,
	}
}

func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

func fullJitter(limit time.Duration) time.Duration {
	if limit <= 0 {
		return 0
	}
	return rand.N(limit)
}

// backoff is the wait before retry number retry (1-based): uniform in [0, min(cap, base*2^(retry-1))).
func (p retryPolicy) backoff(retry int) time.Duration {
	ceiling := p.cap
	if shift := retry - 1; shift < 30 && p.base<<shift < p.cap {
		ceiling = p.base << shift
	}
	return p.jitter(ceiling)
}

// attemptFunc makes one attempt and returns the request ID of the answer, if any.
type attemptFunc func(ctx context.Context) (requestID string, err error)

// do runs attempt until it succeeds, fails for good, the retries are used up or ctx ends. The error it returns
// is an *APIError (Attempts set), or wraps one together with ctx's error, or, when the next wait would pass
// ctx's deadline, wraps the last *APIError with the reason for giving up early.
func (p retryPolicy) do(ctx context.Context, action string, attempt attemptFunc) error {
	var last *APIError
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return stoppedByContext(action, err, n-1, last)
		}
		start := p.now()
		requestID, err := attempt(ctx)
		elapsed := p.now().Sub(start)
		if err != nil && ctx.Err() != nil {
			// The attempt was abandoned because ctx ended, whatever error it reports.
			logAttempt(ctx, action, n, requestID, elapsed, nil, ctx.Err())
			return stoppedByContext(action, ctx.Err(), n, last)
		}
		apiErr := toAPIError(action, err)
		logAttempt(ctx, action, n, requestID, elapsed, apiErr, nil)
		if apiErr == nil {
			return nil
		}
		apiErr.Attempts = n
		last = apiErr
		if !IsRetryable(apiErr) || n > p.maxRetries {
			return apiErr
		}
		delay := p.backoff(n)
		if deadline, ok := ctx.Deadline(); ok && p.now().Add(delay).After(deadline) {
			return fmt.Errorf("gave up on ECS %s after %d attempts: the next retry (in %s) would pass the operation's deadline: %w",
				action, n, delay.Round(time.Millisecond), apiErr)
		}
		logRetry(ctx, action, n, delay, apiErr)
		if err := p.sleep(ctx, delay); err != nil {
			return stoppedByContext(action, err, n, last)
		}
	}
}

// stoppedByContext wraps ctx's error, and the last API error if there was one, so that errors.Is(err,
// context.DeadlineExceeded) and IsThrottling(err) both answer truthfully.
func stoppedByContext(action string, ctxErr error, attempts int, last *APIError) error {
	if last == nil {
		return fmt.Errorf("ECS %s stopped after %d attempts: %w", action, attempts, ctxErr)
	}
	return fmt.Errorf("ECS %s stopped after %d attempts: %w; last error: %w", action, attempts, ctxErr, last)
}
