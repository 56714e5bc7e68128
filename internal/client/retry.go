package client

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

const (
	backoffBase = 200 * time.Millisecond
	backoffCap  = 10 * time.Second
	// refusedBackoffCap keeps the waits between attempts at an endpoint that refuses connections short, so
	// that a call goes on soon after the endpoint is back.
	refusedBackoffCap = 2 * time.Second
)

// DefaultRefusedBudget is how long a call retries an endpoint that refuses connections (Config.RefusedBudget
// zero): long enough to ride out a restart of the endpoint (a proxy, a private endpoint, the emulator), short
// enough that a wrong port is reported soon.
const DefaultRefusedBudget = 20 * time.Second

// RetryPolicy retries a call with exponential backoff and full jitter. Its clock, sleep and jitter are fields
// so that tests run retries without waiting.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt; 0 means none.
	MaxRetries int
	Base, Cap  time.Duration
	Now        func() time.Time
	// Sleep waits d or until ctx is done, whichever comes first, and then returns ctx.Err().
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a duration in [0, limit).
	Jitter func(limit time.Duration) time.Duration
	// Retryable decides whether an attempt's error is worth another attempt; nil means IsRetryable. A product
	// adds its own transient codes here, on top of IsRetryable.
	Retryable func(err error) bool
	// RefusedBudget bounds in time, not in number, the retries of a refused connection (nothing listens at
	// the endpoint, as while it restarts): they go on, with waits of at most refusedBackoffCap, until
	// RefusedBudget has passed since the call's first refusal, and do not count against MaxRetries, whose
	// backoff would make them either too short to ride out a restart or over a minute long. MaxRetries 0 still
	// means no retry at all. Each such retry is logged at WARN, so that the wait is visible.
	RefusedBudget time.Duration
	// Endpoint (scheme://host[:port]) and CredentialSource are set on the call's errors, which name them.
	Endpoint, CredentialSource string
}

// NewRetryPolicy is the policy for Config.MaxRetries: nil means DefaultMaxRetries, 0 no retries (negative
// values count as 0; OpenAPIConfig refuses them before they get here).
func NewRetryPolicy(maxRetries *int) RetryPolicy {
	n := DefaultMaxRetries
	if maxRetries != nil {
		n = max(*maxRetries, 0)
	}
	return RetryPolicy{
		MaxRetries:    n,
		Base:          backoffBase,
		Cap:           backoffCap,
		Now:           time.Now,
		Sleep:         SleepContext,
		Jitter:        FullJitter,
		RefusedBudget: DefaultRefusedBudget,
	}
}

// NewRetryPolicyFor is the policy of product's calls made with cfg: NewRetryPolicy(cfg.MaxRetries), with
// the refused-connection budget, the endpoint and the credential source of cfg.
func NewRetryPolicyFor(product Product, cfg Config) RetryPolicy {
	p := NewRetryPolicy(cfg.MaxRetries)
	if cfg.RefusedBudget > 0 {
		p.RefusedBudget = cfg.RefusedBudget
	}
	if host, protocol, err := ResolveEndpoint(product, cfg.Region, cfg.Endpoint); err == nil {
		p.Endpoint = protocol + "://" + host
	}
	p.CredentialSource = cfg.CredentialSource
	return p
}

// SleepContext waits d, or until ctx ends, and returns ctx's error in that case.
func SleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// FullJitter returns a duration uniform in [0, limit): spreading retries over the whole window keeps many
// clients throttled together from coming back together.
func FullJitter(limit time.Duration) time.Duration {
	if limit <= 0 {
		return 0
	}
	return rand.N(limit)
}

// Backoff is the wait before retry number retry (1-based): uniform in [0, min(Cap, Base*2^(retry-1))).
func (p RetryPolicy) Backoff(retry int) time.Duration { return p.backoff(retry, p.Cap) }

