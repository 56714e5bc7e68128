package batch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

const slack = 200 * time.Millisecond

func TestBatcher_zeroSlackGoesAtOnce(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	r := get(context.Background(), b, "s-1", 0)
	c := f.next(t) // the clock never moved
	if !slices.Equal(c.keys, []string{"s-1"}) {
		t.Errorf("call asked for %v", c.keys)
	}
	c.answer("s-1")
	if got := recv(t, r); !got.ok() {
		t.Errorf("got %+v", got)
	}
}

func TestBatcher_absentKeyIsNotFound(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	r := get(context.Background(), b, "s-gone", 0)
	f.next(t).answer()
	if got := recv(t, r); got.err != nil || got.found || got.v != "" {
		t.Errorf("got %+v, want not found", got)
	}
}

func TestBatcher_lookupsDuringACallGoTogetherWhenItAnswers(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	first := get(context.Background(), b, "s-1", 0)
	call1 := f.next(t)
	var rs []<-chan result
	for i, k := range []string{"s-3", "s-2", "s-3", "s-4"} {
		rs = append(rs, get(context.Background(), b, k, 0))
		eventually(t, "lookup gathered", func() bool { return b.gatheringWaiters() == i+1 })
	}
	if n := f.count(); n != 1 {
		t.Fatalf("%d calls while the first was in flight, want 1", n)
	}
	call1.answer("s-1")
	if got := recv(t, first); !got.ok() {
		t.Errorf("first: %+v", got)
	}
	call2 := f.next(t) // sent when the first answered, without the clock moving
	if !slices.Equal(call2.keys, []string{"s-3", "s-2", "s-4"}) {
		t.Errorf("second call asked for %v, want each key once in first-asked order", call2.keys)
	}
	call2.answer("s-2", "s-3", "s-4")
	for _, r := range rs {
		if got := recv(t, r); !got.ok() {
			t.Errorf("%+v", got)
		}
	}
}

func TestBatcher_fullCallGoesAtOnce(t *testing.T) {
	b, f, _ := newTest(t, Options{MaxKeys: 3})
	first := get(context.Background(), b, "s-0", 0)
	call1 := f.next(t)
	var rs []<-chan result
	for i := 1; i <= 3; i++ {
		rs = append(rs, get(context.Background(), b, fmt.Sprintf("s-%d", i), 0))
	}
	full := f.next(t) // while the first is still in flight
	slices.Sort(full.keys)
	if !slices.Equal(full.keys, []string{"s-1", "s-2", "s-3"}) {
		t.Errorf("full call asked for %v", full.keys)
	}
	// The full call does not pace: the next lookup still waits for the non-full call in flight.
	last := get(context.Background(), b, "s-4", 0)
	eventually(t, "s-4 gathered", func() bool { return b.gatheringWaiters() == 1 })
	full.answer("s-1", "s-2", "s-3")
	for _, r := range rs {
		if got := recv(t, r); !got.ok() {
			t.Errorf("%+v", got)
		}
	}
	pending(t, last)
	if b.gatheringWaiters() != 1 {
		t.Fatal("s-4 went when the full call answered, want when the first does")
	}
	call1.answer("s-0")
	recv(t, first)
	call3 := f.next(t)
	if !slices.Equal(call3.keys, []string{"s-4"}) {
		t.Errorf("third call asked for %v", call3.keys)
	}
	call3.answer("s-4")
	if got := recv(t, last); !got.ok() {
		t.Errorf("%+v", got)
	}
}

func TestBatcher_defaultMaxKeysIs100(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	first := get(context.Background(), b, "first", 0)
	call1 := f.next(t)
	var rs []<-chan result
	var keys []string
	for i := range DefaultMaxKeys + 1 {
		keys = append(keys, fmt.Sprintf("s-%03d", i))
		rs = append(rs, get(context.Background(), b, keys[i], 0))
		if i < DefaultMaxKeys {
			eventually(t, "lookup gathered", func() bool { return b.gatheringWaiters() == i+1 || f.count() == 2 })
		}
	}
	full := f.next(t)
	if !slices.Equal(full.keys, keys[:DefaultMaxKeys]) {
		t.Errorf("full call asked for %d keys, want the first %d in order", len(full.keys), DefaultMaxKeys)
	}
	full.answer(keys...)
	call1.answer("first")
	recv(t, first)
	last := f.next(t)
	if !slices.Equal(last.keys, keys[DefaultMaxKeys:]) {
		t.Errorf("last call asked for %v", last.keys)
	}
	last.answer(keys...)
	for _, r := range rs {
		if got := recv(t, r); !got.ok() {
			t.Errorf("%+v", got)
		}
	}
}

