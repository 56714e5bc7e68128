package batch

import (
	"context"
	"testing"
	"time"
)

// gatheredS1 starts a lookup of s-1 with slack, the first of a new call, and returns once it waits in that call.
func gatheredS1(t *testing.T, b *Batcher[string, string]) <-chan result {
	t.Helper()
	r := get(context.Background(), b, "s-1", slack)
	eventually(t, "s-1 gathered", func() bool { return b.gatheringWaiters() == 1 })
	return r
}

// A call whose slack has passed holds for a lookup announced to come, and goes the moment it joins, with both.
func TestBatcher_callPastItsSlackHoldsForAnAnnouncedLookup(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	a := b.Announce(0) // a delete call in flight, say: its first check will follow
	r1 := gatheredS1(t, b)
	clock.Advance(slack)
	if f.count() != 0 {
		t.Fatal("the call went at its slack while an announced lookup had still to come")
	}
	r2 := get(WithAnnouncement(context.Background(), a), b, "s-2", slack)
	callAsks(t, f, []string{"s-1", "s-2"}, r1, r2) // without the clock moving
	clock.Advance(DefaultMaxHold)                  // the hold's timer, superseded, sends nothing more
	if n := f.count(); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

// An announced lookup that never comes holds a call for MaxHold past its slack, no longer.
func TestBatcher_holdEndsAfterMaxHold(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	b.Announce(0)
	r := gatheredS1(t, b)
	clock.Advance(slack + DefaultMaxHold - time.Nanosecond)
	if f.count() != 0 {
		t.Fatal("the call went before its hold ended")
	}
	clock.Advance(time.Nanosecond)
	callAsks(t, f, []string{"s-1"}, r)
}

// The hold is MaxHold when set, and a negative MaxHold turns holding off.
func TestBatcher_maxHoldOption(t *testing.T) {
	for _, tc := range []struct {
		maxHold, goesAfter time.Duration
	}{{10 * time.Millisecond, slack + 10*time.Millisecond}, {-1, slack}} {
		b, f, clock := newTest(t, Options{MaxHold: tc.maxHold})
		b.Announce(0)
		r := gatheredS1(t, b)
		clock.Advance(tc.goesAfter - time.Nanosecond)
		if f.count() != 0 {
			t.Fatalf("MaxHold %v: the call went before %v", tc.maxHold, tc.goesAfter)
		}
		clock.Advance(time.Nanosecond)
		callAsks(t, f, []string{"s-1"}, r)
	}
}

// A lookup announced to come after the hold would end does not hold the call: it goes at its slack.
func TestBatcher_announcementDueAfterTheHoldDoesNotHold(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	b.Announce(slack + DefaultMaxHold + time.Millisecond) // a wait's next check, due later
	r := gatheredS1(t, b)
	clock.Advance(slack)
	callAsks(t, f, []string{"s-1"}, r)
}

// A wait's next check announced to come within the hold is waited for, even while it sleeps: the checks of waits
// due a little apart merge into one call.
func TestBatcher_checkDueWithinTheHoldIsWaitedFor(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	a := b.Announce(slack + DefaultMaxHold/2)
	r1 := gatheredS1(t, b)
	clock.Advance(slack + DefaultMaxHold/2)
	if f.count() != 0 {
		t.Fatal("the call went before the announced check came")
	}
	r2 := get(WithAnnouncement(context.Background(), a), b, "s-2", slack)
	callAsks(t, f, []string{"s-1", "s-2"}, r1, r2)
}

// Withdrawing the last announcement a call holds for sends it at once; withdrawing again, or after the lookup
// came, does nothing.
func TestBatcher_withdrawnAnnouncementReleasesTheHold(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	a1, a2 := b.Announce(0), b.Announce(0)
	r := gatheredS1(t, b)
	clock.Advance(slack)
	a1.Withdraw()
	if f.count() != 0 {
		t.Fatal("the call went while another announced lookup had still to come")
	}
	a2.Withdraw()
	callAsks(t, f, []string{"s-1"}, r)
	a2.Withdraw()
	(*Announcement)(nil).Withdraw()
	if n := f.count(); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

// A lookup without slack (a read a user waits on) never waits for announced lookups.
func TestBatcher_zeroSlackLookupIsNeverHeld(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	b.Announce(0)
	patient := gatheredS1(t, b)
	hasty := get(context.Background(), b, "s-2", 0)
	callAsks(t, f, []string{"s-1", "s-2"}, patient, hasty) // without the clock moving
}

// An announcement of another batcher neither settles nor is settled by this one's lookups.
func TestBatcher_announcementOfAnotherBatcherIsIgnored(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	other, _, _ := newTest(t, Options{})
	mine, theirs := b.Announce(0), other.Announce(0)
	r1 := gatheredS1(t, b)
	clock.Advance(slack)
	r2 := get(WithAnnouncement(context.Background(), theirs), b, "s-2", slack)
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 2 })
	if f.count() != 0 {
		t.Fatal("another batcher's announcement released this one's hold")
	}
	mine.Withdraw()
	callAsks(t, f, []string{"s-1", "s-2"}, r1, r2)
	theirs.Withdraw()
}

// A call holds only for lookups announced before it began gathering (the operations under way when its first
// lookup came): one announced later, by an operation of the next wave, does not hold it, so that a stream of
// operations cannot chain the hold to its end.
func TestBatcher_announcementAfterTheCallBeganDoesNotHold(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	r := gatheredS1(t, b)
	late := b.Announce(0)
	clock.Advance(slack)
	callAsks(t, f, []string{"s-1"}, r)
	// The late lookup's own call, begun after it was announced, does not hold for it either once it has come.
	r2 := get(WithAnnouncement(context.Background(), late), b, "s-2", slack)
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 1 })
	clock.Advance(slack)
	callAsks(t, f, []string{"s-2"}, r2)
}
