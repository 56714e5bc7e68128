package conns

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/batch"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
)

// ecdConn is one region's ECD (Elastic Desktop Service) client and its batched desktop-snapshot lookups.
type ecdConn struct {
	client    ecdclient.Client
	snapshots *batch.Batcher[string, ecdclient.Snapshot]
}

// ForECDClient is a Client whose provider's region ECD client is ecd, for tests that configure a desktop
// snapshot resource or data source directly, outside a provider. Its lookups are batched as the provider's.
func ForECDClient(ecd ecdclient.Client) *Client {
	c := &Client{factories: Factories{}.withDefaults(), ecs: map[string]*ecsConn{}}
	c.ecd = map[string]*ecdConn{"": newECDConn(ecd)}
	return c
}

func newECDConn(ecd ecdclient.Client) *ecdConn {
	return &ecdConn{client: ecd, snapshots: batch.New(describeDesktopSnapshotsByID(ecd), batch.Options{})}
}

// ECD is the ECD client of region ("" is the provider's region), built on first use: a configuration that
// uses no desktop resource never builds one.
func (c *Client) ECD(ctx context.Context, region string) (ecdclient.Client, error) {
	conn, err := c.ecdConn(ctx, region)
	if err != nil {
		return nil, err
	}
	return conn.client, nil
}

// FindDesktopSnapshot looks up one desktop snapshot of region ("" is the provider's) by ID, sharing
// DescribeSnapshots calls with the other lookups of that region made at about the same time (package batch).
// slack as for FindSnapshot.
func (c *Client) FindDesktopSnapshot(ctx context.Context, region, id string, slack time.Duration) (ecdclient.Snapshot, bool, error) {
	conn, err := c.ecdConn(ctx, region)
	if err != nil {
		return ecdclient.Snapshot{}, false, err
	}
	return conn.snapshots.Get(ctx, id, slack)
}

func (c *Client) ecdConn(ctx context.Context, region string) (*ecdConn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if region == "" {
		region = c.cfg.Region
	}
	if conn, ok := c.ecd[region]; ok {
		return conn, nil
	}
	// As for ECS, an endpoint override is the one place every ECD call goes, whatever its region (the
	// emulator serves every region on one port and takes the region from RegionId).
	ecd, err := c.factories.ECD(ctx, c.clientConfig(region, c.cfg.Endpoints.ECD))
	if err != nil {
		return nil, fmt.Errorf("cannot create the ECD client for region %s: %w", region, err)
	}
	if c.ecd == nil {
		c.ecd = map[string]*ecdConn{}
	}
	conn := newECDConn(ecd)
	c.ecd[region] = conn
	return conn, nil
}

// describeDesktopSnapshotsByID is the batched call. ECD's DescribeSnapshots takes one SnapshotId, not a list
// (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-describesnapshots),
// so a batch of several IDs is answered either by one call per ID (concurrently) or by listing the region's
// desktop snapshots page by page (100 a page) and picking the IDs, whichever takes fewer calls: the listing
// took as many calls last time as it had pages, so it is chosen when the batch holds more IDs than that.
func describeDesktopSnapshotsByID(ecd ecdclient.Client) batch.Fetch[string, ecdclient.Snapshot] {
	var listingPages atomic.Int64
	listingPages.Store(1)
	return func(ctx context.Context, ids []string) (map[string]ecdclient.Snapshot, error) {
		byID := make(map[string]ecdclient.Snapshot, len(ids))
		if len(ids) > 1 && int64(len(ids)) > listingPages.Load() {
			tflog.Debug(ctx, "ECD DescribeSnapshots listing for a batch of lookups", map[string]any{"ecd_snapshot_ids": ids})
			all, err := ecd.DescribeSnapshots(ctx, ecdclient.DescribeSnapshotsInput{})
			if err != nil {
				return nil, err
			}
			listingPages.Store(int64(max(1, (len(all)+ecdclient.PageSize-1)/ecdclient.PageSize)))
			want := make(map[string]bool, len(ids))
			for _, id := range ids {
				want[id] = true
			}
			for _, s := range all {
				if want[s.SnapshotID] {
					byID[s.SnapshotID] = s
				}
			}
			return byID, nil
		}
		tflog.Debug(ctx, "ECD DescribeSnapshots by SnapshotId for a batch of lookups", map[string]any{"ecd_snapshot_ids": ids})
		var (
			mu       sync.Mutex
			wg       sync.WaitGroup
			firstErr error
		)
		for _, id := range ids {
			wg.Go(func() {
				found, err := ecd.DescribeSnapshots(ctx, ecdclient.DescribeSnapshotsInput{SnapshotID: id})
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
					return
				}
				for _, s := range found {
					if s.SnapshotID == id {
						byID[id] = s
					}
				}
			})
		}
		wg.Wait()
		if firstErr != nil {
			return nil, firstErr
		}
		return byID, nil
	}
}