func TestBatcher_slackLookupWaitsForItsDeadline(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	r1 := get(context.Background(), b, "s-1", slack)
	eventually(t, "s-1 gathered", func() bool { return b.gatheringWaiters() == 1 })
	clock.Advance(slack / 2)
	r2 := get(context.Background(), b, "s-2", slack) // its own deadline is later: the first one's counts
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 2 })
	clock.Advance(slack/2 - time.Nanosecond)
	if f.count() != 0 || b.gatheringWaiters() != 2 {
		t.Fatal("sent before the earliest deadline")
	}
	clock.Advance(time.Nanosecond)
	c := f.next(t)
	if !slices.Equal(c.keys, []string{"s-1", "s-2"}) {
		t.Errorf("call asked for %v", c.keys)
	}
	c.answer("s-1", "s-2")
	for _, r := range []<-chan result{r1, r2} {
		if got := recv(t, r); !got.ok() {
			t.Errorf("%+v", got)
		}
	}
}

func TestBatcher_shorterSlackBringsTheDeadlineForward(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	r1 := get(context.Background(), b, "s-1", time.Hour)
	eventually(t, "s-1 gathered", func() bool { return b.gatheringWaiters() == 1 })
	r2 := get(context.Background(), b, "s-2", slack)
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 2 })
	clock.Advance(slack)
	c := f.next(t)
	if len(c.keys) != 2 {
		t.Errorf("call asked for %v", c.keys)
	}
	c.answer("s-1", "s-2")
	recv(t, r1)
	recv(t, r2)
	clock.Advance(time.Hour) // the hour's timer, stopped, does nothing
	if n := f.count(); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestBatcher_zeroSlackLookupBringsASlackCallForward(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	patient := get(context.Background(), b, "s-1", time.Hour)
	eventually(t, "s-1 gathered", func() bool { return b.gatheringWaiters() == 1 })
	hasty := get(context.Background(), b, "s-2", 0)
	c := f.next(t) // without the clock moving
	if !slices.Equal(c.keys, []string{"s-1", "s-2"}) {
		t.Errorf("call asked for %v", c.keys)
	}
	c.answer("s-1", "s-2")
	for _, r := range []<-chan result{patient, hasty} {
		if got := recv(t, r); !got.ok() {
			t.Errorf("%+v", got)
		}
	}
}

// A slack call behind a call in flight keeps waiting for company when that call answers; once due, it goes
// when the call in flight answers, as a zero-slack lookup would.
func TestBatcher_slackCallWaitsForItsDeadlineThenForTheCallInFlight(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	first := get(context.Background(), b, "s-1", 0)
	call1 := f.next(t)
	patient := get(context.Background(), b, "s-2", slack)
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 1 })
	call1.answer("s-1")
	recv(t, first)
	if b.gatheringWaiters() != 1 || f.count() != 1 {
		t.Fatal("the slack call went when the call in flight answered, before its deadline")
	}
	third := get(context.Background(), b, "s-3", slack)
	eventually(t, "s-3 gathered", func() bool { return b.gatheringWaiters() == 2 })
	clock.Advance(slack)
	call2 := f.next(t)
	slices.Sort(call2.keys)
	if !slices.Equal(call2.keys, []string{"s-2", "s-3"}) {
		t.Errorf("call asked for %v", call2.keys)
	}
	// Overdue behind a call in flight: it waits for that call's answer.
	fourth := get(context.Background(), b, "s-4", slack)
	eventually(t, "s-4 gathered", func() bool { return b.gatheringWaiters() == 1 })
	clock.Advance(slack)
	if b.gatheringWaiters() != 1 {
		t.Fatal("an overdue call went while a call was in flight")
	}
	call2.answer("s-2", "s-3")
	recv(t, patient)
	recv(t, third)
	call3 := f.next(t)
	if !slices.Equal(call3.keys, []string{"s-4"}) {
		t.Errorf("call asked for %v", call3.keys)
	}
	call3.answer("s-4")
	if got := recv(t, fourth); !got.ok() {
		t.Errorf("%+v", got)
	}
}

