package ecs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// scriptedFinder answers one step of the script per call; a nil snapshot means "not found".
type scriptedFinder struct {
	steps []findStep
	calls int
}

type findStep struct {
	snap *ecsclient.Snapshot
	err  error
}

func (f *scriptedFinder) find(_ context.Context, id string) (*ecsclient.Snapshot, error) {
	if f.calls >= len(f.steps) {
		panic("finder called more often than scripted")
	}
	step := f.steps[f.calls]
	f.calls++
	if step.err != nil {
		return nil, step.err
	}
	if step.snap == nil {
		return nil, &notFoundError{ID: id}
	}
	return step.snap, nil
}

// fakeSleep records the requested delays and never waits; after failAfter sleeps it cancels (the timeout).
type fakeSleep struct {
	delays    []time.Duration
	failAfter int // 0 = never
	cancel    context.CancelFunc
}

func (s *fakeSleep) sleep(ctx context.Context, d time.Duration) error {
	s.delays = append(s.delays, d)
	if s.failAfter > 0 && len(s.delays) >= s.failAfter {
		s.cancel()
	}
	return ctx.Err()
}

func snap(status string, progress, remain int) *ecsclient.Snapshot {
	return &ecsclient.Snapshot{SnapshotID: "s-1", Status: status, Progress: progress, RemainTime: remain}
}

func TestWaitSnapshotCreatedCadenceFollowsRemainTime(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{
		{snap: snap(statusProgressing, 0, 60)}, // 60s: capped at 30s
		{snap: snap(statusProgressing, 50, 12)},
		{snap: snap(statusProgressing, 90, 3)},
		{snap: snap(statusProgressing, 99, 0)}, // unknown remaining time: the minimum
		{snap: snap(statusAccomplished, 100, 0)},
	}}
	s := &fakeSleep{}
	got, err := waitSnapshotCreated(context.Background(), f.find, s.sleep, "s-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != statusAccomplished {
		t.Errorf("status %q, want accomplished", got.Status)
	}
	want := []time.Duration{30 * time.Second, 12 * time.Second, 3 * time.Second, time.Second}
	if !slices.Equal(s.delays, want) {
		t.Errorf("delays %v, want %v", s.delays, want)
	}
}

func TestWaitSnapshotCreatedFirstCheckIsImmediate(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{{snap: snap(statusAccomplished, 100, 0)}}}
	s := &fakeSleep{}
	if _, err := waitSnapshotCreated(context.Background(), f.find, s.sleep, "s-1"); err != nil {
		t.Fatal(err)
	}
	if len(s.delays) != 0 || f.calls != 1 {
		t.Errorf("slept %v before %d checks; want one check and no sleep", s.delays, f.calls)
	}
}

func TestWaitSnapshotCreatedFailedEndsAtOnce(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{
		{snap: snap(statusProgressing, 10, 20)},
		{snap: snap(statusFailed, 40, 0)},
	}}
	s := &fakeSleep{}
	got, err := waitSnapshotCreated(context.Background(), f.find, s.sleep, "s-1")
	if err == nil || !strings.Contains(err.Error(), "s-1") || !strings.Contains(err.Error(), "failed") {
		t.Fatalf("error %v, want one naming s-1 and failed", err)
	}
	if got == nil || got.Status != statusFailed {
		t.Errorf("snapshot %+v, want the failed one", got)
	}
	if len(s.delays) != 1 {
		t.Errorf("slept %d times, want 1 (no wait after failed)", len(s.delays))
	}
}

func TestWaitSnapshotCreatedTimeoutReportsProgress(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &scriptedFinder{steps: []findStep{
		{snap: snap(statusProgressing, 10, 90)},
		{snap: snap(statusProgressing, 20, 80)},
	}}
	s := &fakeSleep{failAfter: 2, cancel: cancel}
	got, err := waitSnapshotCreated(ctx, f.find, s.sleep, "s-1")
	if err == nil {
		t.Fatal("no error after the context ended")
	}
	for _, want := range []string{"s-1", "20%", "progressing"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap the context's error", err)
	}
	if got == nil || got.Progress != 20 {
		t.Errorf("last snapshot %+v, want the one at 20%%", got)
	}
}

