package ecs

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// batchFake is DescribeSnapshots by IDs over a fixed set of snapshots: it records every call, can fail, and
// can hold calls until released.
type batchFake struct {
	mu       sync.Mutex
	exists   map[string]bool
	calls    [][]string
	err      error
	hold     chan struct{} // nil = answer at once
	entered  chan []string // each call's IDs, when not nil
	ctxDone  chan struct{} // closed by a held call whose context ends
	inFlight int
	maxConc  int
}

func (f *batchFake) describe(ctx context.Context, ids []string) ([]ecsclient.Snapshot, error) {
	f.mu.Lock()
	f.calls = append(f.calls, slices.Clone(ids))
	f.inFlight++
	f.maxConc = max(f.maxConc, f.inFlight)
	hold, entered, err := f.hold, f.entered, f.err
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()
	if entered != nil {
		entered <- ids
	}
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			close(f.ctxDone)
			return nil, ctx.Err()
		}
	}
	if err != nil {
		return nil, err
	}
	var out []ecsclient.Snapshot
	for _, id := range ids {
		if f.exists[id] {
			out = append(out, ecsclient.Snapshot{SnapshotID: id, Status: statusAccomplished})
		}
	}
	return out, nil
}

func (f *batchFake) callIDs() [][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

// manualTimers hands out timers that fire only when the test says so.
type manualTimers struct{ started chan chan time.Time }

func newManualTimers() *manualTimers { return &manualTimers{started: make(chan chan time.Time, 16)} }

func (m *manualTimers) timer(time.Duration) (<-chan time.Time, func() bool) {
	ch := make(chan time.Time, 1)
	m.started <- ch
	return ch, func() bool { return true }
}

// fire ends the window of the next batch that started one.
func (m *manualTimers) fire() { (<-m.started) <- time.Time{} }

func newTestBatcher(f *batchFake, timers *manualTimers) *snapshotBatcher {
	return &snapshotBatcher{describe: f.describe, window: time.Millisecond, timer: timers.timer, now: time.Now}
}

// waitUntil spins until cond holds; the test's own timeout bounds it.
func waitUntil(cond func() bool) {
	for !cond() {
		runtime.Gosched()
	}
}

func (b *snapshotBatcher) openWaiters() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.open == nil {
		return 0
	}
	return b.open.waiters
}

type lookupResult struct {
	id   string
	snap *ecsclient.Snapshot
	err  error
}

func lookups(ctx context.Context, b *snapshotBatcher, ids ...string) <-chan lookupResult {
	out := make(chan lookupResult, len(ids))
	for _, id := range ids {
		go func() {
			s, err := b.find(ctx, id)
			out <- lookupResult{id, s, err}
		}()
	}
	return out
}

// checkNoLeak fails when goroutines started during the test are still running at its end.
func checkNoLeak(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second) // a bound on a hang, not a measurement
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			runtime.Gosched()
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<16)
			t.Errorf("%d goroutines left running (was %d):\n%s", n, before, buf[:runtime.Stack(buf, true)])
		}
	})
}

func TestBatcher_concurrentLookupsShareOneCall(t *testing.T) {
	checkNoLeak(t)
	f := &batchFake{exists: map[string]bool{"s-1": true, "s-2": true, "s-3": true}}
	timers := newManualTimers()
	b := newTestBatcher(f, timers)
	results := lookups(context.Background(), b, "s-1", "s-2", "s-3", "s-gone", "s-1")
	waitUntil(func() bool { return b.openWaiters() == 5 })
	timers.fire()
	for range 5 {
		r := <-results
		switch {
		case r.id == "s-gone":
			if !isNotFound(r.err) {
				t.Errorf("s-gone: %v, %v; want not found", r.snap, r.err)
			}
		case r.err != nil || r.snap == nil || r.snap.SnapshotID != r.id:
			t.Errorf("%s: got %+v, %v", r.id, r.snap, r.err)
		}
	}
	calls := f.callIDs()
	if len(calls) != 1 {
		t.Fatalf("%d calls %v, want 1", len(calls), calls)
	}
	if got := slices.Sorted(slices.Values(calls[0])); !slices.Equal(got, []string{"s-1", "s-2", "s-3", "s-gone"}) {
		t.Errorf("call asked for %v, want each ID once", calls[0])
	}
}