func TestBatcher_zeroSlackLookupTakesTheAnswerOfItsKeyInFlight(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	first := get(context.Background(), b, "s-1", 0)
	call1 := f.next(t)
	again := get(context.Background(), b, "s-1", 0)
	eventually(t, "second s-1 joined the call in flight", func() bool { return b.lendingWaiters("s-1") == 2 })
	// A patient lookup of the same key wants an answer asked after it: it gathers into the next call.
	patient := get(context.Background(), b, "s-1", slack)
	eventually(t, "patient s-1 gathered", func() bool { return b.gatheringWaiters() == 1 })
	call1.answer("s-1")
	for _, r := range []<-chan result{first, again} {
		if got := recv(t, r); !got.ok() {
			t.Errorf("%+v", got)
		}
	}
	pending(t, patient)
	if f.count() != 1 {
		t.Fatal("the patient lookup's call went before its deadline")
	}
	b.mu.Lock()
	lent := len(b.lending)
	b.mu.Unlock()
	if lent != 0 {
		t.Errorf("an answered call still lends %d keys", lent)
	}
	// A lookup after the answer makes a new call (with the patient one).
	fresh := get(context.Background(), b, "s-1", 0)
	call2 := f.next(t)
	if !slices.Equal(call2.keys, []string{"s-1"}) {
		t.Errorf("call asked for %v", call2.keys)
	}
	call2.answer("s-1")
	recv(t, fresh)
	recv(t, patient)
}

func TestBatcher_callErrorReachesEveryLookup(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	apiErr := errors.New("Throttling.User")
	first := get(context.Background(), b, "s-1", 0)
	call1 := f.next(t)
	same := get(context.Background(), b, "s-1", 0)
	eventually(t, "joined in flight", func() bool { return b.lendingWaiters("s-1") == 2 })
	call1.fail(apiErr)
	for _, r := range []<-chan result{first, same} {
		if got := recv(t, r); !errors.Is(got.err, apiErr) || got.found {
			t.Errorf("%+v, want the call's error", got)
		}
	}
	var rs []<-chan result
	r := get(context.Background(), b, "s-2", 0)
	call2 := f.next(t)
	for i, k := range []string{"s-3", "s-4"} {
		rs = append(rs, get(context.Background(), b, k, 0))
		eventually(t, "gathered", func() bool { return b.gatheringWaiters() == i+1 })
	}
	call2.answer("s-2")
	if got := recv(t, r); !got.ok() {
		t.Errorf("%+v", got)
	}
	f.next(t).fail(apiErr)
	for _, r := range rs {
		if got := recv(t, r); !errors.Is(got.err, apiErr) {
			t.Errorf("%+v, want the call's error", got)
		}
	}
}

func TestBatcher_stuckCallDoesNotHoldTheNextBack(t *testing.T) {
	b, f, clock := newTest(t, Options{StuckAfter: time.Second})
	first := get(context.Background(), b, "s-1", 0)
	stuck := f.next(t)
	second := get(context.Background(), b, "s-2", 0)
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 1 })
	clock.Advance(time.Second - time.Nanosecond)
	if b.gatheringWaiters() != 1 {
		t.Fatal("went before the bound")
	}
	clock.Advance(time.Nanosecond)
	call2 := f.next(t) // the stuck call is still out
	if !slices.Equal(call2.keys, []string{"s-2"}) {
		t.Errorf("call asked for %v", call2.keys)
	}
	// A stuck call lends its answer to nobody new.
	again := get(context.Background(), b, "s-1", 0)
	eventually(t, "s-1 gathered", func() bool { return b.gatheringWaiters() == 1 })
	call2.answer("s-2")
	recv(t, second)
	call3 := f.next(t)
	if !slices.Equal(call3.keys, []string{"s-1"}) {
		t.Errorf("call asked for %v", call3.keys)
	}
	call3.answer("s-1")
	if got := recv(t, again); !got.ok() {
		t.Errorf("%+v", got)
	}
	pending(t, first)
	stuck.answer("s-1") // late, but still the answer of those who waited for it
	if got := recv(t, first); !got.ok() {
		t.Errorf("%+v", got)
	}
}

func TestBatcher_stuckBoundDefaultsToOneSecond(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	first := get(context.Background(), b, "s-1", 0)
	stuck := f.next(t)
	second := get(context.Background(), b, "s-2", 0)
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 1 })
	clock.Advance(DefaultStuckAfter)
	f.next(t).answer("s-2")
	recv(t, second)
	stuck.answer("s-1")
	recv(t, first)
}

func TestBatcher_oneCancelledLookupDoesNotCancelTheCall(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	ctx1, cancel1 := context.WithCancel(context.Background())
	defer cancel1()
	r1 := get(ctx1, b, "s-1", slack)
	eventually(t, "s-1 gathered", func() bool { return b.gatheringWaiters() == 1 })
	r2 := get(context.Background(), b, "s-2", 0)
	c := f.next(t)
	cancel1() // the lookup that started the call
	if got := recv(t, r1); !errors.Is(got.err, context.Canceled) {
		t.Errorf("cancelled lookup: %+v", got)
	}
	if c.ctx.Err() != nil {
		t.Fatal("the call's context ended with a lookup still waiting")
	}
	c.answer("s-1", "s-2")
	if got := recv(t, r2); !got.ok() {
		t.Errorf("other lookup: %+v", got)
	}
}

