package ecsclient

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func createOK(id string) fakeAnswer {
	return fakeAnswer{Body: map[string]any{"SnapshotId": id}}
}

func throttled() fakeAnswer {
	return fakeAnswer{Status: http.StatusForbidden, Body: apiErrorBody("Throttling.User", "Request was denied due to user flow control.")}
}

func TestRetryThrottlingThenSuccessReusesClientToken(t *testing.T) {
	fake := newFakeECS(t, func(call fakeCall, n int) fakeAnswer {
		if n <= 2 {
			return throttled()
		}
		return createOK("s-123")
	})
	c, clock := newTestClient(t, fake.server.URL, 0)

	id, err := c.CreateSnapshot(context.Background(), CreateSnapshotInput{DiskID: "d-1"})
	if err != nil {
		t.Fatalf("CreateSnapshot: %v", err)
	}
	if id != "s-123" {
		t.Errorf("id = %q, want s-123", id)
	}
	calls := fake.Calls()
	if len(calls) != 3 {
		t.Fatalf("%d calls, want 3", len(calls))
	}
	token := calls[0].Query.Get("ClientToken")
	if token == "" {
		t.Fatal("no ClientToken sent")
	}
	for i, call := range calls {
		if call.Action != "CreateSnapshot" {
			t.Errorf("call %d action %q", i, call.Action)
		}
		if got := call.Query.Get("ClientToken"); got != token {
			t.Errorf("call %d ClientToken %q, want %q", i, got, token)
		}
	}
	want := []time.Duration{200 * time.Millisecond, 400 * time.Millisecond}
	if got := clock.Sleeps(); !slices.Equal(got, want) {
		t.Errorf("sleeps %v, want %v", got, want)
	}
}

func TestRetryKeepsCallersClientToken(t *testing.T) {
	fake := newFakeECS(t, func(call fakeCall, n int) fakeAnswer {
		if n == 1 {
			return fakeAnswer{Drop: true}
		}
		return createOK("s-1")
	})
	c, _ := newTestClient(t, fake.server.URL, 0)
	if _, err := c.CreateSnapshot(context.Background(), CreateSnapshotInput{DiskID: "d-1", ClientToken: "my-token"}); err != nil {
		t.Fatalf("CreateSnapshot: %v", err)
	}
	calls := fake.Calls()
	if len(calls) != 2 {
		t.Fatalf("%d calls, want 2 (the dropped one retried)", len(calls))
	}
	for i, call := range calls {
		if got := call.Query.Get("ClientToken"); got != "my-token" {
			t.Errorf("call %d ClientToken %q", i, got)
		}
	}
}

func TestRetryStopsBeforeDeadline(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer { return throttled() })
	c, clock := newTestClient(t, fake.server.URL, 100)
	start := clock.Now()
	ctx, cancel := context.WithDeadline(context.Background(), start.Add(time.Minute))
	defer cancel()

	err := c.DeleteSnapshot(ctx, "s-1", false)
	if err == nil {
		t.Fatal("no error")
	}
	// Waits at most: .2 .4 .8 1.6 3.2 6.4 10 10 10 10 = 52.6s; the next 10s would end past the minute.
	const wantAttempts = 11
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is no *APIError", err)
	}
	if apiErr.Attempts != wantAttempts {
		t.Errorf("Attempts = %d, want %d", apiErr.Attempts, wantAttempts)
	}
	if n := len(fake.Calls()); n != wantAttempts {
		t.Errorf("%d calls, want %d", n, wantAttempts)
	}
	if !IsThrottling(err) {
		t.Errorf("IsThrottling(%v) = false", err)
	}
	for _, want := range []string{"DeleteSnapshot", "Throttling.User", "11 attempts", "deadline", "err-req"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	var slept time.Duration
	for _, d := range clock.Sleeps() {
		slept += d
	}
	if slept > time.Minute {
		t.Errorf("slept %v, past the deadline", slept)
	}
}