func TestBatcher_callErrorReachesEveryLookup(t *testing.T) {
	checkNoLeak(t)
	apiErr := &ecsclient.APIError{Action: "DescribeSnapshots", Code: "Throttling.User", HTTPStatus: 400, RequestID: "req-9"}
	f := &batchFake{exists: map[string]bool{"s-1": true}, err: apiErr}
	timers := newManualTimers()
	b := newTestBatcher(f, timers)
	results := lookups(context.Background(), b, "s-1", "s-2", "s-3")
	waitUntil(func() bool { return b.openWaiters() == 3 })
	timers.fire()
	for range 3 {
		if r := <-results; !errors.Is(r.err, apiErr) || r.snap != nil {
			t.Errorf("%s: got %+v, %v; want the call's error", r.id, r.snap, r.err)
		}
	}
	if n := len(f.callIDs()); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestBatcher_fullBatchGoesAtOnceAndTheNextStartsAnother(t *testing.T) {
	checkNoLeak(t)
	f := &batchFake{exists: map[string]bool{}}
	ids := make([]string, batchMaxIDs+1)
	for i := range ids {
		ids[i] = fmt.Sprintf("s-%03d", i)
		f.exists[ids[i]] = true
	}
	timers := newManualTimers()
	b := newTestBatcher(f, timers)
	first := lookups(context.Background(), b, ids[:batchMaxIDs]...)
	for range batchMaxIDs { // no timer fired: the full batch did not wait for its window
		if r := <-first; r.err != nil {
			t.Fatalf("%s: %v", r.id, r.err)
		}
	}
	<-timers.started // the full batch's own timer, never fired
	last := lookups(context.Background(), b, ids[batchMaxIDs])
	timers.fire()
	if r := <-last; r.err != nil || r.snap.SnapshotID != ids[batchMaxIDs] {
		t.Fatalf("%s: %+v, %v", r.id, r.snap, r.err)
	}
	calls := f.callIDs()
	if len(calls) != 2 || len(calls[0]) != batchMaxIDs || !slices.Equal(calls[1], ids[batchMaxIDs:]) {
		t.Errorf("calls of %d and %v IDs, want %d then the last one", len(calls[0]), calls[1:], batchMaxIDs)
	}
}

func TestBatcher_oneCancelledLookupDoesNotCancelTheCall(t *testing.T) {
	checkNoLeak(t)
	f := &batchFake{exists: map[string]bool{"s-1": true, "s-2": true}, hold: make(chan struct{}),
		entered: make(chan []string, 1), ctxDone: make(chan struct{})}
	timers := newManualTimers()
	b := newTestBatcher(f, timers)
	ctx1, cancel1 := context.WithCancel(context.Background())
	r1 := lookups(ctx1, b, "s-1")
	r2 := lookups(context.Background(), b, "s-2")
	waitUntil(func() bool { return b.openWaiters() == 2 })
	timers.fire()
	<-f.entered
	cancel1()
	if r := <-r1; !errors.Is(r.err, context.Canceled) {
		t.Errorf("cancelled lookup: %v, want context.Canceled", r.err)
	}
	close(f.hold) // the call, still alive, answers the other lookup
	if r := <-r2; r.err != nil || r.snap.SnapshotID != "s-2" {
		t.Errorf("other lookup: %+v, %v", r.snap, r.err)
	}
	select {
	case <-f.ctxDone:
		t.Error("the call's context was cancelled with one lookup still waiting")
	default:
	}
}

func TestBatcher_callAbandonedWhenEveryLookupLeaves(t *testing.T) {
	checkNoLeak(t)
	f := &batchFake{exists: map[string]bool{"s-1": true}, hold: make(chan struct{}),
		entered: make(chan []string, 1), ctxDone: make(chan struct{})}
	timers := newManualTimers()
	b := newTestBatcher(f, timers)
	ctx, cancel := context.WithCancel(context.Background())
	r := lookups(ctx, b, "s-1", "s-1")
	waitUntil(func() bool { return b.openWaiters() == 2 })
	timers.fire()
	<-f.entered
	cancel()
	for range 2 {
		if got := <-r; !errors.Is(got.err, context.Canceled) {
			t.Errorf("lookup: %v, want context.Canceled", got.err)
		}
	}
	<-f.ctxDone // the call stops: nobody waits for it
}

func TestBatcher_lookupLeavingBeforeTheCallIsLeftOut(t *testing.T) {
	checkNoLeak(t)
	f := &batchFake{exists: map[string]bool{"s-1": true, "s-2": true}}
	timers := newManualTimers()
	b := newTestBatcher(f, timers)
	ctx1, cancel1 := context.WithCancel(context.Background())
	r1 := lookups(ctx1, b, "s-1")
	r2 := lookups(context.Background(), b, "s-2")
	waitUntil(func() bool { return b.openWaiters() == 2 })
	cancel1()
	if r := <-r1; !errors.Is(r.err, context.Canceled) {
		t.Errorf("cancelled lookup: %v", r.err)
	}
	timers.fire()
	if r := <-r2; r.err != nil || r.snap.SnapshotID != "s-2" {
		t.Errorf("other lookup: %+v, %v", r.snap, r.err)
	}
	if calls := f.callIDs(); len(calls) != 1 || !slices.Equal(calls[0], []string{"s-2"}) {
		t.Errorf("calls %v, want one for s-2 only", calls)
	}
}

func TestBatcher_batchNobodyWaitsForIsNeverSent(t *testing.T) {
	checkNoLeak(t)
	f := &batchFake{exists: map[string]bool{"s-1": true}}
	timers := newManualTimers()
	b := newTestBatcher(f, timers)
	ctx, cancel := context.WithCancel(context.Background())
	r := lookups(ctx, b, "s-1")
	waitUntil(func() bool { return b.openWaiters() == 1 })
	b.mu.Lock()
	abandoned := b.open
	b.mu.Unlock()
	cancel()
	if got := <-r; !errors.Is(got.err, context.Canceled) {
		t.Errorf("lookup: %v", got.err)
	}
	<-abandoned.done // ended without its window: nobody waited
	<-timers.started
	// A new lookup starts a new batch rather than joining the abandoned one.
	r2 := lookups(context.Background(), b, "s-1")
	timers.fire()
	if got := <-r2; got.err != nil {
		t.Errorf("new lookup: %v", got.err)
	}
	if calls := f.callIDs(); len(calls) != 1 {
		t.Errorf("calls %v, want only the new batch's", calls)
	}
}

func TestBatcher_endedContextMakesNoLookup(t *testing.T) {
	f := &batchFake{}
	b := newTestBatcher(f, newManualTimers())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.find(ctx, "s-1"); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
	if len(f.callIDs()) != 0 {
		t.Error("a call was made")
	}
}

// Many lookups through the real timer, under -race: every lookup gets its own snapshot, calls never hold more
// than batchMaxIDs IDs, and they are fewer than the lookups.
func TestBatcher_manyConcurrentLookups(t *testing.T) {
	checkNoLeak(t)
	const distinct, perID = 250, 3
	f := &batchFake{exists: map[string]bool{}}
	for i := range distinct {
		f.exists[fmt.Sprintf("s-%03d", i)] = true
	}
	b := &snapshotBatcher{describe: f.describe, window: time.Millisecond, timer: realTimer, now: time.Now}
	var wg sync.WaitGroup
	for i := range distinct * perID {
		wg.Go(func() {
			id := fmt.Sprintf("s-%03d", i%distinct)
			s, err := b.find(context.Background(), id)
			if err != nil || s.SnapshotID != id {
				t.Errorf("%s: %+v, %v", id, s, err)
			}
		})
	}
	wg.Wait()
	calls := f.callIDs()
	for _, c := range calls {
		if len(c) > batchMaxIDs {
			t.Errorf("a call asked for %d IDs", len(c))
		}
	}
	if len(calls) >= distinct*perID {
		t.Errorf("%d calls for %d lookups: nothing was shared", len(calls), distinct*perID)
	}
}

func TestNewProviderData_batchesThroughTheClient(t *testing.T) {
	checkNoLeak(t)
	c := &fakeClient{snapshots: []ecsclient.Snapshot{{SnapshotID: "s-1", Status: statusAccomplished}}}
	d := NewProviderData(c)
	s, err := d.finder(context.Background(), "s-1")
	if err != nil || s.SnapshotID != "s-1" {
		t.Fatalf("got %+v, %v", s, err)
	}
	if !slices.Equal(c.gotInput.SnapshotIDs, []string{"s-1"}) {
		t.Errorf("asked for %v", c.gotInput.SnapshotIDs)
	}
}

func TestBatcher_lookupWithLessSlackBringsTheCallForward(t *testing.T) {
	checkNoLeak(t)
	f := &batchFake{exists: map[string]bool{"s-1": true, "s-2": true}}
	timers := newManualTimers()
	b := newTestBatcher(f, timers)
	patient := lookups(withLookupSlack(context.Background(), time.Hour), b, "s-1")
	waitUntil(func() bool { return b.openWaiters() == 1 })
	<-timers.started // the patient lookup's hour, never fired
	hasty := lookups(withLookupSlack(context.Background(), 0), b, "s-2")
	timers.fire() // the batch re-armed for the hasty lookup's deadline
	for _, r := range []lookupResult{<-patient, <-hasty} {
		if r.err != nil || r.snap.SnapshotID != r.id {
			t.Errorf("%s: %+v, %v", r.id, r.snap, r.err)
		}
	}
	if calls := f.callIDs(); len(calls) != 1 || len(calls[0]) != 2 {
		t.Errorf("calls %v, want one for both", calls)
	}
}

func TestLookupSlack(t *testing.T) {
	ctx := context.Background()
	if got := lookupSlack(ctx, time.Second); got != time.Second {
		t.Errorf("no slack in ctx: %v, want the fallback", got)
	}
	if got := lookupSlack(withLookupSlack(ctx, 3*time.Millisecond), time.Second); got != 3*time.Millisecond {
		t.Errorf("slack %v, want 3ms", got)
	}
}
