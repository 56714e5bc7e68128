package batch

import (
	"context"
	"testing"
	"time"
)

// gatheredRead starts a read (no slack) of key, the first of a new call, and returns once it waits in that call.
func gatheredRead(t *testing.T, b *Batcher[string, string], key string) <-chan result {
	t.Helper()
	r := get(context.Background(), b, key, 0)
	eventually(t, key+" gathered", func() bool { return b.gatheringWaiters() == 1 })
	return r
}

// A read that would go at once (nothing in flight) holds while reads terraform is about to make are expected, and
// goes the moment the last of them comes, with all of them: one call for the wave.
func TestBatcher_readHoldsForExpectedReads(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	for _, k := range []string{"s-1", "s-2", "s-3"} {
		b.Expect(k)
	}
	r1 := gatheredRead(t, b, "s-1")
	r2 := get(context.Background(), b, "s-2", 0)
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 2 })
	if f.count() != 0 {
		t.Fatal("the call went while s-3 was expected")
	}
	r3 := get(context.Background(), b, "s-3", 0)
	callAsks(t, f, []string{"s-1", "s-2", "s-3"}, r1, r2, r3) // without the clock moving
	if n := f.count(); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

// An expected read that does not come holds a read for ReadHold from when the read came, no longer; the
// expectation, stale then, holds no later call.
func TestBatcher_readHoldEndsAfterReadHold(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	b.Expect("s-2")
	clock.Advance(2 * time.Millisecond)
	r := gatheredRead(t, b, "s-1")
	// s-2's expectation goes stale at 10 ms after it was made, before the read's own hold ends at 12 ms.
	clock.Advance(DefaultReadHold - 2*time.Millisecond - time.Nanosecond)
	if f.count() != 0 {
		t.Fatal("the call went before the expectation went stale")
	}
	clock.Advance(time.Nanosecond)
	callAsks(t, f, []string{"s-1"}, r)
	// Nothing in flight, no expectation left: the next read goes at once.
	callAsks(t, f, []string{"s-3"}, get(context.Background(), b, "s-3", 0))

	// A read's hold is ReadHold from when it came, however fresh the expectations that keep it.
	b.Expect("s-5")
	r = gatheredRead(t, b, "s-4")
	clock.Advance(DefaultReadHold / 2)
	b.Expect("s-6")
	clock.Advance(DefaultReadHold/2 - time.Nanosecond)
	if f.count() != 2 {
		t.Fatal("the call went before its hold ended")
	}
	clock.Advance(time.Nanosecond)
	callAsks(t, f, []string{"s-4"}, r)
}

// Only reads hold for expected reads: a poll past its slack goes as it did, and a poll settles an expectation of
// its key like a read.
func TestBatcher_pollsDoNotHoldForExpectedReads(t *testing.T) {
	b, f, clock := newTest(t, Options{MaxHold: -1})
	b.Expect("s-2")
	r := gatheredS1(t, b)
	clock.Advance(slack)
	callAsks(t, f, []string{"s-1"}, r)

	b.Expect("s-3")
	r = get(context.Background(), b, "s-3", slack) // the poll of an expected key settles it
	eventually(t, "s-3 gathered", func() bool { return b.gatheringWaiters() == 1 })
	r4 := get(context.Background(), b, "s-4", 0) // so this read does not hold
	callAsks(t, f, []string{"s-3", "s-4"}, r, r4)
}

// A read of an expected key whose answer is already in flight takes it and settles the expectation; ReadHold
// negative turns expectations off; a full call goes whatever is expected.
func TestBatcher_expectationsSettledOffAndFull(t *testing.T) {
	t.Run("lent answer", func(t *testing.T) {
		b, f, _ := newTest(t, Options{})
		r1 := get(context.Background(), b, "s-1", 0)
		c := f.next(t)
		b.Expect("s-1")
		r2 := get(context.Background(), b, "s-1", 0)
		eventually(t, "s-1 lent", func() bool { return b.lendingWaiters("s-1") == 2 })
		c.answer("s-1")
		recv(t, r1)
		recv(t, r2)
		callAsks(t, f, []string{"s-2"}, get(context.Background(), b, "s-2", 0)) // nothing expected any more: goes at once
	})
	t.Run("off", func(t *testing.T) {
		b, f, _ := newTest(t, Options{ReadHold: -1})
		b.Expect("s-2")
		callAsks(t, f, []string{"s-1"}, get(context.Background(), b, "s-1", 0))
	})
	t.Run("full", func(t *testing.T) {
		b, f, _ := newTest(t, Options{MaxKeys: 2})
		b.Expect("s-3")
		r1 := gatheredRead(t, b, "s-1")
		callAsks(t, f, []string{"s-1", "s-2"}, r1, get(context.Background(), b, "s-2", 0))
	})
}

// Expectations nobody settles do not pile up: once there are expectedPruneAt, the stale ones are dropped.
func TestBatcher_staleExpectationsDropped(t *testing.T) {
	b, _, clock := newTest(t, Options{})
	for i := range expectedPruneAt {
		b.Expect(string(rune('a'+i%26)) + string(rune('a'+i/26)))
	}
	clock.Advance(DefaultReadHold)
	b.Expect("fresh")
	b.mu.Lock()
	n := len(b.expected)
	b.mu.Unlock()
	if n != 1 {
		t.Errorf("%d expectations kept, want the fresh one", n)
	}
}
