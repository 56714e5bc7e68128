package ecs

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
)

// groupClient holds the snapshot groups of one region and records the SnapshotGroupIDs of each call; the first
// call waits for release, so that lookups made meanwhile gather behind it.
type groupClient struct {
	ecsclient.Client
	groups map[string]ecsclient.SnapshotGroup

	mu      sync.Mutex
	calls   []ecsclient.DescribeSnapshotGroupsInput
	first   chan struct{}
	release chan struct{}
}

func (c *groupClient) DescribeSnapshotGroups(_ context.Context, in ecsclient.DescribeSnapshotGroupsInput) ([]ecsclient.SnapshotGroup, error) {
	c.mu.Lock()
	c.calls = append(c.calls, in)
	n := len(c.calls)
	c.mu.Unlock()
	if n == 1 {
		close(c.first)
	}
	// Every call waits for the release, so that none answers (and lets the next go) before every lookup has joined.
	<-c.release
	var out []ecsclient.SnapshotGroup
	if in.SnapshotGroupIDs == nil {
		// A scan of every group: what the lookup must never do.
		for _, g := range c.groups {
			out = append(out, g)
		}
		return out, nil
	}
	for _, id := range in.SnapshotGroupIDs {
		if g, ok := c.groups[id]; ok {
			out = append(out, g)
		}
	}
	return out, nil
}

func (c *groupClient) callCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.calls)
}

// Many groups waited for at once are read by ID in shared calls of at most 10 IDs (SnapshotGroupId.N), never by
// a scan of every group, and each lookup gets its own group, or not found.
func TestSnapshotGroupsByID_batchesLookupsByID(t *testing.T) {
	const n = 25
	gc := &groupClient{groups: map[string]ecsclient.SnapshotGroup{}, first: make(chan struct{}), release: make(chan struct{})}
	for i := range n {
		id := fmt.Sprintf("ssg-group%03d", i)
		gc.groups[id] = ecsclient.SnapshotGroup{SnapshotGroupID: id, Name: "name" + id}
	}
	c := connstest.ECS(t, gc)
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[string]ecsclient.SnapshotGroup{}
	missing := map[string]bool{}
	find := func(id string) {
		defer wg.Done()
		g, found, err := snapshotGroupsByID.Get(ctx, c, "", id, 0)
		if err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if found {
			got[id] = g
		} else {
			missing[id] = true
		}
	}
	wg.Add(1)
	go find("ssg-group000")
	<-gc.first
	wg.Add(n)
	// Every lookup joins before the calls answer (see TestDisksByID_batchesLookups).
	var started sync.WaitGroup
	started.Add(n)
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("ssg-group%03d", i)
		if i == n {
			id = "ssg-gone"
		}
		go func() { started.Done(); find(id) }()
	}
	started.Wait()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && gc.callCount() < 2; time.Sleep(time.Millisecond) {
	}
	time.Sleep(50 * time.Millisecond)
	close(gc.release)
	wg.Wait()

	if len(got) != n || len(missing) != 1 || !missing["ssg-gone"] {
		t.Fatalf("found %d groups and missing %v, want %d and [ssg-gone]", len(got), missing, n)
	}
	for id, g := range got {
		if g.SnapshotGroupID != id || g.Name != "name"+id {
			t.Errorf("lookup of %s answered %+v", id, g)
		}
	}
	// One call for the first lookup, then 25 lookups (24 groups and ssg-gone) in ceil(25/10) = 3.
	if len(gc.calls) != 4 {
		t.Errorf("%d DescribeSnapshotGroups calls, want 4", len(gc.calls))
	}
	for _, in := range gc.calls {
		if in.SnapshotGroupIDs == nil || len(in.SnapshotGroupIDs) > 10 {
			t.Errorf("a call asked for %v: want by ID, at most 10 (SnapshotGroupId.N)", in.SnapshotGroupIDs)
		}
	}
}
