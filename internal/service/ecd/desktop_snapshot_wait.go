package ecd

import (
	"context"
	"fmt"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

// finder looks up one desktop snapshot by ID and returns a *wait.NotFoundError when there is none. Checks of
// concurrent waits share their DescribeSnapshots calls through conns.Client.FindDesktopSnapshot, each allowed
// a little slack for company.
type finder func(ctx context.Context, id string, slack time.Duration) (*ecdclient.Snapshot, error)

func findDesktopSnapshotByID(ctx context.Context, conn *conns.Client, id string, slack time.Duration) (*ecdclient.Snapshot, error) {
	s, found, err := conn.FindDesktopSnapshot(ctx, "", id, slack)
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
	return desktopSnapshotWait(find, sleep, id).ForCreate(ecdclient.StatusProgressing, ecdclient.StatusAccomplished,
		ecdclient.StatusFailed, wait.Aimed(func(s *ecdclient.Snapshot) time.Duration { return time.Duration(s.RemainTime) * time.Second })).Wait(ctx)
}

// waitDesktopSnapshotDeleted waits until DescribeSnapshots no longer knows the snapshot.
func waitDesktopSnapshotDeleted(ctx context.Context, find finder, sleep wait.Sleep, id string) error {
	_, err := desktopSnapshotWait(find, sleep, id).ForDelete().Wait(ctx)
	return err
}