func (p RetryPolicy) backoff(retry int, limit time.Duration) time.Duration {
	ceiling := limit
	if shift := retry - 1; shift < 30 && p.Base<<shift < limit {
		ceiling = p.Base << shift
	}
	return p.Jitter(ceiling)
}

func (p RetryPolicy) retryable(err error) bool {
	if p.Retryable != nil {
		return p.Retryable(err)
	}
	return IsRetryable(err)
}

// AttemptFunc makes one attempt and returns the request ID of the answer, if any.
type AttemptFunc func(ctx context.Context) (requestID string, err error)

// Do runs attempt until it succeeds, fails for good, the retries are used up or ctx ends. The error it
// returns is an *APIError (Attempts set), or wraps one together with ctx's error, or, when the next wait would
// pass ctx's deadline, wraps the last *APIError with the reason for giving up early. A refused connection is
// retried within RefusedBudget rather than MaxRetries.
func (p RetryPolicy) Do(ctx context.Context, product Product, action string, attempt AttemptFunc) error {
	var last *APIError
	retries, refusedRetries := 0, 0 // retries made, counted apart: only the first count against MaxRetries
	var firstRefused time.Time
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return stoppedByContext(product, action, err, n-1, last)
		}
		start := p.Now()
		requestID, err := attempt(ctx)
		elapsed := p.Now().Sub(start)
		if err != nil && ctx.Err() != nil {
			// The attempt was abandoned because ctx ended, whatever error it reports.
			logAttempt(ctx, product, action, n, requestID, elapsed, nil, ctx.Err())
			return stoppedByContext(product, action, ctx.Err(), n, last)
		}
		apiErr := toAPIError(product, action, err)
		logAttempt(ctx, product, action, n, requestID, elapsed, apiErr, nil)
		if apiErr == nil {
			return nil
		}
		apiErr.Attempts = n
		if apiErr.Endpoint == "" {
			apiErr.Endpoint = p.Endpoint
		}
		if apiErr.CredentialSource == "" {
			apiErr.CredentialSource = p.CredentialSource
		}
		last = apiErr
		if !p.retryable(apiErr) || p.MaxRetries == 0 {
			return apiErr
		}
		var delay time.Duration
		if isRefused(apiErr) {
			if firstRefused.IsZero() {
				firstRefused = start
			}
			now := p.Now()
			left := firstRefused.Add(p.RefusedBudget).Sub(now)
			if left <= 0 {
				apiErr.RefusedFor = now.Sub(firstRefused)
				return apiErr
			}
			refusedRetries++
			// The last wait is cut to end with the budget, so that the endpoint gets the whole budget to come back.
			delay = min(p.backoff(refusedRetries, refusedBackoffCap), left)
		} else {
			if retries >= p.MaxRetries {
				return apiErr
			}
			retries++
			delay = p.Backoff(retries)
		}
		if deadline, ok := ctx.Deadline(); ok && p.Now().Add(delay).After(deadline) {
			return fmt.Errorf("gave up on %s after %d attempts: the next retry (in %s) would pass the operation's deadline: %w",
				callName(product, action), n, delay.Round(time.Millisecond), apiErr)
		}
		if isRefused(apiErr) {
			logRefusedRetry(ctx, p, product, action, n, delay, p.Now().Sub(firstRefused))
		} else {
			logRetry(ctx, product, action, n, delay, apiErr)
		}
		if err := p.Sleep(ctx, delay); err != nil {
			return stoppedByContext(product, action, err, n, last)
		}
	}
}

// stoppedByContext wraps ctx's error, and the last API error if there was one, so that errors.Is(err,
// context.DeadlineExceeded) and IsThrottling(err) both answer truthfully.
func stoppedByContext(product Product, action string, ctxErr error, attempts int, last *APIError) error {
	if last == nil {
		return fmt.Errorf("%s stopped after %d attempts: %w", callName(product, action), attempts, ctxErr)
	}
	return fmt.Errorf("%s stopped after %d attempts: %w; last error: %w", callName(product, action), attempts, ctxErr, last)
}
