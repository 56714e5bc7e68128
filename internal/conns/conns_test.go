package conns

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/batch"
	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// snapshotsByID is a Batcher as a service package declares one.
var snapshotsByID = ByIDs("ecs/snapshots", (*Client).ECS, ecsclient.Client.DescribeSnapshots,
	func(ids []string) ecsclient.DescribeSnapshotsInput {
		return ecsclient.DescribeSnapshotsInput{SnapshotIDs: ids}
	},
	func(s ecsclient.Snapshot) string { return s.SnapshotID }, batch.Options{})

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
func TestBatcher_regionsHaveTheirOwnCalls(t *testing.T) {
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
		s, found, err := snapshotsByID.Get(ctx, c, region, id, 0)
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

// One batch.Batcher per Batcher and region, built on first use: "" and the provider's region share it, and so
// does every Client operation; the lookups of another Batcher under the same key are refused, not mixed in.
func TestBatcher_builtOncePerRegion(t *testing.T) {
	home := newRegionClient("cn-hangzhou", "s-a")
	other := newRegionClient("cn-shanghai", "s-x")
	close(home.release)
	close(other.release)
	c := newTestClient(t, home, other)
	ctx := t.Context()
	a, err := snapshotsByID.batcher(ctx, c, "")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := snapshotsByID.batcher(ctx, c, "cn-hangzhou"); b != a {
		t.Error(`"" and the provider's region have different batchers`)
	}
	if b, _ := snapshotsByID.batcher(ctx, c, "cn-shanghai"); b == a || b == nil {
		t.Error("cn-shanghai shares the provider's region's batcher")
	}
	if _, found, err := snapshotsByID.Get(ctx, c, "cn-shanghai", "s-x", 0); err != nil || !found {
		t.Errorf("s-x in cn-shanghai: found %v, err %v", found, err)
	}

	impostor := *snapshotsByID
	if _, _, err := impostor.Get(ctx, c, "", "s-a", 0); err == nil || !strings.Contains(err.Error(), `two batchers are named "ecs/snapshots"`) {
		t.Errorf("a second Batcher under the key: %v", err)
	}
	if _, found, err := snapshotsByID.Get(ctx, c, "", "s-a", 0); err != nil || !found {
		t.Errorf("s-a: found %v, err %v", found, err)
	}
}

// A region whose client cannot be built fails the lookup with the factory's error, and builds no batcher.
func TestBatcher_clientErrorFailsTheLookup(t *testing.T) {
	f := Factories{ECS: func(_ context.Context, cfg client.Config) (ecsclient.Client, error) {
		if cfg.Region == "cn-nowhere" {
			return nil, errors.New("no such region")
		}
		return newRegionClient(cfg.Region), nil
	}}
	c, err := New(t.Context(), Config{Region: "cn-hangzhou"}, f)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = snapshotsByID.Get(t.Context(), c, "cn-nowhere", "s-a", 0)
	if err == nil || err.Error() != "cannot create the ECS client for region cn-nowhere: no such region" {
		t.Errorf("error %v", err)
	}
	if len(c.batchers) != 0 {
		t.Errorf("batchers built: %v", c.batchers)
	}
}

// ByIDs asks for the IDs it is given and answers each item by its ID; the call's error is the fetch's.
func TestByIDs(t *testing.T) {
	var asked []string
	fail := errors.New("throttled")
	fetch := ByIDs("test/strings", nil, func(items []string, _ context.Context, ids []string) ([]string, error) {
		asked = append(asked, ids...)
		if slices.Contains(ids, "boom") {
			return nil, fail
		}
		var out []string
		for _, id := range ids {
			if slices.Contains(items, id) {
				out = append(out, id)
			}
		}
		return out, nil
	}, func(ids []string) []string { return ids }, strings.ToUpper, batch.Options{}).Fetch([]string{"a", "b"})
	got, err := fetch(t.Context(), []string{"a", "c"})
	if err != nil || len(got) != 1 || got["A"] != "a" {
		t.Errorf("got %v, %v; want A: a", got, err)
	}
	if _, err := fetch(t.Context(), []string{"boom"}); !errors.Is(err, fail) {
		t.Errorf("error %v", err)
	}
	if !slices.Equal(asked, []string{"a", "c", "boom"}) {
		t.Errorf("asked %v", asked)
	}
}

// The ECD client is built on first use, per region, with the ECD endpoint override and the provider's
// credential settings; a factory error names the product and region.
func TestClientECD_builtOnFirstUsePerRegion(t *testing.T) {
	var mu sync.Mutex
	var built []client.Config
	retries := 3
	f := Factories{
		ECS: func(context.Context, client.Config) (ecsclient.Client, error) {
			return newRegionClient("cn-hangzhou"), nil
		},
		ECD: func(_ context.Context, cfg client.Config) (ecdclient.Client, error) {
			mu.Lock()
			defer mu.Unlock()
			built = append(built, cfg)
			if cfg.Region == "cn-nowhere" {
				return nil, fmt.Errorf("no such region")
			}
			return &struct{ ecdclient.Client }{}, nil
		},
	}
	c, err := New(t.Context(), Config{Region: "cn-hangzhou", Endpoints: Endpoints{ECS: "http://ecs", ECD: "http://127.0.0.1:1"}, MaxRetries: &retries, UserAgent: "ua"}, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(built) != 0 {
		t.Fatalf("ECD client built at New: %+v", built)
	}
	a, _ := c.ECD(t.Context(), "")
	b, _ := c.ECD(t.Context(), "cn-hangzhou")
	if a != b || len(built) != 1 {
		t.Errorf("the provider's region got %d clients", len(built))
	}
	if _, err := c.ECD(t.Context(), "cn-shanghai"); err != nil || len(built) != 2 {
		t.Errorf("second region: %v, %d built", err, len(built))
	}
	for _, cfg := range built {
		if cfg.Endpoint != "http://127.0.0.1:1" || cfg.MaxRetries == nil || *cfg.MaxRetries != 3 || cfg.UserAgent != "ua" {
			t.Errorf("config %+v", cfg)
		}
	}
	if built[1].Region != "cn-shanghai" {
		t.Errorf("region %q", built[1].Region)
	}
	if _, err := c.ECD(t.Context(), "cn-nowhere"); err == nil || err.Error() != "cannot create the ECD client for region cn-nowhere: no such region" {
		t.Errorf("error %v", err)
	}
}