func TestBatcher_callCarriesTheFirstLookupsValuesNotItsDeadline(t *testing.T) {
	type key struct{}
	b, f, _ := newTest(t, Options{})
	ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), key{}, "logger"), time.Hour)
	defer cancel()
	r := get(ctx, b, "s-1", 0)
	c := f.next(t)
	if c.ctx.Value(key{}) != "logger" {
		t.Error("the call's context lost the first lookup's values")
	}
	if _, ok := c.ctx.Deadline(); ok {
		t.Error("the call's context has the first lookup's deadline")
	}
	c.answer("s-1")
	recv(t, r)
}

func TestBatcher_callAbandonedWhenEveryLookupLeaves(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	r := get(ctx, b, "s-1", 0)
	c := f.next(t)
	r2 := get(ctx, b, "s-1", 0)
	eventually(t, "joined in flight", func() bool { return b.lendingWaiters("s-1") == 2 })
	cancel()
	for _, ch := range []<-chan result{r, r2} {
		if got := recv(t, ch); !errors.Is(got.err, context.Canceled) {
			t.Errorf("%+v, want context.Canceled", got)
		}
	}
	<-c.ctx.Done() // nobody waits: the call stops
	// The abandoned call holds nothing back: the next lookup goes at once, in a call of its own.
	r3 := get(context.Background(), b, "s-1", 0)
	c3 := f.next(t)
	c3.answer("s-1")
	if got := recv(t, r3); !got.ok() {
		t.Errorf("%+v", got)
	}
}

func TestBatcher_lookupLeavingBeforeTheCallIsLeftOut(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	ctx1, cancel1 := context.WithCancel(context.Background())
	r1 := get(ctx1, b, "s-1", slack)
	eventually(t, "s-1 gathered", func() bool { return b.gatheringWaiters() == 1 })
	r2 := get(context.Background(), b, "s-2", slack)
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 2 })
	cancel1()
	if got := recv(t, r1); !errors.Is(got.err, context.Canceled) {
		t.Errorf("cancelled lookup: %+v", got)
	}
	clock.Advance(slack)
	c := f.next(t)
	if !slices.Equal(c.keys, []string{"s-2"}) {
		t.Errorf("call asked for %v, want s-2 only", c.keys)
	}
	c.answer("s-1", "s-2")
	if got := recv(t, r2); !got.ok() {
		t.Errorf("%+v", got)
	}
}

