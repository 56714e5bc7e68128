package client

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestBackoff_growsToCap(t *testing.T) {
	p := NewRetryPolicy(nil)
	p.Jitter = func(limit time.Duration) time.Duration { return limit }
	want := []time.Duration{200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, 1600 * time.Millisecond,
		3200 * time.Millisecond, 6400 * time.Millisecond, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		if got := p.Backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := p.Backoff(1000); got != 10*time.Second {
		t.Errorf("backoff(1000) = %v, want the cap", got)
	}
	if p.MaxRetries != DefaultMaxRetries {
		t.Errorf("maxRetries = %d, want %d", p.MaxRetries, DefaultMaxRetries)
	}
}

func TestFullJitter_staysBelowLimit(t *testing.T) {
	for range 1000 {
		if d := FullJitter(time.Second); d < 0 || d >= time.Second {
			t.Fatalf("FullJitter(1s) = %v", d)
		}
	}
	if d := FullJitter(0); d != 0 {
		t.Errorf("FullJitter(0) = %v", d)
	}
}

// fakeClock moves only when the policy sleeps, so that retries run without waiting.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) policy(maxRetries *int) RetryPolicy {
	p := NewRetryPolicy(maxRetries)
	p.Now = func() time.Time { return c.now }
	p.Sleep = func(ctx context.Context, d time.Duration) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.sleeps = append(c.sleeps, d)
		c.now = c.now.Add(d)
		return nil
	}
	p.Jitter = func(limit time.Duration) time.Duration { return limit }
	return p
}

func TestNewRetryPolicy_unsetMeansDefaultAndZeroMeansNone(t *testing.T) {
	for _, tt := range []struct {
		in   *int
		want int
	}{{nil, DefaultMaxRetries}, {new(0), 0}, {new(3), 3}, {new(-1), 0}} {
		if got := NewRetryPolicy(tt.in).MaxRetries; got != tt.want {
			t.Errorf("NewRetryPolicy(%v).MaxRetries = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestDo_retriesTransientErrorsUntilSuccess(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := clock.policy(nil)
	n := 0
	err := p.Do(context.Background(), ProductSTS, "GetCallerIdentity", func(context.Context) (string, error) {
		n++
		if n < 3 {
			return "", &APIError{Code: "Throttling.User", HTTPStatus: 400, RequestID: "r"}
		}
		return "ok", nil
	})
	if err != nil || n != 3 {
		t.Fatalf("Do = %v after %d attempts, want success after 3", err, n)
	}
	if len(clock.sleeps) != 2 || clock.sleeps[0] != 200*time.Millisecond || clock.sleeps[1] != 400*time.Millisecond {
		t.Errorf("sleeps %v, want [200ms 400ms]", clock.sleeps)
	}
}

func TestDo_retryableDecidesWhatIsRetried(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := clock.policy(new(5))
	p.Retryable = func(err error) bool { return IsCode(err, "Busy") }
	n := 0
	err := p.Do(context.Background(), ProductECS, "X", func(context.Context) (string, error) {
		n++
		if n == 1 {
			return "", &APIError{Code: "Busy", HTTPStatus: 403}
		}
		return "", &APIError{Code: "Throttling", HTTPStatus: 400} // retryable for IsRetryable, not for this policy
	})
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok || apiErr.Code != "Throttling" || apiErr.Attempts != 2 || apiErr.Product != ProductECS || apiErr.Action != "X" {
		t.Fatalf("error %v, want Throttling after 2 attempts", err)
	}
}

func TestDo_givesUpWhenTheNextWaitPassesTheDeadline(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := clock.policy(new(100))
	ctx, cancel := context.WithDeadline(context.Background(), clock.now.Add(time.Second))
	defer cancel()
	n := 0
	err := p.Do(ctx, ProductECS, "DeleteSnapshot", func(context.Context) (string, error) {
		n++
		return "", &APIError{Code: "ServiceUnavailable", HTTPStatus: 503}
	})
	// Waits .2 and .4 fit in the second; the next .8 would end past it.
	if n != 3 || !strings.Contains(err.Error(), "deadline") || !strings.Contains(err.Error(), "ECS DeleteSnapshot") {
		t.Fatalf("%d attempts, error %v; want 3 and a deadline message", n, err)
	}
	if apiErr, ok := errors.AsType[*APIError](err); !ok || apiErr.Attempts != 3 {
		t.Errorf("error %v does not wrap the last API error", err)
	}
}

func TestDo_endedContextMakesNoAttempt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := NewRetryPolicy(nil).Do(ctx, ProductECS, "X", func(context.Context) (string, error) {
		t.Error("attempt made after the context ended")
		return "", nil
	})
	if !errors.Is(err, context.Canceled) || IsRetryable(err) {
		t.Errorf("error %v, want context.Canceled, not retryable", err)
	}
}
