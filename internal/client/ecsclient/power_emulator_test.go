package ecsclient

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

const (
	emuWebInstance   = "i-bp1h6jmbefj2cyqs6vrq" // web-prod-01, Running; emuDataDisk is its data disk
	emuBatchInstance = "i-bp1g6zv0ce8oghu7k7ww" // batch-worker-02, Stopped; emuScratchDisk is one of its disks
	emuLocked        = "i-bp1f8s2hx1a9zq4ne0lk" // quarantined-04, Running, locked for security
)

// newPowerEmulatorClient is newEmulatorClient with the given transition durations (negative = at once).
func newPowerEmulatorClient(t *testing.T, power, rollback time.Duration) (*sdkClient, *emulator.TestServer) {
	t.Helper()
	return newPowerEmulatorClientAt(t, time.Now, power, rollback)
}

// newPowerEmulatorClientAt is newPowerEmulatorClient with the emulator on the clock now.
func newPowerEmulatorClientAt(t *testing.T, now func() time.Time, power, rollback time.Duration) (*sdkClient, *emulator.TestServer) {
	t.Helper()
	ts := emulator.StartTestServer(t, backend.Options{Now: now, PowerDuration: power, RollbackDuration: rollback}, emulator.Config{})
	c, _ := newClockedClient(t, client.Config{Region: ts.Region, Endpoint: ts.URL, Credential: accessKeyCredential(t, ts.AccessKeyID, ts.AccessKeySecret)})
	return c, ts
}

func instanceStatusOf(t *testing.T, c Client, id string) string {
	t.Helper()
	got, err := c.DescribeInstances(context.Background(), DescribeInstancesInput{InstanceIDs: []string{id}})
	if err != nil || len(got) != 1 {
		t.Fatalf("DescribeInstances(%s) = %+v, %v", id, got, err)
	}
	return got[0].Status
}

func diskStatusOf(t *testing.T, c Client, id string) string {
	t.Helper()
	got, err := c.DescribeDisks(context.Background(), DescribeDisksInput{DiskIDs: []string{id}})
	if err != nil || len(got) != 1 {
		t.Fatalf("DescribeDisks(%s) = %+v, %v", id, got, err)
	}
	return got[0].Status
}

func rollbackView(t *testing.T, ts *emulator.TestServer, disk string) backend.DiskView {
	t.Helper()
	for _, r := range ts.Backend().FixtureView() {
		for _, d := range r.Disks {
			if d.DiskID == disk {
				return d
			}
		}
	}
	t.Fatalf("disk %s not in the emulator", disk)
	return backend.DiskView{}
}

