package batch

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// goneCheck is the first check of a delete announced by AnnounceGone: a lookup of key with FirstDeleteSlack's
// kind of slack, carrying its announcement.
func goneCheck(b *Batcher[string, string], a *Announcement, key string) <-chan result {
	return get(WithAnnouncement(context.Background(), a), b, key, slack)
}

// A call sent while deletes are in flight asks for their keys on the way; a check whose key that answer does not
// hold ends not found without a call of its own, whether the call answered before the check came or after.
func TestBatcher_goneCheckTakesTheAnswerOfACallSentOnTheWay(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	a2, a3 := b.AnnounceGone("s-2"), b.AnnounceGone("s-3")
	r1 := get(context.Background(), b, "s-1", 0) // a read: it goes at once, with the deletes' keys
	c := f.next(t)
	if want := []string{"s-1", "s-2", "s-3"}; !slices.Equal(c.keys, want) {
		t.Fatalf("call asked for %v, want %v", c.keys, want)
	}
	// s-3's delete answers while the call is in flight: its check waits for that call.
	r3 := goneCheck(b, a3, "s-3")
	pending(t, r3)
	c.answer("s-1")
	if got := recv(t, r1); !got.ok() {
		t.Errorf("s-1: %+v", got)
	}
	for _, r := range []<-chan result{r3, goneCheck(b, a2, "s-2")} { // s-2's comes after the answer
		if got := recv(t, r); got.err != nil || got.found {
			t.Errorf("%s: %+v, want not found", got.key, got)
		}
	}
	if n := f.count(); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

// An answer that holds the key may predate the delete: the check then goes in a call of its own, and what that
// call says stands. A failed call on the way tells nothing either.
func TestBatcher_goneCheckGoesItselfWhenTheAnswerOnTheWayHoldsItsKey(t *testing.T) {
	for name, reply := range map[string]func(*fakeCall){
		"key held":    func(c *fakeCall) { c.answer("s-1", "s-2") },
		"call failed": func(c *fakeCall) { c.fail(errors.New("throttled")) },
	} {
		t.Run(name, func(t *testing.T) {
			b, f, clock := newTest(t, Options{MaxHold: -1})
			a := b.AnnounceGone("s-2")
			r1 := get(context.Background(), b, "s-1", 0)
			reply(f.next(t))
			<-r1
			r2 := goneCheck(b, a, "s-2")
			eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 1 })
			clock.Advance(slack)
			c := f.next(t)
			if !slices.Equal(c.keys, []string{"s-2"}) {
				t.Errorf("call asked for %v, want [s-2]", c.keys)
			}
			c.answer() // gone now
			if got := recv(t, r2); got.err != nil || got.found {
				t.Errorf("%+v, want not found", got)
			}
		})
	}
}

// A key already in the call is not asked twice; a withdrawn
// announcement is no longer asked for; a read of a key asked on the way does not take that answer (only the
// check does), since the call may have gone before the read was made.
func TestBatcher_keysAskedOnTheWay(t *testing.T) {
	b, f, _ := newTest(t, Options{MaxKeys: 3})
	b.AnnounceGone("s-1")
	b.AnnounceGone("s-3")
	withdrawn := b.AnnounceGone("s-9")
	withdrawn.Withdraw()
	r1 := get(context.Background(), b, "s-1", 0)
	c := f.next(t)
	if want := []string{"s-1", "s-3"}; !slices.Equal(c.keys, want) {
		t.Fatalf("call asked for %v, want %v", c.keys, want)
	}
	r3 := get(context.Background(), b, "s-3", 0) // a read while the call is in flight
	eventually(t, "s-3 gathered", func() bool { return b.gatheringWaiters() == 1 })
	c.answer("s-1", "s-3")
	<-r1
	c = f.next(t) // s-3's read goes in a call of its own; the room left takes one more announced key
	if want := []string{"s-3", "s-1"}; !slices.Equal(c.keys, want) {
		t.Errorf("call asked for %v, want %v", c.keys, want)
	}
	c.answer("s-3")
	if got := recv(t, r3); !got.ok() {
		t.Errorf("s-3: %+v", got)
	}

}

// A check that will not come (its delete failed) is withdrawn: the batcher keeps nothing of it, not even the call
// that asked for its key on the way.
func TestBatcher_withdrawnGoneCheckLeavesNothing(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	a := b.AnnounceGone("s-2")
	r1 := get(context.Background(), b, "s-1", 0)
	c := f.next(t)
	a.Withdraw()
	c.answer("s-1", "s-2")
	<-r1
	eventually(t, "the batcher idle", b.idle)
}

// A call with MaxKeys keys of its own asks for none on the way.
func TestBatcher_fullCallAsksForNothingOnTheWay(t *testing.T) {
	b, f, _ := newTest(t, Options{MaxKeys: 1})
	b.AnnounceGone("s-3")
	callAsks(t, f, []string{"s-1"}, get(context.Background(), b, "s-1", 0))
}

// A call on the way that is stuck (out longer than StuckAfter) does not hold the check: it goes as any other.
func TestBatcher_goneCheckDoesNotWaitForAStuckCall(t *testing.T) {
	b, f, clock := newTest(t, Options{MaxHold: -1})
	a := b.AnnounceGone("s-2")
	r1 := get(context.Background(), b, "s-1", 0)
	stuck := f.next(t)
	clock.Advance(DefaultStuckAfter)
	r2 := goneCheck(b, a, "s-2")
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 1 })
	clock.Advance(slack)
	callAsks(t, f, []string{"s-2"}, r2)
	stuck.answer("s-1")
	<-r1
}
