package ecd

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/batch"
	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

// finder looks up one desktop snapshot by ID and returns a *wait.NotFoundError when there is none. Checks of
// concurrent waits share their DescribeSnapshots calls through desktopSnapshotsByID, each allowed a little
// slack for company.
type finder func(ctx context.Context, id string, slack time.Duration) (*ecdclient.Snapshot, error)

func findDesktopSnapshotByID(ctx context.Context, conn *conns.Client, id string, slack time.Duration) (*ecdclient.Snapshot, error) {
	s, found, err := desktopSnapshotsByID.Get(ctx, conn, "", id, slack)
	return wait.Found(s, found, err, "desktop snapshot", id)
}

// desktopSnapshotWait is a wait for snapshot id, as for ECS snapshots: create checks are aimed at the end
// the API expects (RemainTime; -1 while still being worked out checks again soon).
func desktopSnapshotWait(find finder, sleep wait.Sleep, id string) wait.StateChangeConf[*ecdclient.Snapshot] {
	return wait.StateChangeConf[*ecdclient.Snapshot]{
		Kind: "desktop snapshot", ID: id, TypeName: "aliecs_desktop_snapshot",
		Refresh:   wait.StatusOf(find, id, func(s *ecdclient.Snapshot) string { return s.Status }),
		Retryable: client.IsRetryable,
		Describe: func(s *ecdclient.Snapshot) string {
			if s.Status != ecdclient.StatusProgressing {
				return "at " + s.Progress
			}
			return fmt.Sprintf("at %s, about %ds remaining", s.Progress, s.RemainTime)
		},
		Progress: wait.LogProgress("waiting for desktop snapshot", func(s *ecdclient.Snapshot) map[string]any {
			return map[string]any{"ecd_snapshot_id": s.SnapshotID, "progress": s.Progress, "remain_time_seconds": s.RemainTime}
		}),
		Sleep: sleep,
	}
}

// waitDesktopSnapshotCreated waits until the snapshot is ACCOMPLISHED. A FAILED snapshot ends the wait at
// once; so does ctx (the create timeout), with an error that says how far the snapshot got.
func waitDesktopSnapshotCreated(ctx context.Context, find finder, sleep wait.Sleep, id string) (*ecdclient.Snapshot, error) {
	return desktopSnapshotCreateWait(find, sleep, id).Wait(ctx)
}

// desktopSnapshotCreateWait is the wait of waitDesktopSnapshotCreated, for callers that tell progress otherwise
// (an action).
func desktopSnapshotCreateWait(find finder, sleep wait.Sleep, id string) *wait.StateChangeConf[*ecdclient.Snapshot] {
	return desktopSnapshotWait(find, sleep, id).ForCreate(ecdclient.StatusProgressing, ecdclient.StatusAccomplished,
		ecdclient.StatusFailed, wait.Aimed(func(s *ecdclient.Snapshot) time.Duration { return time.Duration(s.RemainTime) * time.Second }))
}

// waitDesktopSnapshotDeleted waits until DescribeSnapshots no longer knows the snapshot.
func waitDesktopSnapshotDeleted(ctx context.Context, find finder, sleep wait.Sleep, id string) error {
	_, err := desktopSnapshotWait(find, sleep, id).ForDelete().Wait(ctx)
	return err
}

// desktopSnapshotsByID is the lookup of desktop snapshots by ID. ECD's DescribeSnapshots takes one SnapshotId,
// not a list (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-describesnapshots),
// so a batch of several IDs is answered either by one call per ID (concurrently) or by listing the region's
// desktop snapshots page by page (100 a page) and picking the IDs, whichever takes fewer calls: the listing
// took as many calls last time as it had pages, so it is chosen when the batch holds more IDs than that.
var desktopSnapshotsByID = &conns.Batcher[ecdclient.Client, string, ecdclient.Snapshot]{Key: "ecd/snapshots",
	Client: (*conns.Client).ECD, Fetch: describeDesktopSnapshotsByID}

// desktopsByID is the lookup of cloud desktops by ID: DescribeDesktops by DesktopId.N, up to 100 a call
// (https://www.alibabacloud.com/help/en/wuying-workspace/developer-reference/api-ecd-2020-09-30-describedesktops),
// for the plan-time check of the desktop a new snapshot is to be taken of.
var desktopsByID = conns.ByIDs("ecd/desktops", (*conns.Client).ECD, ecdclient.Client.DescribeDesktops,
	func(ids []string) ecdclient.DescribeDesktopsInput {
		return ecdclient.DescribeDesktopsInput{DesktopIDs: ids}
	},
	func(d ecdclient.Desktop) string { return d.DesktopID }, batch.Options{MaxKeys: ecdclient.MaxDesktopIDs})

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
