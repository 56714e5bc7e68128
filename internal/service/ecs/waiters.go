package ecs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// Snapshot statuses of DescribeSnapshots.
const (
	statusProgressing  = "progressing"
	statusAccomplished = "accomplished"
	statusFailed       = "failed"
)

// Poll cadence. The API tells how long a snapshot still needs (RemainTime, in whole seconds): the next check is
// aimed at that expected end, so a wait usually takes two calls, one to learn the remaining time and one to see
// the snapshot accomplished. Long snapshots are still checked every maxPollInterval, to catch an early end and
// report progress; with batching those checks are shared by every wait in the provider.
const (
	minPollInterval = 1 * time.Second
	maxPollInterval = 30 * time.Second
	// maxDeletePollInterval bounds the backoff while waiting for a deleted snapshot to disappear.
	maxDeletePollInterval = 5 * time.Second
	// notFoundChecks is how many times a snapshot just created may be missing from DescribeSnapshots
	// (eventual consistency) before the wait gives up.
	notFoundChecks = 5
	// transientPollFailures is how many checks in a row may fail with a retryable error (throttling, 5xx, a
	// dropped connection, each already retried by the client) before a wait gives up: a long wait should not
	// fail on one bad minute of the API.
	transientPollFailures = 5
	// firstCheckSlack is how long the first check after a create or delete may wait to share its call with
	// other operations' checks: it only learns how long the snapshot will take, or confirms what is nearly
	// always true already, so being a little late costs nothing but saves a call per snapshot.
	firstCheckSlack = 200 * time.Millisecond
)

// snapshotFinder looks up one snapshot by ID and returns *notFoundError when there is none. It is a function
// value so that concurrent waits share DescribeSnapshots calls (snapshotBatcher.find).
type snapshotFinder func(ctx context.Context, id string) (*ecsclient.Snapshot, error)

// sleepFunc waits d or until ctx is done, whichever comes first, and returns ctx's error in the latter case.
// Tests replace it with a fake clock.
type sleepFunc func(ctx context.Context, d time.Duration) error

// notFoundError says that DescribeSnapshots knows no snapshot with this ID.
type notFoundError struct{ ID string }

func (e *notFoundError) Error() string { return fmt.Sprintf("snapshot %s not found", e.ID) }

func isNotFound(err error) bool {
	var nf *notFoundError
	return errors.As(err, &nf)
}

// findSnapshotByID asks DescribeSnapshots for exactly this ID.
func findSnapshotByID(ctx context.Context, conn ecsclient.Client, id string) (*ecsclient.Snapshot, error) {
	snapshots, err := conn.DescribeSnapshots(ctx, ecsclient.DescribeSnapshotsInput{SnapshotIDs: []string{id}})
	if err != nil {
		return nil, err
	}
	for i := range snapshots {
		if snapshots[i].SnapshotID == id {
			return &snapshots[i], nil
		}
	}
	return nil, &notFoundError{ID: id}
}

// statusSnapshot reports the snapshot and its status; a missing snapshot is (nil, "", nil).
func statusSnapshot(ctx context.Context, find snapshotFinder, id string) (*ecsclient.Snapshot, string, error) {
	s, err := find(ctx, id)
	if isNotFound(err) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	return s, s.Status, nil
}

// waitSnapshotCreated polls until the snapshot is accomplished. A failed snapshot ends the wait at once;
// so does ctx (the create timeout), with an error that says how far the snapshot got.
func waitSnapshotCreated(ctx context.Context, find snapshotFinder, sleep sleepFunc, id string) (*ecsclient.Snapshot, error) {
	var last *ecsclient.Snapshot
	misses, failures := 0, 0
	for check := 0; ; check++ {
		s, status, err := statusSnapshot(checkContext(ctx, check), find, id)
		if err == nil {
			failures = 0
		}
		var delay time.Duration
		switch {
		case err != nil && transient(ctx, err, &failures):
			delay = transientDelay(failures)
			tflog.Warn(ctx, "checking the snapshot failed; trying again", map[string]any{
				"snapshot_id": id, "error": err.Error(), "next_check_in": delay.String(),
			})
		case err != nil:
			return last, waitFailure(ctx, "created", id, last, err)
		case s == nil && last != nil:
			return last, fmt.Errorf("snapshot %s disappeared while being created (it was %s at %d%%): it may have been deleted, or its disk released", id, last.Status, last.Progress)
		case s == nil:
			misses++
			if misses > notFoundChecks {
				return nil, fmt.Errorf("snapshot %s not found by DescribeSnapshots after %d checks", id, misses)
			}
			delay = minPollInterval
		case status == statusAccomplished:
			return s, nil
		case status == statusFailed:
			return s, fmt.Errorf("snapshot %s failed to be created (status %q at %d%%); the snapshot is kept in the state as tainted and the next apply replaces it", id, status, s.Progress)
		default:
			last = s
			delay = createPollInterval(s.RemainTime)
			tflog.Info(ctx, "waiting for snapshot", map[string]any{
				"snapshot_id": id, "status": status, "progress_percent": s.Progress,
				"remain_time_seconds": s.RemainTime, "next_check_in": delay.String(),
			})
		}
		if err := sleep(ctx, delay); err != nil {
			return last, waitFailure(ctx, "created", id, last, err)
		}
	}
}

