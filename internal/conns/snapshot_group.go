package conns

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/batch"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// snapshotGroupIDsPerCall is the most IDs DescribeSnapshotGroups' SnapshotGroupId.N takes (N = 1-10:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshotgroups), so a
// batch is one call.
const snapshotGroupIDsPerCall = 10

func newSnapshotGroupBatcher(ecs ecsclient.Client) *batch.Batcher[string, ecsclient.SnapshotGroup] {
	return batch.New(describeSnapshotGroupsByID(ecs), batch.Options{MaxKeys: snapshotGroupIDsPerCall})
}

// FindSnapshotGroup looks up one snapshot-consistent group of region ("" is the provider's) by ID, sharing the
// DescribeSnapshotGroups call (SnapshotGroupId.N) with the other lookups of that region made at about the same
// time, as FindSnapshot does; never a scan of every group. slack as for FindSnapshot.
func (c *Client) FindSnapshotGroup(ctx context.Context, region, id string, slack time.Duration) (ecsclient.SnapshotGroup, bool, error) {
	conn, err := c.ecsConn(ctx, region)
	if err != nil {
		return ecsclient.SnapshotGroup{}, false, err
	}
	if conn.groups != nil {
		return conn.groups.Get(ctx, id, slack)
	}
	found, err := conn.client.DescribeSnapshotGroups(ctx, ecsclient.DescribeSnapshotGroupsInput{SnapshotGroupIDs: []string{id}})
	if err != nil {
		return ecsclient.SnapshotGroup{}, false, err
	}
	for _, g := range found {
		if g.SnapshotGroupID == id {
			return g, true, nil
		}
	}
	return ecsclient.SnapshotGroup{}, false, nil
}

func describeSnapshotGroupsByID(ecs ecsclient.Client) batch.Fetch[string, ecsclient.SnapshotGroup] {
	return func(ctx context.Context, ids []string) (map[string]ecsclient.SnapshotGroup, error) {
		tflog.Debug(ctx, "DescribeSnapshotGroups for a batch of lookups", map[string]any{"snapshot_group_ids": ids})
		found, err := ecs.DescribeSnapshotGroups(ctx, ecsclient.DescribeSnapshotGroupsInput{SnapshotGroupIDs: ids})
		if err != nil {
			return nil, err
		}
		byID := make(map[string]ecsclient.SnapshotGroup, len(found))
		for _, g := range found {
			byID[g.SnapshotGroupID] = g
		}
		return byID, nil
	}
}
