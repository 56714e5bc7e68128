package ecs

import (
	"sync"
	"testing"
	"time"
)

// heldCalls is the part of a fake client that the batching tests of the finders share: it records the input of
// each call and holds every call until release is closed, so that lookups made meanwhile gather behind the first
// one; first is closed when the first call arrives.
type heldCalls[In any] struct {
	mu      sync.Mutex
	calls   []In
	first   chan struct{}
	release chan struct{}
}

func newHeldCalls[In any]() heldCalls[In] {
	return heldCalls[In]{first: make(chan struct{}), release: make(chan struct{})}
}

// hold records in and returns once the calls are released.
func (h *heldCalls[In]) hold(in In) {
	h.mu.Lock()
	h.calls = append(h.calls, in)
	n := len(h.calls)
	h.mu.Unlock()
	if n == 1 {
		close(h.first)
	}
	// Every call waits for the release, so that none answers (and lets the next go) before every lookup has joined.
	<-h.release
}

func (h *heldCalls[In]) callCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.calls)
}

// gatherLookups looks first up, and once its call is held, each of rest from a goroutine of its own; it releases
// the calls when every lookup has joined the gathering call, and returns what each lookup found and the IDs not
// found.
func gatherLookups[V, In any](t *testing.T, h *heldCalls[In], get func(id string) (V, bool, error), first string,
	rest []string,
) (got map[string]V, missing map[string]bool) {
	t.Helper()
	got, missing = map[string]V{}, map[string]bool{}
	var wg sync.WaitGroup
	var mu sync.Mutex
	find := func(id string) {
		defer wg.Done()
		v, found, err := get(id)
		if err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if found {
			got[id] = v
		} else {
			missing[id] = true
		}
	}
	wg.Add(1)
	go find(first) // goes at once, and is held by the client
	<-h.first
	// Every lookup joins the gathering call before the one in flight answers: started counts the goroutines that
	// are about to look up (on a busy machine a goroutine may start long after go), and the sleep covers the
	// step from there into Get.
	var started sync.WaitGroup
	wg.Add(len(rest))
	started.Add(len(rest))
	for _, id := range rest {
		go func() { started.Done(); find(id) }()
	}
	started.Wait()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && h.callCount() < 2; time.Sleep(time.Millisecond) {
	}
	time.Sleep(50 * time.Millisecond)
	close(h.release)
	wg.Wait()
	return got, missing
}

// checkEachAskedOnce fails the test for an ID that more than one of the calls asked for.
func checkEachAskedOnce(t *testing.T, calls [][]string) {
	t.Helper()
	asked := map[string]int{}
	for _, ids := range calls {
		for _, id := range ids {
			asked[id]++
		}
	}
	for id, n := range asked {
		if n != 1 {
			t.Errorf("%s asked for %d times", id, n)
		}
	}
}