// The runbook stop -> reset -> start through the client, against the emulator on a clock the test moves (the
// transitions take a minute of it).
func TestEmulator_rollbackRunbook(t *testing.T) {
	t.Parallel()
	emuClock := &fakeClock{now: time.Now()}
	c, ts := newPowerEmulatorClientAt(t, emuClock.Now, time.Minute, time.Minute)
	ctx := context.Background()
	later := func() {
		if err := emuClock.Sleep(ctx, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := c.CreateSnapshot(ctx, CreateSnapshotInput{DiskID: emuDataDisk})
	if err != nil {
		t.Fatal(err)
	}
	instances, err := c.DescribeInstances(ctx, DescribeInstancesInput{InstanceIDs: []string{emuWebInstance, emuLocked}})
	if err != nil || len(instances) != 2 || instances[0].LockedForSecurity() || !instances[1].LockedForSecurity() || instances[0].RegionID != ts.Region {
		t.Fatalf("DescribeInstances = %+v, %v", instances, err)
	}

	ops, err := c.StopInstances(ctx, StopInstancesInput{InstanceIDs: []string{emuWebInstance}})
	if err != nil || len(ops) != 1 || !ops[0].Succeeded() || ops[0].PreviousStatus != InstanceStatusRunning || ops[0].CurrentStatus != InstanceStatusStopping {
		t.Fatalf("StopInstances = %+v, %v", ops, err)
	}
	if got := instanceStatusOf(t, c, emuWebInstance); got != InstanceStatusStopping {
		t.Errorf("instance right after StopInstances: %s, want Stopping", got)
	}
	later()
	if got := instanceStatusOf(t, c, emuWebInstance); got != InstanceStatusStopped {
		t.Fatalf("instance a minute after StopInstances: %s, want Stopped", got)
	}
	if err := c.ResetDisk(ctx, ResetDiskInput{DiskID: emuDataDisk, SnapshotID: snap, DryRun: true}); !client.IsDryRunOK(err) {
		t.Fatalf("ResetDisk dry run = %v, want DryRunOperation", err)
	}
	if err := c.ResetDisk(ctx, ResetDiskInput{DiskID: emuDataDisk, SnapshotID: snap}); err != nil {
		t.Fatalf("ResetDisk: %v", err)
	}
	if got := diskStatusOf(t, c, emuDataDisk); got != DiskStatusReIniting {
		t.Errorf("disk right after ResetDisk: %s, want %s", got, DiskStatusReIniting)
	}
	later()
	if got := diskStatusOf(t, c, emuDataDisk); got != DiskStatusInUse {
		t.Fatalf("disk a minute after ResetDisk: %s, want In_use", got)
	}
	ops, err = c.StartInstances(ctx, StartInstancesInput{InstanceIDs: []string{emuWebInstance}})
	if err != nil || len(ops) != 1 || ops[0].CurrentStatus != InstanceStatusStarting {
		t.Fatalf("StartInstances = %+v, %v", ops, err)
	}
	later()
	if got := instanceStatusOf(t, c, emuWebInstance); got != InstanceStatusRunning {
		t.Fatalf("instance a minute after StartInstances: %s, want Running", got)
	}
	if v := rollbackView(t, ts, emuDataDisk); v.RolledBackToSnapshotID != snap || v.RollbackCount != 1 {
		t.Errorf("the emulator records the roll-back as %+v", v)
	}
}

// The API's refusals come back as typed errors after one call: nothing is retried that the API refused.
func TestEmulator_powerRefusals(t *testing.T) {
	t.Parallel()
	c, ts := newPowerEmulatorClient(t, -1, -1)
	ctx := context.Background()
	snap, err := c.CreateSnapshot(ctx, CreateSnapshotInput{DiskID: emuDataDisk})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ResetDisk(ctx, ResetDiskInput{DiskID: emuDataDisk, SnapshotID: snap}); !client.IsCode(err, codeIncorrectInstanceStatus) {
		t.Errorf("ResetDisk of a running instance's disk = %v, want IncorrectInstanceStatus", err)
	}
	if _, err := c.StopInstances(ctx, StopInstancesInput{InstanceIDs: []string{emuBatchInstance}}); !client.IsCode(err, codeIncorrectInstanceStatus) {
		t.Errorf("StopInstances of a stopped instance = %v, want IncorrectInstanceStatus", err)
	}
	if _, err := c.StartInstances(ctx, StartInstancesInput{InstanceIDs: []string{"i-bp1nothere000000000"}}); !client.IsNotFound(err) {
		t.Errorf("StartInstances of an unknown instance = %v, want a not-found error", err)
	}
	if _, err := c.StopInstances(ctx, StopInstancesInput{InstanceIDs: []string{emuLocked}, DryRun: true}); !client.IsCode(err, "InstanceLockedForSecurity") {
		t.Errorf("StopInstances of a locked instance = %v, want InstanceLockedForSecurity", err)
	}
	for action, want := range map[string]int64{"ResetDisk": 1, "StopInstances": 2, "StartInstances": 1} {
		if n := ts.CallCounts()[action]; n != want {
			t.Errorf("%d %s calls, want %d (no retry of a refusal)", n, action, want)
		}
	}
	// With SuccessFirst a refusal is the instance's outcome, not the call's.
	ops, err := c.StopInstances(ctx, StopInstancesInput{InstanceIDs: []string{emuWebInstance, emuBatchInstance}, BatchOptimization: BatchSuccessFirst})
	if err != nil || len(ops) != 2 || !ops[0].Succeeded() || ops[1].Code != codeIncorrectInstanceStatus {
		t.Errorf("StopInstances SuccessFirst = %+v, %v", ops, err)
	}
}

// A StopInstances whose answer is lost after the emulator acted: the repeat meets the instance Stopping and
// IncorrectInstanceStatus, and the client reports success.
func TestEmulator_stopAnswerLost(t *testing.T) {
	t.Parallel()
	for _, batch := range []string{"", BatchSuccessFirst} {
		t.Run("batch="+batch, func(t *testing.T) {
			t.Parallel()
			c, ts := newPowerEmulatorClient(t, time.Minute, 0)
			if err := ts.SetFaults([]emulator.Fault{{Action: "StopInstances", Mode: emulator.FaultDropAfter, Count: 1}}); err != nil {
				t.Fatal(err)
			}
			ops, err := c.StopInstances(context.Background(), StopInstancesInput{InstanceIDs: []string{emuWebInstance}, BatchOptimization: batch})
			if err != nil {
				t.Fatalf("StopInstances: %v", err)
			}
			if len(ops) != 1 || !ops[0].Succeeded() || ops[0].InstanceID != emuWebInstance || ops[0].CurrentStatus != InstanceStatusStopping {
				t.Errorf("outcomes %+v, want %s succeeded, Stopping", ops, emuWebInstance)
			}
			if n := ts.CallCounts()["StopInstances"]; n != 2 {
				t.Errorf("%d StopInstances calls, want 2 (the lost one and its repeat)", n)
			}
			if got := instanceStatusOf(t, c, emuWebInstance); got != InstanceStatusStopping {
				t.Errorf("instance %s, want Stopping", got)
			}
		})
	}
}

// The same for StartInstances, with the transition already over when the repeat comes (Running).
func TestEmulator_startAnswerLost(t *testing.T) {
	t.Parallel()
	c, ts := newPowerEmulatorClient(t, -1, 0)
	if err := ts.SetFaults([]emulator.Fault{{Action: "StartInstances", Mode: emulator.FaultDropAfter, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	ops, err := c.StartInstances(context.Background(), StartInstancesInput{InstanceIDs: []string{emuBatchInstance}})
	if err != nil || len(ops) != 1 || !ops[0].Succeeded() || ops[0].CurrentStatus != InstanceStatusRunning {
		t.Fatalf("StartInstances = %+v, %v; want success, Running", ops, err)
	}
	if got := instanceStatusOf(t, c, emuBatchInstance); got != InstanceStatusRunning {
		t.Errorf("instance %s, want Running", got)
	}
	if n := ts.CallCounts()["StartInstances"]; n != 2 {
		t.Errorf("%d StartInstances calls, want 2 (the lost one and its repeat)", n)
	}
}

// A lost answer whose call did not act (dropped before the emulator saw it) is simply repeated.
func TestEmulator_stopDroppedBeforeActing(t *testing.T) {
	t.Parallel()
	c, ts := newPowerEmulatorClient(t, time.Minute, 0)
	if err := ts.SetFaults([]emulator.Fault{{Action: "StopInstances", Mode: emulator.FaultDropBefore, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	ops, err := c.StopInstances(context.Background(), StopInstancesInput{InstanceIDs: []string{emuWebInstance}})
	if err != nil || len(ops) != 1 || ops[0].PreviousStatus != InstanceStatusRunning || ops[0].Message != "success" {
		t.Fatalf("StopInstances = %+v, %v; want the API's own success", ops, err)
	}
}

// A ResetDisk whose answer is lost after the emulator started the roll-back: the repeat meets the disk
// ReIniting (IncorrectDiskStatus), the client reads the disk and reports success; one roll-back was made.
func TestEmulator_resetAnswerLost(t *testing.T) {
	t.Parallel()
	c, ts := newPowerEmulatorClient(t, -1, time.Minute)
	snap, err := c.CreateSnapshot(context.Background(), CreateSnapshotInput{DiskID: emuScratchDisk})
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.SetFaults([]emulator.Fault{{Action: "ResetDisk", Mode: emulator.FaultDropAfter, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := c.ResetDisk(context.Background(), ResetDiskInput{DiskID: emuScratchDisk, SnapshotID: snap}); err != nil {
		t.Fatalf("ResetDisk: %v", err)
	}
	counts := ts.CallCounts()
	if counts["ResetDisk"] != 2 || counts["DescribeDisks"] != 1 {
		t.Errorf("calls %v, want 2 ResetDisk (the lost one and its repeat) and 1 DescribeDisks", counts)
	}
	if v := rollbackView(t, ts, emuScratchDisk); v.RollbackCount != 1 || v.Status != DiskStatusReIniting || v.RolledBackToSnapshotID != snap {
		t.Errorf("the emulator shows %+v, want one roll-back in progress", v)
	}
}

// When the lost roll-back has already ended, the repeat rolls the disk back to the same snapshot again: the disk
// ends as one roll-back leaves it, and the call succeeds.
func TestEmulator_resetAnswerLostRollbackOver(t *testing.T) {
	t.Parallel()
	c, ts := newPowerEmulatorClient(t, -1, -1)
	snap, err := c.CreateSnapshot(context.Background(), CreateSnapshotInput{DiskID: emuScratchDisk})
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.SetFaults([]emulator.Fault{{Action: "ResetDisk", Mode: emulator.FaultDropAfter, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := c.ResetDisk(context.Background(), ResetDiskInput{DiskID: emuScratchDisk, SnapshotID: snap}); err != nil {
		t.Fatalf("ResetDisk: %v", err)
	}
	if v := rollbackView(t, ts, emuScratchDisk); v.RollbackCount != 2 || v.Status != DiskStatusInUse || v.RolledBackToSnapshotID != snap {
		t.Errorf("the emulator shows %+v, want two roll-backs to %s, over", v, snap)
	}
}

// A 5xx on every attempt: the repeats are bounded by MaxRetries and the error says what failed.
func TestEmulator_resetServerErrorsBounded(t *testing.T) {
	t.Parallel()
	c, ts := newPowerEmulatorClient(t, -1, -1)
	if err := ts.SetFaults([]emulator.Fault{{Action: "ResetDisk"}}); err != nil {
		t.Fatal(err)
	}
	err := c.ResetDisk(context.Background(), ResetDiskInput{DiskID: emuScratchDisk, SnapshotID: "s-bp1whatever00000000"})
	if !client.IsCode(err, "InternalError") {
		t.Fatalf("ResetDisk = %v, want InternalError", err)
	}
	if n, want := ts.CallCounts()["ResetDisk"], int64(c.retry.MaxRetries+1); n != want {
		t.Errorf("%d ResetDisk calls, want %d", n, want)
	}
}

// More than 100 instance IDs are split into calls of 100 (the most InstanceIds holds); the answers are merged.
func TestEmulator_describeInstancesSplitsIDs(t *testing.T) {
	t.Parallel()
	c, ts := newPowerEmulatorClient(t, -1, -1)
	ids := []string{emuWebInstance}
	for i := range 129 {
		ids = append(ids, fmt.Sprintf("i-bp1missing%08d", i))
	}
	ids = append(ids, emuBatchInstance)
	got, err := c.DescribeInstances(context.Background(), DescribeInstancesInput{InstanceIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].InstanceID != emuWebInstance || got[1].InstanceID != emuBatchInstance {
		t.Errorf("instances %+v, want %s and %s", got, emuWebInstance, emuBatchInstance)
	}
	if n := ts.CallCounts()["DescribeInstances"]; n != 2 {
		t.Errorf("%d DescribeInstances calls for 131 IDs, want 2 (100 + 31)", n)
	}
	stopped, err := c.DescribeInstances(context.Background(), DescribeInstancesInput{Status: InstanceStatusStopped})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range stopped {
		if in.Status != InstanceStatusStopped {
			t.Errorf("Status filter Stopped answered %+v", in)
		}
	}
	if len(stopped) == 0 {
		t.Error("Status filter Stopped answered nothing; the fixture has stopped instances")
	}
}
