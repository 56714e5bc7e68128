package ecd

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/conns"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

// Poll cadence, as for ECS snapshots (internal/service/ecs): the next check is aimed at the end the API
// expects (RemainTime), within [minPollInterval, maxPollInterval]; checks of concurrent waits share their
// DescribeSnapshots calls through conns.Client.FindDesktopSnapshot, each allowed a little slack for company.
const (
	minPollInterval       = 1 * time.Second
	maxPollInterval       = 30 * time.Second
	maxDeletePollInterval = 5 * time.Second
	// notFoundChecks is how many times a snapshot just created may be missing (eventual consistency) before
	// the wait gives up.
	notFoundChecks        = 5
	firstCreateCheckSlack = 60 * time.Millisecond
	pollSlack             = 10 * time.Millisecond
)

// finder looks up one desktop snapshot by ID and returns *notFoundError when there is none.
type finder func(ctx context.Context, id string, slack time.Duration) (*ecdclient.Snapshot, error)

type notFoundError struct{ ID string }

func (e *notFoundError) Error() string { return fmt.Sprintf("desktop snapshot %s not found", e.ID) }

func isNotFound(err error) bool {
	var nf *notFoundError
	return errors.As(err, &nf)
}

// goneError is a wait for a new snapshot that ended because the snapshot is not (or no longer) there.
type goneError struct{ msg string }

func (e *goneError) Error() string { return e.msg }

func findDesktopSnapshotByID(ctx context.Context, conn *conns.Client, id string, slack time.Duration) (*ecdclient.Snapshot, error) {
	s, found, err := conn.FindDesktopSnapshot(ctx, "", id, slack)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, &notFoundError{ID: id}
	}
	return &s, nil
}

// waitDesktopSnapshotCreated polls until the snapshot is ACCOMPLISHED. A FAILED snapshot ends the wait at
// once; so does ctx (the create timeout), with an error that says how far the snapshot got.
func waitDesktopSnapshotCreated(ctx context.Context, find finder, sleep wait.Sleep, id string) (*ecdclient.Snapshot, error) {
	var last *ecdclient.Snapshot
	misses, failures := 0, 0
	for check := 0; ; check++ {
		slack := pollSlack
		if check == 0 {
			slack = firstCreateCheckSlack
		}
		s, err := find(ctx, id, slack)
		if isNotFound(err) {
			s, err = nil, nil
		}
		if err == nil {
			failures = 0
		}
		var delay time.Duration
		switch {
		case err != nil && wait.Transient(ctx, err, client.IsRetryable, &failures):
			delay = wait.TransientDelay(failures)
			tflog.Warn(ctx, "checking the desktop snapshot failed; trying again", map[string]any{
				"ecd_snapshot_id": id, "error": err.Error(), "next_check_in": delay.String(),
			})
		case err != nil:
			return last, waitFailure(ctx, "created", id, last, err)
		case s == nil && last != nil:
			return last, &goneError{fmt.Sprintf("desktop snapshot %s disappeared while being created (it was %s at %s): it may have been deleted, or its desktop released", id, last.Status, last.Progress)}
		case s == nil:
			misses++
			if misses > notFoundChecks {
				return nil, &goneError{fmt.Sprintf("desktop snapshot %s not found by ECD DescribeSnapshots after %d checks", id, misses)}
			}
			delay = minPollInterval
		case s.Status == ecdclient.StatusAccomplished:
			return s, nil
		case s.Status == ecdclient.StatusFailed:
			return s, fmt.Errorf("desktop snapshot %s failed to be created (status %s at %s); it is kept in the state as tainted and the next apply replaces it", id, s.Status, s.Progress)
		default:
			last = s
			delay = createPollInterval(s.RemainTime)
			tflog.Info(ctx, "waiting for desktop snapshot", map[string]any{
				"ecd_snapshot_id": id, "status": s.Status, "progress": s.Progress,
				"remain_time_seconds": s.RemainTime, "next_check_in": delay.String(),
			})
		}
		if err := sleep(ctx, delay); err != nil {
			return last, waitFailure(ctx, "created", id, last, err)
		}
	}
}

// createPollInterval aims at the expected end; RemainTime -1 (still being worked out) checks again soon.
func createPollInterval(remainSeconds int) time.Duration {
	d := time.Duration(remainSeconds) * time.Second
	return min(max(d, minPollInterval), maxPollInterval)
}

// waitDesktopSnapshotDeleted polls until DescribeSnapshots no longer knows the snapshot.
func waitDesktopSnapshotDeleted(ctx context.Context, find finder, sleep wait.Sleep, id string) error {
	backoff := minPollInterval
	failures := 0
	for check := 0; ; check++ {
		slack := pollSlack
		if check == 0 {
			slack = 0
		}
		s, err := find(ctx, id, slack)
		if isNotFound(err) {
			return nil
		}
		if err == nil {
			failures = 0
		}
		var delay time.Duration
		switch {
		case err != nil && wait.Transient(ctx, err, client.IsRetryable, &failures):
			delay = wait.TransientDelay(failures)
			tflog.Warn(ctx, "checking the deleted desktop snapshot failed; trying again", map[string]any{
				"ecd_snapshot_id": id, "error": err.Error(), "next_check_in": delay.String(),
			})
		case err != nil:
			return waitFailure(ctx, "deleted", id, nil, err)
		default:
			delay, backoff = backoff, min(backoff*2, maxDeletePollInterval)
			tflog.Info(ctx, "waiting for desktop snapshot to be deleted", map[string]any{
				"ecd_snapshot_id": id, "status": s.Status, "next_check_in": delay.String(),
			})
		}
		if err := sleep(ctx, delay); err != nil {
			return waitFailure(ctx, "deleted", id, s, err)
		}
	}
}

func waitFailure(ctx context.Context, goal, id string, last *ecdclient.Snapshot, err error) error {
	lastSeen := ""
	if last != nil {
		lastSeen = fmt.Sprintf("last seen %s at %s, about %ds remaining", last.Status, last.Progress, last.RemainTime)
	}
	return wait.Failure(ctx, "desktop snapshot "+id, goal, lastSeen, err)
}
