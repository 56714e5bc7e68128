package batch

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"
)

type allResult struct {
	found map[string]string
	err   error
}

// getAll starts a GetAll in its own goroutine.
func getAll(ctx context.Context, b *Batcher[string, string], keys []string, slack time.Duration) <-chan allResult {
	out := make(chan allResult, 1)
	go func() {
		found, err := b.GetAll(ctx, keys, slack)
		out <- allResult{found, err}
	}()
	return out
}

func wantFound(t *testing.T, got allResult, keys ...string) {
	t.Helper()
	want := map[string]string{}
	for _, k := range keys {
		want[k] = "v-" + k
	}
	if got.err != nil || !maps.Equal(got.found, want) {
		t.Errorf("GetAll answered %v, %v; want %v", got.found, got.err, want)
	}
}

// Keys looked up together go in one call even without slack and with nothing in flight, where lookups made one
// after another (or Gets racing each other) would send the first alone. A key asked twice is asked once.
func TestBatcher_getAllGoesInOneCall(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	r := getAll(context.Background(), b, []string{"s-1", "s-2", "s-1", "s-3"}, 0)
	c := f.next(t)
	if want := []string{"s-1", "s-2", "s-3"}; !slices.Equal(c.keys, want) {
		t.Fatalf("call asked for %v, want %v", c.keys, want)
	}
	c.answer("s-1", "s-3")
	wantFound(t, recv(t, r), "s-1", "s-3")
	if n := f.count(); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
	eventually(t, "the batcher idle", b.idle)
}

// Lookups with slack wait for it together, then go in one call.
func TestBatcher_getAllWithSlackWaitsForCompany(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	r := getAll(context.Background(), b, []string{"s-1", "s-2"}, slack)
	eventually(t, "both gathered", func() bool { return b.gatheringWaiters() == 2 })
	r3 := get(context.Background(), b, "s-3", slack) // another wait's check shares the call
	eventually(t, "s-3 gathered", func() bool { return b.gatheringWaiters() == 3 })
	if n := f.count(); n != 0 {
		t.Fatalf("%d calls before the slack ran out, want 0", n)
	}
	clock.Advance(slack)
	callAsks(t, f, []string{"s-1", "s-2", "s-3"}, r3)
	wantFound(t, recv(t, r), "s-1", "s-2")
}

// More keys than a call takes go in calls of MaxKeys, each full one at once.
func TestBatcher_getAllSplitsAtMaxKeys(t *testing.T) {
	b, f, _ := newTest(t, Options{MaxKeys: 2})
	r := getAll(context.Background(), b, []string{"s-1", "s-2", "s-3"}, 0)
	first, second := sentInOrder(t, f)
	if !slices.Equal(first.keys, []string{"s-1", "s-2"}) || !slices.Equal(second.keys, []string{"s-3"}) {
		t.Fatalf("calls asked for %v and %v, want [s-1 s-2] and [s-3]", first.keys, second.keys)
	}
	second.answer("s-3")
	first.answer("s-1")
	wantFound(t, recv(t, r), "s-1", "s-3")
	eventually(t, "the batcher idle", b.idle)
}

// sentInOrder is the next two calls, in the order of their first keys: calls sent together reach the fetch in
// any order.
func sentInOrder(t *testing.T, f *fakeFetch) (*fakeCall, *fakeCall) {
	t.Helper()
	a, b := f.next(t), f.next(t)
	if b.keys[0] < a.keys[0] {
		a, b = b, a
	}
	return a, b
}

// A key already in a call in flight takes that call's answer (no slack), as Get does; the others go in the next.
func TestBatcher_getAllTakesTheAnswerInFlight(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	r1 := get(context.Background(), b, "s-1", 0)
	inFlight := f.next(t)
	r := getAll(context.Background(), b, []string{"s-1", "s-2"}, 0)
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 1 })
	inFlight.answer("s-1")
	if got := recv(t, r1); !got.ok() {
		t.Errorf("s-1: %+v", got)
	}
	callAsks(t, f, []string{"s-2"})
	wantFound(t, recv(t, r), "s-1", "s-2")
}

// A failed call fails the GetAll with its error, and the lookups of its other calls leave them: the batcher keeps
// nothing of them.
func TestBatcher_getAllFailsWithTheCallsError(t *testing.T) {
	b, f, _ := newTest(t, Options{MaxKeys: 1})
	throttled := errors.New("Throttling")
	r := getAll(context.Background(), b, []string{"s-1", "s-2"}, 0)
	first, second := sentInOrder(t, f)
	first.fail(throttled)
	if got := recv(t, r); !errors.Is(got.err, throttled) || got.found != nil {
		t.Errorf("GetAll answered %v, %v; want the call's error", got.found, got.err)
	}
	// Nobody waits for the second call any more: it is cancelled.
	select {
	case <-second.ctx.Done():
	case <-time.After(hangBound):
		t.Fatal("the call nobody waits for was not cancelled")
	}
	eventually(t, "the batcher idle", b.idle)
}

// A GetAll whose context ends returns its error at once and leaves nothing behind: a call still gathering is
// abandoned, never sent.
func TestBatcher_getAllLeavesWhenItsContextEnds(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	r := getAll(ctx, b, []string{"s-1", "s-2"}, slack)
	eventually(t, "both gathered", func() bool { return b.gatheringWaiters() == 2 })
	cancel()
	if got := recv(t, r); !errors.Is(got.err, context.Canceled) {
		t.Errorf("GetAll answered %v, %v; want context.Canceled", got.found, got.err)
	}
	eventually(t, "the batcher idle", b.idle)
	if n := f.count(); n != 0 {
		t.Errorf("%d calls, want none", n)
	}
}
