package ecs

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
	"github.com/aliecs/terraform-provider-aliecs/internal/framework"
)

// groupDeleteClient answers a deleted group and its snapshots as still there in the first call of each API and gone
// after, recording the IDs each DescribeSnapshots call asks for.
type groupDeleteClient struct {
	ecsclient.Client
	mu             sync.Mutex
	groupCalls     int
	snapshotsAsked [][]string
	snapshotsErr   error
}

func (c *groupDeleteClient) DescribeSnapshotGroups(_ context.Context, in ecsclient.DescribeSnapshotGroupsInput) ([]ecsclient.SnapshotGroup, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.groupCalls++
	if c.groupCalls > 1 {
		return nil, nil
	}
	var out []ecsclient.SnapshotGroup
	for _, id := range in.SnapshotGroupIDs {
		out = append(out, ecsclient.SnapshotGroup{SnapshotGroupID: id, Status: "progressing"})
	}
	return out, nil
}

func (c *groupDeleteClient) DescribeSnapshots(_ context.Context, in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.snapshotsAsked = append(c.snapshotsAsked, slices.Sorted(slices.Values(in.SnapshotIDs)))
	if c.snapshotsErr != nil {
		return nil, c.snapshotsErr
	}
	if len(c.snapshotsAsked) > 1 {
		return nil, nil
	}
	var out []ecsclient.Snapshot
	for _, id := range in.SnapshotIDs {
		out = append(out, snapshotAt(id, "", 100))
	}
	return out, nil
}

func noSleep(context.Context, time.Duration) error { return nil }

// Each check of a group's delete looks up the group and all its deleted snapshots at once: one DescribeSnapshotGroups
// and one DescribeSnapshots call a check, whatever the number of snapshots. Lookups made one after another would
// make a DescribeSnapshots call (and a round trip) per snapshot, one after another: five for the first check here.
func TestWaitSnapshotGroupDeleted_oneCallOfEachAPIPerCheck(t *testing.T) {
	gc := &groupDeleteClient{}
	members := []string{"s-m1", "s-m2", "s-m3", "s-m4", "s-m5"}
	if err := waitSnapshotGroupDeleted(context.Background(), connstest.ECS(t, gc), noSleep, "ssg-del", members); err != nil {
		t.Fatalf("wait: %v", err)
	}
	// The first check finds everything still there, the second finds it all gone.
	if gc.groupCalls != 2 {
		t.Errorf("%d DescribeSnapshotGroups calls, want 2 (one a check)", gc.groupCalls)
	}
	if len(gc.snapshotsAsked) != 2 {
		t.Fatalf("DescribeSnapshots calls asked %v, want 2 calls (one a check)", gc.snapshotsAsked)
	}
	for _, asked := range gc.snapshotsAsked {
		if !slices.Equal(asked, members) {
			t.Errorf("a check's call asked for %v, want every snapshot of the group %v", asked, members)
		}
	}
}

// A check whose snapshot lookups fail ends the wait with the API's error (not retryable here), and says what it
// was waiting for.
func TestWaitSnapshotGroupDeleted_lookupErrorEndsTheWait(t *testing.T) {
	gc := &groupDeleteClient{snapshotsErr: errors.New("Forbidden.RAM: not allowed to DescribeSnapshots")}
	err := waitSnapshotGroupDeleted(context.Background(), connstest.ECS(t, gc), noSleep, "ssg-del", []string{"s-m1", "s-m2"})
	if err == nil || !strings.Contains(err.Error(), "Forbidden.RAM") || !strings.Contains(err.Error(), "ssg-del") {
		t.Fatalf("wait ended with %v, want the API's error about snapshot group ssg-del", err)
	}
	if len(gc.snapshotsAsked) != 1 {
		t.Errorf("DescribeSnapshots calls asked %v, want one call for both snapshots", gc.snapshotsAsked)
	}
}

// The disks an attribute names are read together at plan time, in one DescribeDisks call (one round trip), not one
// call after another per disk; each disk that does not exist or is another instance's is named.
func TestSnapshotGroupNamedDisks_readTogether(t *testing.T) {
	dc := &diskClient{disks: map[string]ecsclient.Disk{
		"d-1": {DiskID: "d-1", InstanceID: "i-a"}, "d-2": {DiskID: "d-2", InstanceID: "i-b"}, "d-3": {DiskID: "d-3", InstanceID: "i-a"},
	}, heldCalls: newHeldCalls[[]string]()}
	close(dc.release)
	r := framework.Configured(&snapshotGroupResource{}, connstest.ECS(t, dc))
	named := []string{"d-1", "d-2", "d-gone", "d-3"}
	disks, problems, ok := r.namedDisks(context.Background(), "disk_ids", named, "i-a", "cn-test")
	if !ok || len(disks) != 3 {
		t.Fatalf("ok %v, %d disks read, want true and 3", ok, len(disks))
	}
	var said []string
	for _, p := range problems {
		said = append(said, p.msg)
	}
	if len(problems) != 2 || !strings.Contains(said[0], "d-gone") || !strings.Contains(said[1], `d-2 (attached to "i-b")`) {
		t.Errorf("problems %q, want d-gone missing and d-2 another instance's", said)
	}
	if len(dc.calls) != 1 || !slices.Equal(dc.calls[0], named) {
		t.Errorf("DescribeDisks calls asked %v, want one call for %v", dc.calls, named)
	}
}
