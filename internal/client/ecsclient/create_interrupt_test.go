package ecsclient

import (
	"context"
	"errors"
	"testing"
)

// An interrupt that arrives while the API is creating the snapshot must not lose the answer: the snapshot
// exists, and its ID is what lets the provider keep it in the state rather than orphan it.
func TestCreateSnapshot_interruptedInFlightReturnsTheID(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	received := make(chan struct{})
	fake := newFakeECS(t, func(call fakeCall, n int) fakeAnswer {
		close(received)
		<-ctx.Done() // the API acts while the caller is interrupted
		return createOK("s-made-anyway")
	})
	c, _ := newTestClient(t, fake.server.URL, nil)
	go func() {
		<-received
		cancel()
	}()
	id, err := c.CreateSnapshot(ctx, CreateSnapshotInput{DiskID: "d-1"})
	if err != nil || id != "s-made-anyway" {
		t.Fatalf("CreateSnapshot = %q, %v; want the snapshot the API made", id, err)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

// The interrupt stops the retries, though: no new attempt starts after it.
func TestCreateSnapshot_interruptStopsRetries(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fake := newFakeECS(t, func(call fakeCall, n int) fakeAnswer {
		cancel()
		return throttled()
	})
	c, _ := newTestClient(t, fake.server.URL, new(5))
	_, err := c.CreateSnapshot(ctx, CreateSnapshotInput{DiskID: "d-1"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("CreateSnapshot error %v, want it to wrap context.Canceled", err)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Errorf("%d calls, want 1: no retry after the interrupt", n)
	}
}

// Other calls are still abandoned at once when the caller stops: they change nothing worth an answer.
func TestDescribeSnapshots_interruptedInFlightIsAbandoned(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	received := make(chan struct{})
	fake := newFakeECS(t, func(call fakeCall, n int) fakeAnswer {
		close(received)
		<-release
		return fakeAnswer{}
	})
	// Registered after the fake's own cleanup, so it runs first: the server's Close waits for this handler.
	t.Cleanup(func() { close(release) })
	c, _ := newTestClient(t, fake.server.URL, nil)
	go func() {
		<-received
		cancel()
	}()
	_, err := c.DescribeSnapshots(ctx, DescribeSnapshotsInput{SnapshotIDs: []string{"s-1"}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("DescribeSnapshots error %v, want it to wrap context.Canceled", err)
	}
}
