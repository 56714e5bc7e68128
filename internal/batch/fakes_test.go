package batch

import (
	"context"
	"runtime"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"
)

// hangBound bounds a wait for something that must happen; reaching it is a hang, never a measurement.
const hangBound = 10 * time.Second

// fakeClock moves only when the test advances it; due timers run in Advance, in the test's goroutine.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	clock *fakeClock
	when  time.Time
	f     func()
	done  bool // fired or stopped
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{clock: c, when: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return t
}

func (t *fakeTimer) Stop() bool {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	if t.done {
		return false
	}
	t.done = true
	return true
}

// Advance moves the clock by d and runs the timers that came due, earliest first.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []*fakeTimer
	live := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.done:
		case !t.when.After(c.now):
			t.done = true
			due = append(due, t)
		default:
			live = append(live, t)
		}
	}
	c.timers = live
	c.mu.Unlock()
	sort.SliceStable(due, func(i, j int) bool { return due[i].when.Before(due[j].when) })
	for _, t := range due {
		t.f()
	}
}

// fakeFetch hands every call to the test, which answers it; a call whose context ends returns its error.
type fakeFetch struct {
	calls chan *fakeCall
	mu    sync.Mutex
	n     int
}

type fakeCall struct {
	ctx   context.Context
	keys  []string
	reply chan fakeReply
}

type fakeReply struct {
	found map[string]string
	err   error
}

func newFakeFetch() *fakeFetch { return &fakeFetch{calls: make(chan *fakeCall, 64)} }

func (f *fakeFetch) fetch(ctx context.Context, keys []string) (map[string]string, error) {
	f.mu.Lock()
	f.n++
	f.mu.Unlock()
	c := &fakeCall{ctx: ctx, keys: slices.Clone(keys), reply: make(chan fakeReply, 1)}
	f.calls <- c
	select {
	case r := <-c.reply:
		return r.found, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (f *fakeFetch) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// next is the next call sent; the test fails if none comes.
func (f *fakeFetch) next(t *testing.T) *fakeCall {
	t.Helper()
	select {
	case c := <-f.calls:
		return c
	case <-time.After(hangBound):
		t.Fatal("no call was sent")
		return nil
	}
}

// answer says that the keys among exist are found, each with the value "v-" + key.
func (c *fakeCall) answer(exist ...string) {
	found := map[string]string{}
	for _, k := range c.keys {
		if slices.Contains(exist, k) {
			found[k] = "v-" + k
		}
	}
	c.reply <- fakeReply{found: found}
}

func (c *fakeCall) fail(err error) { c.reply <- fakeReply{err: err} }

type result struct {
	key   string
	v     string
	found bool
	err   error
}

// get starts a lookup in its own goroutine.
func get(ctx context.Context, b *Batcher[string, string], key string, slack time.Duration) <-chan result {
	out := make(chan result, 1)
	go func() {
		v, found, err := b.Get(ctx, key, slack)
		out <- result{key, v, found, err}
	}()
	return out
}

func (r result) ok() bool { return r.err == nil && r.found && r.v == "v-"+r.key }

// recv is what a lookup started in its own goroutine (get, getAll) returned; the test fails if it never returns.
func recv[R any](t *testing.T, ch <-chan R) R {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(hangBound):
		t.Fatal("a lookup never returned")
		var zero R
		return zero
	}
}

// pending fails if the lookup has already returned.
func pending(t *testing.T, ch <-chan result) {
	t.Helper()
	select {
	case r := <-ch:
		t.Fatalf("lookup of %s returned early: %+v", r.key, r)
	default:
	}
}

// eventually spins until cond holds: the state it waits for is reached by goroutines the test started.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(hangBound)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		runtime.Gosched()
	}
}

// gatheringWaiters is the number of lookups waiting in the call being assembled.
func (b *Batcher[K, V]) gatheringWaiters() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.gathering == nil {
		return 0
	}
	return b.gathering.waiters
}

// lendingWaiters is the number of lookups waiting for the call in flight that holds key.
func (b *Batcher[K, V]) lendingWaiters(key K) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c := b.lending[key]; c != nil {
		return c.waiters
	}
	return 0
}

func (b *Batcher[K, V]) idle() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.gathering == nil && len(b.pacers) == 0 && len(b.lending) == 0 && len(b.announced) == 0 && len(b.asked) == 0
}

// checkNoLeak fails when goroutines started during the test still run at its end: the batcher holds none idle.
func checkNoLeak(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(hangBound)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			runtime.Gosched()
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<16)
			t.Errorf("%d goroutines left running (was %d):\n%s", n, before, buf[:runtime.Stack(buf, true)])
		}
	})
}

func newTest(t *testing.T, opts Options) (*Batcher[string, string], *fakeFetch, *fakeClock) {
	checkNoLeak(t)
	f, clock := newFakeFetch(), newFakeClock()
	opts.Clock = clock
	return New(f.fetch, opts), f, clock
}

// callAsks takes the next call, checks that it asks for want (in order), answers every key of it found, and
// checks that each of rs then gets its item.
func callAsks(t *testing.T, f *fakeFetch, want []string, rs ...<-chan result) {
	t.Helper()
	c := f.next(t)
	if !slices.Equal(c.keys, want) {
		t.Errorf("call asked for %v, want %v", c.keys, want)
	}
	c.answer(c.keys...)
	for _, r := range rs {
		if got := recv(t, r); !got.ok() {
			t.Errorf("%+v", got)
		}
	}
}
