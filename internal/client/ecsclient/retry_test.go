package ecsclient

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/closedport"
)

func createOK(id string) fakeAnswer {
	return fakeAnswer{Body: map[string]any{"SnapshotId": id}}
}

func throttled() fakeAnswer {
	return fakeAnswer{Status: http.StatusForbidden, Body: apiErrorBody("Throttling.User", "Request was denied due to user flow control.")}
}

func TestRetry_throttlingThenSuccessReusesClientToken(t *testing.T) {
	fake := newFakeECS(t, func(call fakeCall, n int) fakeAnswer {
		if n <= 2 {
			return throttled()
		}
		return createOK("s-123")
	})
	c, clock := newTestClient(t, fake.server.URL, nil)

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

func TestRetry_keepsCallersClientToken(t *testing.T) {
	fake := newFakeECS(t, func(call fakeCall, n int) fakeAnswer {
		if n == 1 {
			return fakeAnswer{Drop: true}
		}
		return createOK("s-1")
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
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

func TestRetry_stopsBeforeDeadline(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer { return throttled() })
	c, clock := newTestClient(t, fake.server.URL, new(100))
	start := clock.Now()
	ctx, cancel := context.WithDeadline(context.Background(), start.Add(time.Minute))
	defer cancel()

	err := c.DeleteSnapshot(ctx, "s-1", false)
	if err == nil {
		t.Fatal("no error")
	}
	// Waits at most: .2 .4 .8 1.6 3.2 6.4 10 10 10 10 = 52.6s; the next 10s would end past the minute.
	const wantAttempts = 11
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is no *client.APIError", err)
	}
	if apiErr.Attempts != wantAttempts {
		t.Errorf("Attempts = %d, want %d", apiErr.Attempts, wantAttempts)
	}
	if n := len(fake.Calls()); n != wantAttempts {
		t.Errorf("%d calls, want %d", n, wantAttempts)
	}
	if !client.IsThrottling(err) {
		t.Errorf("client.IsThrottling(%v) = false", err)
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

func TestRetry_nonRetryableStopsAtOnce(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Status: http.StatusNotFound, Body: apiErrorBody("InvalidDiskId.NotFound", "The specified disk does not exist.")}
	})
	c, clock := newTestClient(t, fake.server.URL, nil)

	_, err := c.CreateSnapshot(context.Background(), CreateSnapshotInput{DiskID: "d-missing"})
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is no *client.APIError", err)
	}
	want := client.APIError{Product: client.ProductECS, Action: "CreateSnapshot", Code: "InvalidDiskId.NotFound",
		Message: "The specified disk does not exist.", RequestID: "err-req", HTTPStatus: 404, Attempts: 1}
	// Every exported field; the unexported cause (the SDK's error) is not compared.
	got := client.APIError{Product: apiErr.Product, Action: apiErr.Action, Code: apiErr.Code, Message: apiErr.Message,
		RequestID: apiErr.RequestID, HTTPStatus: apiErr.HTTPStatus, Attempts: apiErr.Attempts}
	if got != want {
		t.Errorf("error = %+v, want %+v", got, want)
	}
	if !client.IsNotFound(err) || IsRetryable(err) {
		t.Errorf("IsNotFound %v IsRetryable %v", client.IsNotFound(err), IsRetryable(err))
	}
	if len(fake.Calls()) != 1 || len(clock.Sleeps()) != 0 {
		t.Errorf("%d calls, %d sleeps; want 1 and 0", len(fake.Calls()), len(clock.Sleeps()))
	}
}

func TestRetry_maxRetries(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer {
		return fakeAnswer{Status: http.StatusServiceUnavailable, Body: apiErrorBody("ServiceUnavailable", "busy")}
	})
	c, _ := newTestClient(t, fake.server.URL, new(2))
	err := c.JoinResourceGroup(context.Background(), ResourceTypeSnapshot, "s-1", "rg-1")
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.Attempts != 3 {
		t.Fatalf("error %v, want an *client.APIError after 3 attempts", err)
	}
	if !strings.Contains(err.Error(), "after 3 attempts") {
		t.Errorf("error %q does not count attempts", err)
	}
	if n := len(fake.Calls()); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
}

func TestRetry_zeroMaxRetriesMeansNone(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer { return throttled() })
	c, _ := newTestClient(t, fake.server.URL, new(0))
	if err := c.DeleteSnapshot(context.Background(), "s-1", false); !client.IsThrottling(err) {
		t.Fatalf("error %v, want throttling", err)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestRetry_unsetMaxRetriesMeansDefault(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer { return throttled() })
	c, _ := newTestClient(t, fake.server.URL, nil)
	err := c.DeleteSnapshot(context.Background(), "s-1", false)
	apiErr, ok := errors.AsType[*client.APIError](err)
	if !ok || apiErr.Attempts != client.DefaultMaxRetries+1 {
		t.Fatalf("error %v, want an *APIError after %d attempts", err, client.DefaultMaxRetries+1)
	}
	if n := len(fake.Calls()); n != client.DefaultMaxRetries+1 {
		t.Errorf("%d calls, want %d", n, client.DefaultMaxRetries+1)
	}
}

func TestRetry_stopsWhenContextCanceledWhileWaiting(t *testing.T) {
	fake := newFakeECS(t, func(fakeCall, int) fakeAnswer { return throttled() })
	c, _ := newTestClient(t, fake.server.URL, nil)
	ctx, cancel := context.WithCancel(context.Background())
	c.retry.Sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		return ctx.Err()
	}
	err := c.DeleteSnapshot(ctx, "s-1", false)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v is not context.Canceled", err)
	}
	if !client.IsThrottling(err) {
		t.Errorf("error %v lost the last API error", err)
	}
	if IsRetryable(err) {
		t.Errorf("IsRetryable(%v) = true after cancellation", err)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestAttempt_abandonedWhenContextEnds(t *testing.T) {
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
	c, _ := newTestClient(t, fake.server.URL, nil)
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

func TestConnectionRefused_isConnectionError(t *testing.T) {
	c, clock := newTestClient(t, "http://"+closedport.ForTest(t), new(3))
	err := c.DeleteSnapshot(context.Background(), "s-1", false)
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is no *client.APIError", err)
	}
	// A refused connection is retried for client.DefaultRefusedBudget whatever max_retries says (3 here):
	// waits of .2 .4 .8 1.6, eight of 2s, and a last one of 1s make 20s.
	if apiErr.Code != client.CodeConnection || apiErr.Attempts != 14 || apiErr.HTTPStatus != 0 {
		t.Errorf("error %+v, want %s after 14 attempts", apiErr, client.CodeConnection)
	}
	if !IsRetryable(err) {
		t.Errorf("IsRetryable(%v) = false", err)
	}
	if got := len(clock.Sleeps()); got != 13 {
		t.Errorf("%d waits, want 13", got)
	}
}
