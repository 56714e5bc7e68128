package ecs

import (
	"context"
	"fmt"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns/connstest"
)

// groupClient holds the snapshot groups of one region and records the input of each call, holding each call until
// release.
type groupClient struct {
	ecsclient.Client
	groups map[string]ecsclient.SnapshotGroup
	heldCalls[ecsclient.DescribeSnapshotGroupsInput]
}

func (c *groupClient) DescribeSnapshotGroups(_ context.Context, in ecsclient.DescribeSnapshotGroupsInput) ([]ecsclient.SnapshotGroup, error) {
	c.hold(in)
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

// Many groups waited for at once are read by ID in shared calls of at most 10 IDs (SnapshotGroupId.N), never by
// a scan of every group, and each lookup gets its own group, or not found.
func TestSnapshotGroupsByID_batchesLookupsByID(t *testing.T) {
	const n = 25
	gc := &groupClient{groups: map[string]ecsclient.SnapshotGroup{}, heldCalls: newHeldCalls[ecsclient.DescribeSnapshotGroupsInput]()}
	for i := range n {
		id := fmt.Sprintf("ssg-group%03d", i)
		gc.groups[id] = ecsclient.SnapshotGroup{SnapshotGroupID: id, Name: "name" + id}
	}
	c := connstest.ECS(t, gc)
	rest := []string{"ssg-gone"}
	for i := 1; i < n; i++ {
		rest = append(rest, fmt.Sprintf("ssg-group%03d", i))
	}
	got, missing := gatherLookups(t, &gc.heldCalls, func(id string) (ecsclient.SnapshotGroup, bool, error) {
		return snapshotGroupsByID.Get(context.Background(), c, "", id, 0)
	}, "ssg-group000", rest)

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
	var asked [][]string
	for _, in := range gc.calls {
		asked = append(asked, in.SnapshotGroupIDs)
	}
	checkEachAskedOnce(t, asked)
	for _, in := range gc.calls {
		if in.SnapshotGroupIDs == nil || len(in.SnapshotGroupIDs) > 10 {
			t.Errorf("a call asked for %v: want by ID, at most 10 (SnapshotGroupId.N)", in.SnapshotGroupIDs)
		}
	}
}