func TestBatcher_callNobodyWaitsForIsNeverSent(t *testing.T) {
	b, f, clock := newTest(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	r := get(ctx, b, "s-1", slack)
	eventually(t, "s-1 gathered", func() bool { return b.gatheringWaiters() == 1 })
	cancel()
	if got := recv(t, r); !errors.Is(got.err, context.Canceled) {
		t.Errorf("%+v", got)
	}
	if !b.idle() {
		t.Error("the abandoned call is still gathering")
	}
	clock.Advance(slack) // its timer, stopped, sends nothing
	if n := f.count(); n != 0 {
		t.Errorf("%d calls, want none", n)
	}
	r2 := get(context.Background(), b, "s-1", 0)
	f.next(t).answer("s-1")
	if got := recv(t, r2); !got.ok() {
		t.Errorf("%+v", got)
	}
}

func TestBatcher_endedContextMakesNoLookup(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := b.Get(ctx, "s-1", 0); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
	if f.count() != 0 || !b.idle() {
		t.Error("a call was made or started")
	}
}

func TestBatcher_idleAfterEveryCall(t *testing.T) {
	b, f, _ := newTest(t, Options{})
	r := get(context.Background(), b, "s-1", 0)
	f.next(t).answer("s-1")
	recv(t, r)
	eventually(t, "idle", b.idle) // and checkNoLeak: no goroutine left either
}

// With MaxInFlight 2 and a round trip of 20 ms (learnt from the first call), a second call goes 10 ms after the
// one in flight, carrying what gathered meanwhile; a third waits for an answer, as MaxInFlight are out, and a lone
// lookup for the last call in flight to answer.
func TestBatcher_callsInFlightAreSpreadOverARoundTrip(t *testing.T) {
	b, f, clock := newTest(t, Options{MaxInFlight: 2})
	learnRoundTrip(t, b, f, clock, 20*time.Millisecond)

	r1 := get(context.Background(), b, "s-1", 0)
	call1 := f.next(t) // nothing in flight: at once
	r2 := get(context.Background(), b, "s-2", 0)
	r3 := get(context.Background(), b, "s-3", 0)
	eventually(t, "s-2 and s-3 gathered", func() bool { return b.gatheringWaiters() == 2 })
	clock.Advance(9 * time.Millisecond)
	if n := f.count(); n != 2 {
		t.Fatalf("%d calls 9 ms after the one in flight went, want 2 (the next goes at 10 ms)", n)
	}
	clock.Advance(time.Millisecond)
	call2 := f.next(t)
	slices.Sort(call2.keys)
	if !slices.Equal(call2.keys, []string{"s-2", "s-3"}) {
		t.Errorf("second call in flight asked for %v, want what gathered while the first was out", call2.keys)
	}
	r4 := get(context.Background(), b, "s-4", 0)
	eventually(t, "s-4 gathered", func() bool { return b.gatheringWaiters() == 1 })
	clock.Advance(time.Second / 2) // no call is stuck before StuckAfter (1 s)
	if n := f.count(); n != 3 {
		t.Fatalf("%d calls with two in flight, want no third before one answers", n)
	}
	call1.answer("s-1")
	recv(t, r1)
	// A place is free, but s-4 is alone: it waits for the call still in flight (minEarlyKeys).
	eventually(t, "s-4 still gathered", func() bool { return b.gatheringWaiters() == 1 })
	if n := f.count(); n != 3 {
		t.Fatalf("%d calls, want the lone s-4 to wait for the second call's answer", n)
	}
	call2.answer("s-2", "s-3")
	call3 := f.next(t)
	if !slices.Equal(call3.keys, []string{"s-4"}) {
		t.Errorf("third call asked for %v", call3.keys)
	}
	call3.answer("s-4")
	for _, r := range []<-chan result{r2, r3, r4} {
		if got := recv(t, r); !got.ok() {
			t.Errorf("%+v", got)
		}
	}
}

// A lone lookup waits for the call in flight to answer even where MaxInFlight would let a second call go: a call
// of its own would gain it part of a round trip for a call more per lookup while reads trickle in.
func TestBatcher_loneLookupWaitsForAnAnswer(t *testing.T) {
	b, f, clock := newTest(t, Options{MaxInFlight: 2})
	learnRoundTrip(t, b, f, clock, 20*time.Millisecond)
	r1 := get(context.Background(), b, "s-1", 0)
	call1 := f.next(t)
	r2 := get(context.Background(), b, "s-2", 0)
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 1 })
	clock.Advance(15 * time.Millisecond) // past the 10 ms spacing: two keys would go now
	if n := f.count(); n != 2 {
		t.Fatalf("%d calls, want the lone lookup to wait for the call in flight", n)
	}
	r3 := get(context.Background(), b, "s-3", 0) // a second key: the call goes at once
	call2 := f.next(t)
	slices.Sort(call2.keys)
	if !slices.Equal(call2.keys, []string{"s-2", "s-3"}) {
		t.Errorf("second call asked for %v", call2.keys)
	}
	call1.answer("s-1")
	call2.answer("s-2", "s-3")
	for _, r := range []<-chan result{r1, r2, r3} {
		if got := recv(t, r); !got.ok() {
			t.Errorf("%+v", got)
		}
	}
}

// MaxInFlight 1 is one call per round trip: however long the call in flight takes, the next waits for it.
func TestBatcher_oneInFlightWaitsForTheAnswer(t *testing.T) {
	b, f, clock := newTest(t, Options{MaxInFlight: 1})
	learnRoundTrip(t, b, f, clock, 20*time.Millisecond)
	r1 := get(context.Background(), b, "s-1", 0)
	call1 := f.next(t)
	r2 := get(context.Background(), b, "s-2", 0)
	eventually(t, "s-2 gathered", func() bool { return b.gatheringWaiters() == 1 })
	clock.Advance(500 * time.Millisecond)
	if n := f.count(); n != 2 {
		t.Fatalf("%d calls, want the second lookup to wait for the call in flight", n)
	}
	call1.answer("s-1")
	recv(t, r1)
	f.next(t).answer("s-2")
	if got := recv(t, r2); !got.ok() {
		t.Errorf("%+v", got)
	}
}

// learnRoundTrip makes one lookup whose call takes rtt on the fake clock, so that the batcher knows a round trip.
func learnRoundTrip(t *testing.T, b *Batcher[string, string], f *fakeFetch, clock *fakeClock, rtt time.Duration) {
	t.Helper()
	first := get(context.Background(), b, "s-0", 0)
	c := f.next(t)
	clock.Advance(rtt)
	c.answer("s-0")
	recv(t, first)
}
