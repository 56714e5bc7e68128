package ecs

import (
	"context"
	"fmt"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
)

// diskClient holds the disks of one region and records the DiskIds of each DescribeDisks call, holding each call
// until release.
type diskClient struct {
	ecsclient.Client
	disks map[string]ecsclient.Disk
	heldCalls[[]string]
}

func (c *diskClient) DescribeDisks(_ context.Context, in ecsclient.DescribeDisksInput) ([]ecsclient.Disk, error) {
	c.hold(in.DiskIDs)
	var out []ecsclient.Disk
	for _, id := range in.DiskIDs {
		if d, ok := c.disks[id]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// A refresh of many attachments reads each disk once: lookups made while a call is in flight share the next
// calls, at most 100 disk IDs each (the DiskIds limit), and each lookup gets its own disk, or not found.
func TestDisksByID_batchesLookups(t *testing.T) {
	const n = 150
	dc := &diskClient{disks: map[string]ecsclient.Disk{}, heldCalls: newHeldCalls[[]string]()}
	for i := range n {
		id := fmt.Sprintf("d-disk%03d", i)
		dc.disks[id] = ecsclient.Disk{DiskID: id, AutoSnapshotPolicyID: fmt.Sprintf("sp-policy%03d", i)}
	}
	c := connstest.ECS(t, dc)
	rest := []string{"d-gone"}
	for i := 1; i < n; i++ {
		rest = append(rest, fmt.Sprintf("d-disk%03d", i))
	}
	got, missing := gatherLookups(t, &dc.heldCalls, func(id string) (ecsclient.Disk, bool, error) {
		return disksByID.Get(context.Background(), c, "", id, 0)
	}, "d-disk000", rest)

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
	checkEachAskedOnce(t, dc.calls)
	for _, ids := range dc.calls {
		if len(ids) > 100 {
			t.Errorf("a call asked for %d disks, more than DiskIds takes (100)", len(ids))
		}
	}
}