func TestWaitSnapshotCreatedToleratesBriefNotFound(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{{}, {}, {snap: snap(statusAccomplished, 100, 0)}}}
	s := &fakeSleep{}
	if _, err := waitSnapshotCreated(context.Background(), f.find, s.sleep, "s-1"); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.delays, []time.Duration{minPollInterval, minPollInterval}) {
		t.Errorf("delays %v", s.delays)
	}
}

func TestWaitSnapshotCreatedGivesUpWhenNeverFound(t *testing.T) {
	steps := make([]findStep, notFoundChecks+1)
	f := &scriptedFinder{steps: steps}
	_, err := waitSnapshotCreated(context.Background(), f.find, (&fakeSleep{}).sleep, "s-1")
	if err == nil || !strings.Contains(err.Error(), "s-1") {
		t.Fatalf("error %v, want one naming s-1", err)
	}
}

func TestWaitSnapshotCreatedDisappeared(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{{snap: snap(statusProgressing, 30, 10)}, {}}}
	_, err := waitSnapshotCreated(context.Background(), f.find, (&fakeSleep{}).sleep, "s-1")
	if err == nil || !strings.Contains(err.Error(), "disappeared") {
		t.Fatalf("error %v, want disappeared", err)
	}
}

func TestWaitSnapshotCreatedAPIError(t *testing.T) {
	apiErr := &ecsclient.APIError{Action: "DescribeSnapshots", Code: "Forbidden.RAM", Message: "no", RequestID: "req-1"}
	f := &scriptedFinder{steps: []findStep{{err: apiErr}}}
	_, err := waitSnapshotCreated(context.Background(), f.find, (&fakeSleep{}).sleep, "s-1")
	if !ecsclient.IsCode(err, "Forbidden.RAM") || !strings.Contains(err.Error(), "req-1") {
		t.Fatalf("error %v, want the API error with its request ID", err)
	}
}

func throttled(n int) findStep {
	return findStep{err: &ecsclient.APIError{Action: "DescribeSnapshots", Code: "Throttling.User", HTTPStatus: 400, RequestID: fmt.Sprint("req-", n)}}
}

func TestWaitSnapshotCreatedRidesOutThrottling(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{
		throttled(1), throttled(2), // the client's own retries used up twice: the wait goes on, backing off
		{snap: snap(statusProgressing, 0, 5)},
		throttled(3), // the count starts again after a good check
		{snap: snap(statusAccomplished, 100, 0)},
	}}
	s := &fakeSleep{}
	got, err := waitSnapshotCreated(context.Background(), f.find, s.sleep, "s-1")
	if err != nil || got.Status != statusAccomplished {
		t.Fatalf("got %+v, %v; want accomplished without error", got, err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, time.Second}
	if !slices.Equal(s.delays, want) {
		t.Errorf("delays %v, want %v", s.delays, want)
	}
}

func TestWaitSnapshotCreatedGivesUpOnLastingThrottling(t *testing.T) {
	steps := []findStep{{snap: snap(statusProgressing, 10, 5)}}
	for i := range transientPollFailures + 1 {
		steps = append(steps, throttled(i))
	}
	f := &scriptedFinder{steps: steps}
	got, err := waitSnapshotCreated(context.Background(), f.find, (&fakeSleep{}).sleep, "s-1")
	if !ecsclient.IsThrottling(err) || !strings.Contains(err.Error(), "s-1") {
		t.Fatalf("error %v, want the throttling error naming s-1", err)
	}
	if got == nil || got.Progress != 10 {
		t.Errorf("last snapshot %+v, want the one at 10%%", got)
	}
	if f.calls != transientPollFailures+2 {
		t.Errorf("%d checks, want %d", f.calls, transientPollFailures+2)
	}
}

func TestWaitSnapshotDeletedRidesOutThrottling(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{throttled(1), {snap: snap(statusAccomplished, 100, 0)}, throttled(2), {}}}
	s := &fakeSleep{}
	if err := waitSnapshotDeleted(context.Background(), f.find, s.sleep, "s-1"); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{time.Second, time.Second, time.Second}
	if !slices.Equal(s.delays, want) {
		t.Errorf("delays %v, want %v", s.delays, want)
	}
}

