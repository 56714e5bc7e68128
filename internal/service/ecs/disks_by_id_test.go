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

// diskClient holds the disks of one region and records the DiskIds of each DescribeDisks call; the first call
// waits for release, so that lookups made meanwhile gather behind it.
type diskClient struct {
	ecsclient.Client
	disks map[string]ecsclient.Disk

	mu      sync.Mutex
	calls   [][]string
	first   chan struct{}
	release chan struct{}
}

func (c *diskClient) DescribeDisks(_ context.Context, in ecsclient.DescribeDisksInput) ([]ecsclient.Disk, error) {
	c.mu.Lock()
	c.calls = append(c.calls, in.DiskIDs)
	n := len(c.calls)
	c.mu.Unlock()
	if n == 1 {
		close(c.first)
	}
	// Every call waits for the release, so that none answers (and lets the next go) before every lookup has joined.
	<-c.release
	var out []ecsclient.Disk
	for _, id := range in.DiskIDs {
		if d, ok := c.disks[id]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}

func (c *diskClient) callCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.calls)
}

// A refresh of many attachments reads each disk once: lookups made while a call is in flight share the next
// calls, at most 100 disk IDs each (the DiskIds limit), and each lookup gets its own disk, or not found.
func TestDisksByID_batchesLookups(t *testing.T) {
	const n = 150
	dc := &diskClient{disks: map[string]ecsclient.Disk{}, first: make(chan struct{}), release: make(chan struct{})}
	for i := range n {
		id := fmt.Sprintf("d-disk%03d", i)
		dc.disks[id] = ecsclient.Disk{DiskID: id, AutoSnapshotPolicyID: fmt.Sprintf("sp-policy%03d", i)}
	}
	c := connstest.ECS(t, dc)
	ctx := context.Background()

	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[string]ecsclient.Disk{}
	missing := map[string]bool{}
	find := func(id string) {
		defer wg.Done()
		d, found, err := disksByID.Get(ctx, c, "", id, 0)
		if err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if found {
			got[id] = d
		} else {
			missing[id] = true
		}
	}
	wg.Add(1)
	go find("d-disk000") // goes at once, and is held by the client
	<-dc.first
	wg.Add(n)
	// Every lookup joins the gathering call before the one in flight answers: started counts the goroutines that
	// are about to look up (on a busy machine a goroutine may start long after go), and the sleep covers the
	// step from there into Get.
	var started sync.WaitGroup
	started.Add(n)
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("d-disk%03d", i)
		if i == n {
			id = "d-gone"
		}
		go func() { started.Done(); find(id) }()
	}
	started.Wait()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && dc.callCount() < 2; time.Sleep(time.Millisecond) {
	}
	time.Sleep(50 * time.Millisecond)
	close(dc.release)
	wg.Wait()

	if len(got) != n || len(missing) != 1 || !missing["d-gone"] {
		t.Fatalf("found %d disks and missing %v, want %d and [d-gone]", len(got), missing, n)
	}
	for id, d := range got {
		if d.DiskID != id || d.AutoSnapshotPolicyID != "sp-policy"+id[len("d-disk"):] {
			t.Errorf("lookup of %s answered %+v", id, d)
		}
	}
	// One call for the first lookup, then the other 150 lookups (149 disks and d-gone) in ceil(150/100) = 2.
	if len(dc.calls) != 3 {
		t.Errorf("%d DescribeDisks calls, want 3: %v", len(dc.calls), dc.calls)
	}
	for _, ids := range dc.calls {
		if len(ids) > 100 {
			t.Errorf("a call asked for %d disks, more than DiskIds takes (100)", len(ids))
		}
	}
}
