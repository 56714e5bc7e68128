package batch

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// realFetch answers every key as found after a short latency, and checks what each call asks for.
type realFetch struct {
	t        testing.TB
	maxKeys  int
	latency  time.Duration
	calls    atomic.Int64
	mu       sync.Mutex
	nonFull  int // non-full calls in flight
	maxPaced int // the most non-full calls seen in flight at once
}

func (f *realFetch) fetch(ctx context.Context, keys []string) (map[string]string, error) {
	f.calls.Add(1)
	full := len(keys) == f.maxKeys
	f.mu.Lock()
	if !full {
		f.nonFull++
		f.maxPaced = max(f.maxPaced, f.nonFull)
	}
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		if !full {
			f.nonFull--
		}
		f.mu.Unlock()
	}()
	if len(keys) == 0 || len(keys) > f.maxKeys {
		f.t.Errorf("a call asked for %d keys", len(keys))
	}
	seen := map[string]bool{}
	found := map[string]string{}
	for _, k := range keys {
		if seen[k] {
			f.t.Errorf("a call asked for %s twice", k)
		}
		seen[k] = true
		found[k] = "v-" + k
	}
	if f.latency > 0 {
		select {
		case <-time.After(f.latency):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return found, nil
}

// Many lookups through the real clock, under -race: every lookup gets its own item, no call asks for a key
// twice or for more than MaxKeys keys, at most MaxInFlight non-full calls are in flight at once, and calls are
// shared.
func TestBatcher_manyConcurrentLookups(t *testing.T) {
	checkNoLeak(t)
	const distinct, perKey, maxKeys = 300, 5, 50
	f := &realFetch{t: t, maxKeys: maxKeys, latency: 200 * time.Microsecond}
	b := New(f.fetch, Options{MaxKeys: maxKeys, StuckAfter: time.Hour}) // no call is stuck: the bound must hold
	slacks := []time.Duration{0, 0, 0, time.Millisecond}
	var wg sync.WaitGroup
	for i := range distinct * perKey {
		wg.Go(func() {
			key := fmt.Sprintf("s-%03d", i%distinct)
			v, found, err := b.Get(context.Background(), key, slacks[i%len(slacks)])
			if err != nil || !found || v != "v-"+key {
				t.Errorf("%s: %q, %v, %v", key, v, found, err)
			}
		})
	}
	wg.Wait()
	if f.maxPaced > DefaultMaxInFlight {
		t.Errorf("%d non-full calls in flight at once, want at most %d", f.maxPaced, DefaultMaxInFlight)
	}
	if n := f.calls.Load(); n >= distinct*perKey/2 {
		t.Errorf("%d calls for %d lookups: little was shared", n, distinct*perKey)
	}
	if !b.idle() {
		t.Error("not idle after every lookup returned")
	}
}

// Lookups that give up at random while others go on, under -race: each gets its item or its own context's
// error, and the batcher ends idle with no goroutine left.
func TestBatcher_concurrentCancellations(t *testing.T) {
	checkNoLeak(t)
	const lookups, keys = 2000, 120
	f := &realFetch{t: t, maxKeys: DefaultMaxKeys, latency: 100 * time.Microsecond}
	b := New(f.fetch, Options{StuckAfter: time.Millisecond}) // stuck calls happen too
	var wg sync.WaitGroup
	var cancelled atomic.Int64
	for i := range lookups {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), 7))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if r.IntN(3) == 0 {
				go cancel()
			}
			key := fmt.Sprintf("s-%03d", r.IntN(keys))
			v, found, err := b.Get(ctx, key, time.Duration(r.IntN(3))*time.Millisecond/2)
			switch {
			case errors.Is(err, context.Canceled):
				cancelled.Add(1)
			case err != nil || !found || v != "v-"+key:
				t.Errorf("%s: %q, %v, %v", key, v, found, err)
			}
		})
	}
	wg.Wait()
	if !b.idle() {
		t.Error("not idle after every lookup returned")
	}
	t.Logf("%d calls, %d of %d lookups cancelled", f.calls.Load(), cancelled.Load(), lookups)
}