func TestRetryNonRetryableStopsAtOnce(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Status: http.StatusNotFound, Body: apiErrorBody("InvalidDiskId.NotFound", "The specified disk does not exist.")}
	})
	c, clock := newTestClient(t, fake.server.URL, 0)

	_, err := c.CreateSnapshot(context.Background(), CreateSnapshotInput{DiskID: "d-missing"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is no *APIError", err)
	}
	want := APIError{Action: "CreateSnapshot", Code: "InvalidDiskId.NotFound", Message: "The specified disk does not exist.",
		RequestID: "err-req", HTTPStatus: 404, Attempts: 1}
	apiErr.cause = nil
	if *apiErr != want {
		t.Errorf("error = %+v, want %+v", *apiErr, want)
	}
	if !IsNotFound(err) || IsRetryable(err) {
		t.Errorf("IsNotFound %v IsRetryable %v", IsNotFound(err), IsRetryable(err))
	}
	if len(fake.Calls()) != 1 || len(clock.Sleeps()) != 0 {
		t.Errorf("%d calls, %d sleeps; want 1 and 0", len(fake.Calls()), len(clock.Sleeps()))
	}
}

func TestRetryMaxRetries(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Status: http.StatusServiceUnavailable, Body: apiErrorBody("ServiceUnavailable", "busy")}
	})
	c, _ := newTestClient(t, fake.server.URL, 2)
	err := c.JoinResourceGroup(context.Background(), "s-1", "rg-1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Attempts != 3 {
		t.Fatalf("error %v, want an *APIError after 3 attempts", err)
	}
	if !strings.Contains(err.Error(), "after 3 attempts") {
		t.Errorf("error %q does not count attempts", err)
	}
	if n := len(fake.Calls()); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
}

func TestRetryNegativeMaxRetriesMeansNone(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer { return throttled() })
	c, _ := newTestClient(t, fake.server.URL, -1)
	if err := c.DeleteSnapshot(context.Background(), "s-1", false); !IsThrottling(err) {
		t.Fatalf("error %v, want throttling", err)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestRetryStopsWhenContextCanceledWhileWaiting(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer { return throttled() })
	c, _ := newTestClient(t, fake.server.URL, 0)
	ctx, cancel := context.WithCancel(context.Background())
	c.retry.sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		return ctx.Err()
	}
	err := c.DeleteSnapshot(ctx, "s-1", false)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v is not context.Canceled", err)
	}
	if !IsThrottling(err) {
		t.Errorf("error %v lost the last API error", err)
	}
	if IsRetryable(err) {
		t.Errorf("IsRetryable(%v) = true after cancellation", err)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestAttemptAbandonedWhenContextEnds(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		select {
		case started <- struct{}{}:
		default:
		}
		<-release
		return fakeAnswer{}
	})
	defer close(release)
	c, _ := newTestClient(t, fake.server.URL, 0)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	err := c.DeleteSnapshot(ctx, "s-1", false)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v is not context.Canceled", err)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestConnectionRefusedIsConnectionError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	c, clock := newTestClient(t, "http://"+addr, 3)
	err = c.DeleteSnapshot(context.Background(), "s-1", false)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is no *APIError", err)
	}
	if apiErr.Code != CodeConnection || apiErr.Attempts != 4 || apiErr.HTTPStatus != 0 {
		t.Errorf("error %+v, want %s after 4 attempts", apiErr, CodeConnection)
	}
	if !IsRetryable(err) {
		t.Errorf("IsRetryable(%v) = false", err)
	}
	if got := len(clock.Sleeps()); got != 3 {
		t.Errorf("%d waits, want 3", got)
	}
}

func TestBackoffGrowsToCap(t *testing.T) {
	p := newRetryPolicy(0)
	p.jitter = func(limit time.Duration) time.Duration { return limit }
	want := []time.Duration{200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, 1600 * time.Millisecond,
		3200 * time.Millisecond, 6400 * time.Millisecond, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		if got := p.backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := p.backoff(1000); got != 10*time.Second {
		t.Errorf("backoff(1000) = %v, want the cap", got)
	}
	if p.maxRetries != DefaultMaxRetries {
		t.Errorf("maxRetries = %d, want %d", p.maxRetries, DefaultMaxRetries)
	}
}

func TestFullJitterStaysBelowLimit(t *testing.T) {
	for range 1000 {
		if d := fullJitter(time.Second); d < 0 || d >= time.Second {
			t.Fatalf("fullJitter(1s) = %v", d)
		}
	}
	if d := fullJitter(0); d != 0 {
		t.Errorf("fullJitter(0) = %v", d)
	}
}