func TestWaitSnapshotDeletedBacksOff(t *testing.T) {
	f := &scriptedFinder{steps: []findStep{
		{snap: snap(statusAccomplished, 100, 0)},
		{snap: snap(statusAccomplished, 100, 0)},
		{snap: snap(statusAccomplished, 100, 0)},
		{snap: snap(statusAccomplished, 100, 0)},
		{snap: snap(statusAccomplished, 100, 0)},
		{},
	}}
	s := &fakeSleep{}
	if err := waitSnapshotDeleted(context.Background(), f.find, s.sleep, "s-1"); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	if !slices.Equal(s.delays, want) {
		t.Errorf("delays %v, want %v", s.delays, want)
	}
}

func TestWaitSnapshotDeletedTimeout(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &scriptedFinder{steps: []findStep{{snap: snap(statusAccomplished, 100, 0)}}}
	err := waitSnapshotDeleted(ctx, f.find, (&fakeSleep{failAfter: 1, cancel: cancel}).sleep, "s-1")
	if err == nil || !strings.Contains(err.Error(), "s-1") || !strings.Contains(err.Error(), "deleted") {
		t.Fatalf("error %v", err)
	}
}

func TestCreatePollInterval(t *testing.T) {
	// Aimed at the expected end (RemainTime is rounded up), at least a second, at most maxPollInterval.
	for remain, want := range map[int]time.Duration{0: time.Second, 1: time.Second, 2: 2 * time.Second, 5: 5 * time.Second, 29: 29 * time.Second, 30: 30 * time.Second, 3600: 30 * time.Second} {
		if got := createPollInterval(remain); got != want {
			t.Errorf("createPollInterval(%d) = %v, want %v", remain, got, want)
		}
	}
}

// fakeClient answers DescribeSnapshots from a list; the other calls are not used by findSnapshotByID.
type fakeClient struct {
	ecsclient.Client
	snapshots []ecsclient.Snapshot
	gotInput  ecsclient.DescribeSnapshotsInput
}

func (c *fakeClient) DescribeSnapshots(_ context.Context, in ecsclient.DescribeSnapshotsInput) ([]ecsclient.Snapshot, error) {
	c.gotInput = in
	return c.snapshots, nil
}

func TestFindSnapshotByID(t *testing.T) {
	c := &fakeClient{snapshots: []ecsclient.Snapshot{{SnapshotID: "s-other"}, {SnapshotID: "s-1", Status: "accomplished"}}}
	s, err := findSnapshotByID(context.Background(), c, "s-1")
	if err != nil || s.SnapshotID != "s-1" {
		t.Fatalf("got %+v, %v", s, err)
	}
	if len(c.gotInput.SnapshotIDs) != 1 || c.gotInput.SnapshotIDs[0] != "s-1" {
		t.Errorf("asked for %v, want [s-1]", c.gotInput.SnapshotIDs)
	}
	_, err = findSnapshotByID(context.Background(), c, "s-missing")
	if !isNotFound(err) {
		t.Errorf("missing snapshot: error %v, want not found", err)
	}
}

func TestSleepContextStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepContext(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// The first check of a wait may wait for company (firstCheckSlack); the checks aimed at a time go promptly.
func TestWaitChecksSlack(t *testing.T) {
	var slacks []time.Duration
	steps := []findStep{{snap: snap(statusProgressing, 0, 5)}, {snap: snap(statusAccomplished, 100, 0)}}
	find := func(ctx context.Context, id string) (*ecsclient.Snapshot, error) {
		slacks = append(slacks, lookupSlack(ctx, -1))
		return (&scriptedFinder{steps: steps[len(slacks)-1:]}).find(ctx, id)
	}
	if _, err := waitSnapshotCreated(context.Background(), find, (&fakeSleep{}).sleep, "s-1"); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(slacks, []time.Duration{firstCheckSlack, -1}) {
		t.Errorf("create wait slacks %v, want [%v none]", slacks, firstCheckSlack)
	}
	slacks, steps = nil, []findStep{{snap: snap(statusAccomplished, 100, 0)}, {}}
	if err := waitSnapshotDeleted(context.Background(), find, (&fakeSleep{}).sleep, "s-1"); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(slacks, []time.Duration{firstCheckSlack, -1}) {
		t.Errorf("delete wait slacks %v, want [%v none]", slacks, firstCheckSlack)
	}
}