// BenchmarkBatcher_concurrentLookups reports the calls per lookup when n lookups of distinct keys arrive at
// once, against a fetch of 1 ms latency (unbatched, each would be one call).
func BenchmarkBatcher_concurrentLookups(b *testing.B) {
	for _, n := range []int{1, 10, 100, 1000} {
		for _, slack := range []time.Duration{0, 2 * time.Millisecond} {
			b.Run(fmt.Sprintf("n=%d/slack=%v", n, slack), func(b *testing.B) {
				f := &realFetch{t: b, maxKeys: DefaultMaxKeys, latency: time.Millisecond}
				bt := New(f.fetch, Options{})
				for b.Loop() {
					var wg sync.WaitGroup
					for i := range n {
						wg.Go(func() {
							if _, _, err := bt.Get(context.Background(), fmt.Sprintf("s-%04d", i), slack); err != nil {
								b.Error(err)
							}
						})
					}
					wg.Wait()
				}
				b.ReportMetric(float64(f.calls.Load())/float64(b.N*n), "calls/lookup")
			})
		}
	}
}

// BenchmarkBatcher_staggeredLookups reports the calls per lookup when 100 lookups without slack arrive one after
// the other, gap apart, against a fetch of 10 ms latency: terraform's refresh, whose reads start one by one.
func BenchmarkBatcher_staggeredLookups(b *testing.B) {
	const n, latency = 100, 10 * time.Millisecond
	for _, gap := range []time.Duration{time.Millisecond, 5 * time.Millisecond} {
		b.Run(fmt.Sprintf("gap=%v", gap), func(b *testing.B) {
			f := &realFetch{t: b, maxKeys: DefaultMaxKeys, latency: latency}
			bt := New(f.fetch, Options{})
			for b.Loop() {
				var wg sync.WaitGroup
				for i := range n {
					wg.Go(func() {
						if _, _, err := bt.Get(context.Background(), fmt.Sprintf("s-%04d", i), 0); err != nil {
							b.Error(err)
						}
					})
					time.Sleep(gap)
				}
				wg.Wait()
			}
			b.ReportMetric(float64(f.calls.Load())/float64(b.N*n), "calls/lookup")
		})
	}
}

// BenchmarkBatcher_closedLoop models terraform refreshing 200 resources at -parallelism 10 against an API of 20 ms
// a call: each of 10 workers does think of work (terraform's and the provider's, between two reads), then one
// lookup, until every resource is read. It reports calls per lookup and the wall time of the whole, for each
// MaxInFlight: what DefaultMaxInFlight was chosen by (the fewest calls for a wall time near one call per lookup's).
func BenchmarkBatcher_closedLoop(b *testing.B) {
	const resources, workers, latency = 200, 10, 20 * time.Millisecond
	for _, think := range []time.Duration{2 * time.Millisecond, 10 * time.Millisecond, 40 * time.Millisecond} {
		for _, inFlight := range []int{1, 2, 3, 4, workers} {
			b.Run(fmt.Sprintf("think=%v/inflight=%d", think, inFlight), func(b *testing.B) {
				f := &realFetch{t: b, maxKeys: DefaultMaxKeys, latency: latency}
				for b.Loop() {
					bt := New(f.fetch, Options{MaxInFlight: inFlight})
					var next atomic.Int64
					var wg sync.WaitGroup
					for range workers {
						wg.Go(func() {
							r := rand.New(rand.NewPCG(uint64(next.Load()), 1))
							for i := next.Add(1) - 1; i < resources; i = next.Add(1) - 1 {
								time.Sleep(think/2 + time.Duration(r.Int64N(int64(think)))) // think, give or take half
								if _, _, err := bt.Get(context.Background(), fmt.Sprintf("s-%04d", i), 0); err != nil {
									b.Error(err)
								}
							}
						})
					}
					wg.Wait()
				}
				b.ReportMetric(float64(f.calls.Load())/float64(b.N*resources), "calls/lookup")
			})
		}
	}
}
