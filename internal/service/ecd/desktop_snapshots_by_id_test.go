package ecd

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
)

// desktopSnapshotClient holds the desktop snapshots of one region and records each DescribeSnapshots call's
// SnapshotId ("" for a listing); the first call waits for release, so that lookups made meanwhile gather
// behind it.
type desktopSnapshotClient struct {
	ecdclient.Client
	snapshots []ecdclient.Snapshot

	mu      sync.Mutex
	calls   []string
	first   chan struct{}
	release chan struct{}
}

func (c *desktopSnapshotClient) DescribeSnapshots(_ context.Context, in ecdclient.DescribeSnapshotsInput) ([]ecdclient.Snapshot, error) {
	c.mu.Lock()
	c.calls = append(c.calls, in.SnapshotID)
	n := len(c.calls)
	c.mu.Unlock()
	if n == 1 && c.first != nil {
		close(c.first)
		<-c.release
	}
	var out []ecdclient.Snapshot
	for _, s := range c.snapshots {
		if in.SnapshotID == "" || in.SnapshotID == s.SnapshotID {
			out = append(out, s)
		}
	}
	return out, nil
}

func (c *desktopSnapshotClient) recorded() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.calls...)
}

// Lookups made while a call is in flight share the next call: one listing of the region's snapshots
// instead of a call per ID, since the API's SnapshotId filter takes one ID; each lookup gets its own
// snapshot, or not found.
func TestDesktopSnapshotsByID_batchesLookups(t *testing.T) {
	const n = 40
	dc := &desktopSnapshotClient{first: make(chan struct{}), release: make(chan struct{})}
	for i := range n {
		dc.snapshots = append(dc.snapshots, ecdclient.Snapshot{SnapshotID: fmt.Sprintf("s-snap%03d", i), Status: ecdclient.StatusAccomplished})
	}
	c := connstest.ECD(t, dc)
	ctx := t.Context()

	firstDone := make(chan error, 1)
	go func() {
		_, found, err := desktopSnapshotsByID.Get(ctx, c, "", "s-snap000", 0)
		if err == nil && !found {
			err = fmt.Errorf("s-snap000 not found")
		}
		firstDone <- err
	}()
	<-dc.first
	var wg sync.WaitGroup
	errs := make(chan error, n+1)
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("s-snap%03d", i) // s-snap040 does not exist
		wg.Go(func() {
			s, found, err := desktopSnapshotsByID.Get(ctx, c, "", id, 0)
			switch {
			case err != nil:
				errs <- err
			case i == n && found:
				errs <- fmt.Errorf("%s found, want not found", id)
			case i < n && (!found || s.SnapshotID != id):
				errs <- fmt.Errorf("%s: found %v, %+v", id, found, s)
			}
		})
	}
	// Give the lookups time to join the gathering call before the one in flight answers.
	time.Sleep(100 * time.Millisecond)
	close(dc.release)
	wg.Wait()
	if err := <-firstDone; err != nil {
		t.Fatal(err)
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	calls := dc.recorded()
	if len(calls) != 2 || calls[0] != "s-snap000" || calls[1] != "" {
		t.Errorf("DescribeSnapshots calls %q: want one by ID, then one listing for the %d lookups that gathered", calls, n)
	}
}

// A lone lookup asks for its one ID: a listing would read every page of the region.
func TestDesktopSnapshotsByID_loneLookupByID(t *testing.T) {
	dc := &desktopSnapshotClient{snapshots: []ecdclient.Snapshot{{SnapshotID: "s-a"}, {SnapshotID: "s-b"}}}
	c := connstest.ECD(t, dc)
	s, found, err := desktopSnapshotsByID.Get(t.Context(), c, "", "s-b", 0)
	if err != nil || !found || s.SnapshotID != "s-b" {
		t.Fatalf("%+v, %v, %v", s, found, err)
	}
	if calls := dc.recorded(); len(calls) != 1 || calls[0] != "s-b" {
		t.Errorf("calls %q", calls)
	}
}

// Two lookups against a region whose listing took more pages than that go by ID, concurrently.
func TestDescribeDesktopSnapshotsByID_fewIDsAfterALongListingGoByID(t *testing.T) {
	dc := &desktopSnapshotClient{}
	for i := range 250 {
		dc.snapshots = append(dc.snapshots, ecdclient.Snapshot{SnapshotID: fmt.Sprintf("s-%d", i)})
	}
	fetch := describeDesktopSnapshotsByID(dc)
	got, err := fetch(t.Context(), []string{"s-1", "s-2", "s-3", "s-4", "s-missing"})
	if err != nil || len(got) != 4 {
		t.Fatalf("%d found, %v", len(got), err)
	}
	// That listing had 3 pages: 3 IDs now cost 3 calls by ID, no more than a listing.
	got, err = fetch(t.Context(), []string{"s-7", "s-8", "s-9"})
	if err != nil || len(got) != 3 {
		t.Fatalf("%d found, %v", len(got), err)
	}
	calls := dc.recorded()
	if len(calls) != 4 || calls[0] != "" {
		t.Errorf("calls %q: want a listing, then three by ID", calls)
	}
}