// checkContext gives the first check of a wait its slack; later checks are aimed at a time and go promptly.
func checkContext(ctx context.Context, check int) context.Context {
	if check == 0 {
		return withLookupSlack(ctx, firstCheckSlack)
	}
	return ctx
}

// createPollInterval aims at the expected end: the remaining time, between minPollInterval and maxPollInterval.
// RemainTime is rounded up to whole seconds, so a check at that time finds the end already reached rather than
// just missed.
func createPollInterval(remainSeconds int) time.Duration {
	d := time.Duration(remainSeconds) * time.Second
	return min(max(d, minPollInterval), maxPollInterval)
}

// transient reports whether err is worth another check: a retryable API error while ctx is still live and
// fewer than transientPollFailures checks in a row have failed. It counts the failure.
func transient(ctx context.Context, err error, failures *int) bool {
	if ctx.Err() != nil || !ecsclient.IsRetryable(err) {
		return false
	}
	*failures++
	return *failures <= transientPollFailures
}

// transientDelay backs off after failed checks: minPollInterval, doubling, up to maxDeletePollInterval.
func transientDelay(failures int) time.Duration {
	d := minPollInterval << min(failures-1, 8)
	return min(d, maxDeletePollInterval)
}

// waitSnapshotDeleted polls until DescribeSnapshots no longer knows the snapshot, backing off from
// minPollInterval to maxDeletePollInterval.
func waitSnapshotDeleted(ctx context.Context, find snapshotFinder, sleep sleepFunc, id string) error {
	backoff := minPollInterval
	failures := 0
	for check := 0; ; check++ {
		s, status, err := statusSnapshot(checkContext(ctx, check), find, id)
		if err == nil {
			failures = 0
		}
		var delay time.Duration
		switch {
		case err != nil && transient(ctx, err, &failures):
			delay = transientDelay(failures)
			tflog.Warn(ctx, "checking the deleted snapshot failed; trying again", map[string]any{
				"snapshot_id": id, "error": err.Error(), "next_check_in": delay.String(),
			})
		case err != nil:
			return waitFailure(ctx, "deleted", id, nil, err)
		case s == nil:
			return nil
		default:
			delay, backoff = backoff, min(backoff*2, maxDeletePollInterval)
			tflog.Info(ctx, "waiting for snapshot to be deleted", map[string]any{
				"snapshot_id": id, "status": status, "next_check_in": delay.String(),
			})
		}
		if err := sleep(ctx, delay); err != nil {
			return waitFailure(ctx, "deleted", id, s, err)
		}
	}
}

// waitFailure words the end of a wait that did not reach its goal: the timeout (or cancellation), with the
// last known progress, or the API error that stopped it.
func waitFailure(ctx context.Context, goal, id string, last *ecsclient.Snapshot, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		where := "no status seen yet"
		if last != nil {
			where = fmt.Sprintf("last seen %s at %d%%, about %ds remaining", last.Status, last.Progress, last.RemainTime)
		}
		reason := "timed out"
		if errors.Is(ctxErr, context.Canceled) {
			reason = "cancelled"
		}
		return fmt.Errorf("%s waiting for snapshot %s to be %s (%s): %w", reason, id, goal, where, ctxErr)
	}
	return fmt.Errorf("waiting for snapshot %s to be %s: %w", id, goal, err)
}

// sleepContext is the real sleepFunc.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
