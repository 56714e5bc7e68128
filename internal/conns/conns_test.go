package conns

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// regionClient holds the snapshots of one region and counts the DescribeSnapshots calls made to it; the
// first call waits for release, so that lookups made meanwhile gather behind it.
type regionClient struct {
	ecsclient.Client
	region    string
	snapshots map[string]ecsclient.Snapshot

	mu      sync.Mutex
	calls   [][]string
	first   chan struct{} // closed when the first call has arrived
	release chan struct{}
}

func newRegionClient(region string, ids ...string) *regionClient {
	c := &regionClient{region: region, snapshots: map[string]ecsclient.Snapshot{},
		first: make(chan struct{}), release: make(chan struct{})}
	for _, id := range ids {
		c.snapshots[id] = ecsclient.Snapshot{SnapshotID: id, RegionID: region}
	}
	return c
}

func (c *regionClient) Region() string { return c.region }

func (c *regionClient) DescribeSnapshots(_ context.Context, in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
	c.mu.Lock()
	c.calls = append(c.calls, in.SnapshotIDs)
	n := len(c.calls)
	c.mu.Unlock()
	if n == 1 {
		close(c.first)
		<-c.release
	}
	var out []ecsclient.Snapshot
	for _, id := range in.SnapshotIDs {
		if s, ok := c.snapshots[id]; ok {
			out = append(out, s)
		}
	}
	return out, nil
}

func newTestClient(t *testing.T, regions ...*regionClient) *Client {
	t.Helper()
	byRegion := map[string]*regionClient{}
	for _, r := range regions {
		byRegion[r.region] = r
	}
	f := Factories{ECS: func(_ context.Context, cfg client.Config) (ecsclient.Client, error) {
		return byRegion[cfg.Region], nil
	}}
	c, err := New(context.Background(), Config{Region: regions[0].region}, f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Each region has its own calls: a lookup in another region is neither held behind nor mixed into a call in
// flight in the provider's region. (How lookups gather is package batch's, tested there.)
func TestClientFindSnapshot_regionsHaveTheirOwnCalls(t *testing.T) {
	home := newRegionClient("cn-hangzhou", "s-a", "s-b", "s-c")
	other := newRegionClient("cn-shanghai", "s-x")
	close(other.release)
	c := newTestClient(t, home, other)
	ctx := context.Background()

	var wg sync.WaitGroup
	results := make(map[string]bool)
	var mu sync.Mutex
	find := func(region, id string) {
		defer wg.Done()
		s, found, err := c.FindSnapshot(ctx, region, id, 0)
		if err != nil {
			t.Error(err)
			return
		}
		if found && (s.SnapshotID != id || (region != "" && s.RegionID != region)) {
			t.Errorf("lookup of %s in %q answered %+v", id, region, s)
		}
		mu.Lock()
		results[region+"/"+id] = found
		mu.Unlock()
	}
	wg.Add(1)
	go find("", "s-a") // goes at once, and is held by the client
	<-home.first
	wg.Add(3)
	go find("", "s-b")
	go find("cn-hangzhou", "s-missing")
	go find("cn-shanghai", "s-x")
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		other.mu.Lock()
		n := len(other.calls)
		other.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			close(home.release)
			t.Fatal("the shanghai lookup is held behind the hangzhou call in flight")
		}
	}
	close(home.release)
	wg.Wait()

	want := map[string]bool{"/s-a": true, "/s-b": true, "cn-hangzhou/s-missing": false, "cn-shanghai/s-x": true}
	for k, v := range want {
		if got, ok := results[k]; !ok || got != v {
			t.Errorf("lookup %s: found %v (answered %v), want %v", k, got, ok, v)
		}
	}
	for _, call := range home.calls {
		if slices.Contains(call, "s-x") {
			t.Errorf("hangzhou was asked for the shanghai snapshot: %v", home.calls)
		}
	}
	if len(other.calls) != 1 || len(other.calls[0]) != 1 || other.calls[0][0] != "s-x" {
		t.Errorf("shanghai calls %v, want one call for s-x alone", other.calls)
	}
}

// ForECSClient looks up without batching: one call per lookup.
func TestForECSClient_unbatched(t *testing.T) {
	rc := newRegionClient("cn-hangzhou", "s-a")
	close(rc.release)
	c := ForECSClient(rc)
	for range 2 {
		if _, found, err := c.FindSnapshot(context.Background(), "", "s-a", 0); err != nil || !found {
			t.Fatalf("found %v, err %v", found, err)
		}
	}
	if len(rc.calls) != 2 {
		t.Errorf("%d calls, want 2", len(rc.calls))
	}
	if c.HomeECS() != rc {
		t.Error("HomeECS is not the wrapped client")
	}
}
