package backend

import (
	"path/filepath"
	"testing"
	"time"
)

const (
	instLocked   = "i-bp1f8s2hx1a9zq4ne0lk" // Running, locked for security
	instBooting  = "i-bp1d3k8mzl2q7wxr5c9e" // Starting (a fixture's, with no end)
	instFresh    = "i-bp13zt4kqc0fm7r2uw5a" // Stopped, never started
	instShanghai = "i-uf6f5mgk2xq8w9z3r7ha"
)

// newPowerBackend is a backend whose transitions take a second, and whose snapshots are made at once.
func newPowerBackend(t *testing.T) (*Backend, *fakeClock) {
	t.Helper()
	b, clk := newTestBackend(t, 0)
	b.SetPowerDuration(time.Second)
	b.SetRollbackDuration(time.Second)
	return b, clk
}

func instanceStatus(t *testing.T, b *Backend, id string) string {
	t.Helper()
	out, err := b.DescribeInstances(DescribeInstancesInput{RegionID: region, InstanceIDs: `["` + id + `"]`})
	if err != nil || len(out.Instances.Instance) != 1 {
		t.Fatalf("DescribeInstances(%s) = %+v, %v", id, out, err)
	}
	return out.Instances.Instance[0].Status
}

func diskOf(t *testing.T, b *Backend, id string) DiskItem {
	t.Helper()
	out, err := b.DescribeDisks(DescribeDisksInput{RegionID: region, DiskIDs: `["` + id + `"]`})
	if err != nil || len(out.Disks.Disk) != 1 {
		t.Fatalf("DescribeDisks(%s) = %+v, %v", id, out, err)
	}
	return out.Disks.Disk[0]
}

func diskView(t *testing.T, b *Backend, id string) DiskView {
	t.Helper()
	for _, r := range b.FixtureView() {
		for _, d := range r.Disks {
			if d.DiskID == id {
				return d
			}
		}
	}
	t.Fatalf("disk %s not in the fixture view", id)
	return DiskView{}
}

func stop(b *Backend, ids ...string) (*PowerOutput, error) {
	return b.StopInstances(PowerInput{RegionID: region, InstanceIDs: ids})
}

func TestStopStartInstances_transitions(t *testing.T) {
	t.Parallel()
	b, clk := newPowerBackend(t)
	out, err := stop(b, instWeb)
	if err != nil {
		t.Fatal(err)
	}
	want := InstanceResponse{InstanceId: instWeb, Code: "200", Message: "success", PreviousStatus: "Running", CurrentStatus: "Stopping"}
	if len(out.InstanceResponses.InstanceResponse) != 1 || out.InstanceResponses.InstanceResponse[0] != want {
		t.Fatalf("StopInstances = %+v, want %+v", out, want)
	}
	if got := instanceStatus(t, b, instWeb); got != "Stopping" {
		t.Fatalf("status %s, want Stopping", got)
	}
	clk.Advance(999 * time.Millisecond)
	if got := instanceStatus(t, b, instWeb); got != "Stopping" {
		t.Fatalf("status before the end %s, want Stopping", got)
	}
	clk.Advance(time.Millisecond)
	if got := instanceStatus(t, b, instWeb); got != "Stopped" {
		t.Fatalf("status at the end %s, want Stopped", got)
	}
	// A Stopped instance's disks stay In_use.
	if d := diskOf(t, b, diskWebSys); d.Status != "In_use" {
		t.Errorf("disk of a stopped instance is %s, want In_use", d.Status)
	}
	out, err = b.StartInstances(PowerInput{RegionID: region, InstanceIDs: []string{instWeb}})
	if err != nil || out.InstanceResponses.InstanceResponse[0].CurrentStatus != "Starting" || out.InstanceResponses.InstanceResponse[0].PreviousStatus != "Stopped" {
		t.Fatalf("StartInstances = %+v, %v", out, err)
	}
	if got := instanceStatus(t, b, instWeb); got != "Starting" {
		t.Fatalf("status %s, want Starting", got)
	}
	clk.Advance(time.Second)
	if got := instanceStatus(t, b, instWeb); got != "Running" {
		t.Fatalf("status %s, want Running", got)
	}
}

func TestStartInstances_neverStartedBecomesStarted(t *testing.T) {
	t.Parallel()
	b, clk := newPowerBackend(t)
	if _, err := b.StartInstances(PowerInput{RegionID: region, InstanceIDs: []string{instFresh}}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	// A started instance's disk accepts snapshots, which it refused before (never started).
	if _, err := b.CreateSnapshot(CreateSnapshotInput{DiskID: diskFresh}); err != nil {
		t.Errorf("CreateSnapshot after the first start: %v", err)
	}
}

func TestStopInstances_atOnce(t *testing.T) {
	t.Parallel()
	b, _ := newTestBackend(t, 0)
	b.SetPowerDuration(0)
	out, err := stop(b, instWeb)
	if err != nil || out.InstanceResponses.InstanceResponse[0].CurrentStatus != "Stopped" || instanceStatus(t, b, instWeb) != "Stopped" {
		t.Fatalf("StopInstances with no duration = %+v, %v; want Stopped at once", out, err)
	}
}

func TestStopInstances_errors(t *testing.T) {
	t.Parallel()
	b, _ := newPowerBackend(t)
	cases := []struct {
		name   string
		in     PowerInput
		status int
		code   string
	}{
		{"no instance", PowerInput{RegionID: region}, 400, "MissingParameter"},
		{"no region", PowerInput{InstanceIDs: []string{instWeb}}, 400, "MissingParameter"},
		{"unknown region", PowerInput{RegionID: "xx-nowhere-1", InstanceIDs: []string{instWeb}}, 404, "InvalidRegionId.NotFound"},
		{"unknown instance", PowerInput{RegionID: region, InstanceIDs: []string{"i-nope"}}, 404, "InvalidInstanceId.NotFound"},
		{"instance of another region", PowerInput{RegionID: region, InstanceIDs: []string{instShanghai}}, 404, "InvalidInstanceId.NotFound"},
		{"already stopped", PowerInput{RegionID: region, InstanceIDs: []string{instBatch}}, 403, "IncorrectInstanceStatus"},
		{"starting", PowerInput{RegionID: region, InstanceIDs: []string{instBooting}}, 403, "IncorrectInstanceStatus"},
		{"locked", PowerInput{RegionID: region, InstanceIDs: []string{instLocked}}, 403, "InstanceLockedForSecurity"},
		{"all together: one refusal fails all", PowerInput{RegionID: region, InstanceIDs: []string{instWeb, instBatch}}, 403, "IncorrectInstanceStatus"},
		{"dry run", PowerInput{RegionID: region, InstanceIDs: []string{instWeb}, DryRun: "true"}, 400, "DryRunOperation"},
		{"bad dry run", PowerInput{RegionID: region, InstanceIDs: []string{instWeb}, DryRun: "yes"}, 400, "InvalidParameter"},
		{"bad force", PowerInput{RegionID: region, InstanceIDs: []string{instWeb}, ForceStop: "1"}, 400, "InvalidParameter"},
		{"bad stopped mode", PowerInput{RegionID: region, InstanceIDs: []string{instWeb}, StoppedMode: "Cheap"}, 400, "InvalidParameter"},
		{"bad batch mode", PowerInput{RegionID: region, InstanceIDs: []string{instWeb}, BatchOptimization: "Some"}, 400, "InvalidParameter"},
		{"success first dry run", PowerInput{RegionID: region, InstanceIDs: []string{instBatch}, DryRun: "true", BatchOptimization: "SuccessFirst"}, 400, "DryRunOperation"},
	}
	for _, tc := range cases {
		_, err := b.StopInstances(tc.in)
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantAPIError(t, err, tc.status, tc.code)
		})
	}
	tooMany := make([]string, maxInstancesPerCall+1)
	for i := range tooMany {
		tooMany[i] = instWeb
	}
	_, err := stop(b, tooMany...)
	wantAPIError(t, err, 400, "InvalidParameter")
	// None of the refused calls changed anything.
	if got := instanceStatus(t, b, instWeb); got != "Running" {
		t.Errorf("after refusals %s is %s, want Running", instWeb, got)
	}
}

func TestStartInstances_errors(t *testing.T) {
	t.Parallel()
	b, _ := newPowerBackend(t)
	_, err := b.StartInstances(PowerInput{RegionID: region, InstanceIDs: []string{instWeb}})
	wantAPIError(t, err, 403, "IncorrectInstanceStatus")
	_, err = b.StartInstances(PowerInput{RegionID: region, InstanceIDs: []string{instBatch}, DryRun: "true"})
	wantAPIError(t, err, 400, "DryRunOperation")
	if got := instanceStatus(t, b, instBatch); got != "Stopped" {
		t.Errorf("a dry run changed %s to %s", instBatch, got)
	}
}

func TestStopInstances_successFirst(t *testing.T) {
	t.Parallel()
	b, _ := newPowerBackend(t)
	out, err := b.StopInstances(PowerInput{RegionID: region, InstanceIDs: []string{instWeb, instBatch, "i-nope", instLocked, instWeb},
		BatchOptimization: "SuccessFirst", StoppedMode: "KeepCharging", ForceStop: "true"})
	if err != nil {
		t.Fatal(err)
	}
	got := out.InstanceResponses.InstanceResponse
	want := []InstanceResponse{
		{InstanceId: instWeb, Code: "200", Message: "success", PreviousStatus: "Running", CurrentStatus: "Stopping"},
		{InstanceId: instBatch, Code: "IncorrectInstanceStatus", Message: errNotStopped.Message, PreviousStatus: "Stopped", CurrentStatus: "Stopped"},
		{InstanceId: "i-nope", Code: "InvalidInstanceId.NotFound", Message: errInstanceNotFound.Message},
		{InstanceId: instLocked, Code: "InstanceLockedForSecurity", Message: errLocked.Message, PreviousStatus: "Running", CurrentStatus: "Running"},
	}
	if len(got) != len(want) {
		t.Fatalf("responses %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("response %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if got := instanceStatus(t, b, instWeb); got != "Stopping" {
		t.Errorf("%s is %s, want Stopping", instWeb, got)
	}
}

func TestStopStartInstance_singular(t *testing.T) {
	t.Parallel()
	b, clk := newPowerBackend(t)
	// No RegionId: the instance's region (here not the default one) is the call's.
	if _, err := b.StopInstances(PowerInput{InstanceIDs: []string{instShanghai}, Single: true}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	out, err := b.DescribeInstances(DescribeInstancesInput{RegionID: "cn-shanghai", InstanceIDs: `["` + instShanghai + `"]`})
	if err != nil || out.Instances.Instance[0].Status != "Stopped" {
		t.Fatalf("after StopInstance: %+v, %v", out, err)
	}
	_, err = b.StartInstances(PowerInput{InstanceIDs: []string{instBatch, instWeb}[1:], Single: true})
	wantAPIError(t, err, 403, "IncorrectInstanceStatus")
	_, err = b.StopInstances(PowerInput{Single: true})
	wantAPIError(t, err, 400, "MissingParameter")
}

// snapshotOf makes an accomplished snapshot of a disk (the backend's snapshots are made at once).
func snapshotOf(t *testing.T, b *Backend, disk string) string {
	t.Helper()
	return mustCreate(t, b, CreateSnapshotInput{DiskID: disk})
}

func TestResetDisk_rollsBackAndRecords(t *testing.T) {
	t.Parallel()
	b, clk := newPowerBackend(t)
	s := snapshotOf(t, b, diskBatchSys)
	at := clk.Now()
	if err := b.ResetDisk(ResetDiskInput{DiskID: diskBatchSys, SnapshotID: s}); err != nil {
		t.Fatal(err)
	}
	if d := diskOf(t, b, diskBatchSys); d.Status != "ReIniting" {
		t.Fatalf("status while rolling back %s, want ReIniting", d.Status)
	}
	v := diskView(t, b, diskBatchSys)
	if v.Status != "ReIniting" || v.RolledBackToSnapshotID != s || v.RolledBackAt == nil || !v.RolledBackAt.Equal(at) || v.RollbackCount != 1 {
		t.Fatalf("view while rolling back %+v", v)
	}
	// The disk being rolled back takes no snapshot, and no second roll-back, and its instance does not start.
	_, err := b.CreateSnapshot(CreateSnapshotInput{DiskID: diskBatchSys})
	wantAPIError(t, err, 403, "IncorrectDiskStatus")
	wantAPIError(t, b.ResetDisk(ResetDiskInput{DiskID: diskBatchSys, SnapshotID: s}), 403, "IncorrectDiskStatus")
	_, err = b.StartInstances(PowerInput{RegionID: region, InstanceIDs: []string{instBatch}})
	wantAPIError(t, err, 403, "IncorrectDiskStatus")

	clk.Advance(time.Second)
	if d := diskOf(t, b, diskBatchSys); d.Status != "In_use" {
		t.Fatalf("status after the roll-back %s, want In_use", d.Status)
	}
	if err := b.ResetDisk(ResetDiskInput{DiskID: diskBatchSys, SnapshotID: s}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if v := diskView(t, b, diskBatchSys); v.RollbackCount != 2 || v.Status != "In_use" || v.RolledBackToSnapshotID != s {
		t.Errorf("view after two roll-backs %+v", v)
	}
	// Never rolled back: no roll-back fields.
	if v := diskView(t, b, diskScratch); v.RolledBackToSnapshotID != "" || v.RolledBackAt != nil || v.RollbackCount != 0 {
		t.Errorf("a disk never rolled back shows %+v", v)
	}
}

func TestResetDisk_detachedDiskReturnsToAvailable(t *testing.T) {
	t.Parallel()
	b, clk := newPowerBackend(t)
	s := snapshotOf(t, b, diskDetached)
	if err := b.ResetDisk(ResetDiskInput{DiskID: diskDetached, SnapshotID: s}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if d := diskOf(t, b, diskDetached); d.Status != "Available" {
		t.Errorf("a detached disk after its roll-back is %s, want Available", d.Status)
	}
}

func TestResetDisk_errors(t *testing.T) {
	t.Parallel()
	b, clk := newPowerBackend(t)
	batchSnap := snapshotOf(t, b, diskBatchSys)
	webSnap := snapshotOf(t, b, diskWebSys)
	scratchSnap := snapshotOf(t, b, diskScratch)
	b.SetSnapshotDuration(time.Hour)
	progressing := snapshotOf(t, b, diskEncrypted)
	// The booting and locked instances' disks: snapshots made while their instances could take them.
	cases := []struct {
		name   string
		in     ResetDiskInput
		status int
		code   string
	}{
		{"no disk", ResetDiskInput{SnapshotID: batchSnap}, 400, "MissingParameter"},
		{"no snapshot", ResetDiskInput{DiskID: diskBatchSys}, 400, "MissingParameter"},
		{"unknown disk", ResetDiskInput{DiskID: "d-nope", SnapshotID: batchSnap}, 404, "InvalidDiskId.NotFound"},
		{"unknown snapshot", ResetDiskInput{DiskID: diskBatchSys, SnapshotID: "s-nope"}, 404, "InvalidSnapshotId.NotFound"},
		{"instance running", ResetDiskInput{DiskID: diskWebSys, SnapshotID: webSnap}, 403, "IncorrectInstanceStatus"},
		{"instance starting", ResetDiskInput{DiskID: diskBooting, SnapshotID: webSnap}, 403, "IncorrectInstanceStatus"},
		{"instance locked", ResetDiskInput{DiskID: diskLocked, SnapshotID: webSnap}, 403, "InstanceLockedForSecurity"},
		{"snapshot of another disk", ResetDiskInput{DiskID: diskBatchSys, SnapshotID: scratchSnap}, 403, "InvalidParameter.Mismatch"},
		{"snapshot not accomplished", ResetDiskInput{DiskID: diskEncrypted, SnapshotID: progressing}, 403, "InvalidSnapshotId.NotReady"},
		{"dry run", ResetDiskInput{DiskID: diskBatchSys, SnapshotID: batchSnap, DryRun: "true"}, 400, "DryRunOperation"},
		{"bad dry run", ResetDiskInput{DiskID: diskBatchSys, SnapshotID: batchSnap, DryRun: "maybe"}, 400, "InvalidParameter"},
		{"unknown region", ResetDiskInput{RegionID: "xx-nowhere-1", DiskID: diskBatchSys, SnapshotID: batchSnap}, 404, "InvalidRegionId.NotFound"},
	}
	for _, tc := range cases {
		err := b.ResetDisk(tc.in)
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantAPIError(t, err, tc.status, tc.code)
		})
	}
	// A dry run and the refusals changed nothing.
	clk.Advance(time.Millisecond)
	if v := diskView(t, b, diskBatchSys); v.RollbackCount != 0 || v.Status != "In_use" {
		t.Errorf("after refusals and a dry run the disk shows %+v", v)
	}
	// The instance on its way to Stopped is not stopped yet.
	if _, err := stop(b, instWeb); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, b.ResetDisk(ResetDiskInput{DiskID: diskWebSys, SnapshotID: webSnap}), 403, "IncorrectInstanceStatus")
	clk.Advance(time.Second)
	if err := b.ResetDisk(ResetDiskInput{DiskID: diskWebSys, SnapshotID: webSnap}); err != nil {
		t.Errorf("ResetDisk once the instance is Stopped: %v", err)
	}
}

// A disk in a transitional status of its own (a fixture's Attaching, say) is refused.
func TestResetDisk_diskStatus(t *testing.T) {
	t.Parallel()
	b, _ := newPowerBackend(t)
	s := snapshotOf(t, b, diskScratch)
	f := DefaultFixture()
	for _, d := range f.Disks {
		if d.DiskID == diskScratch {
			d.Status = "Detaching"
			if err := b.Seed(Fixture{Disks: []Disk{d}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	wantAPIError(t, b.ResetDisk(ResetDiskInput{DiskID: diskScratch, SnapshotID: s}), 403, "IncorrectDiskStatus")
}

func TestResetDisk_atOnce(t *testing.T) {
	t.Parallel()
	b, _ := newTestBackend(t, 0)
	b.SetRollbackDuration(0)
	s := snapshotOf(t, b, diskBatchSys)
	if err := b.ResetDisk(ResetDiskInput{DiskID: diskBatchSys, SnapshotID: s}); err != nil {
		t.Fatal(err)
	}
	if v := diskView(t, b, diskBatchSys); v.Status != "In_use" || v.RollbackCount != 1 || v.RolledBackToSnapshotID != s {
		t.Errorf("a roll-back with no duration: %+v", v)
	}
}

func TestOptions_transitionDurations(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want time.Duration }{{0, DefaultPowerDuration}, {-1, 0}, {5 * time.Second, 5 * time.Second}} {
		b, err := New(Options{PowerDuration: tc.in, RollbackDuration: tc.in})
		if err != nil {
			t.Fatal(err)
		}
		if b.powerDur != tc.want || b.rollbackDur != tc.want {
			t.Errorf("Options duration %s: power %s, roll-back %s, want %s", tc.in, b.powerDur, b.rollbackDur, tc.want)
		}
	}
}

// Transitions and roll-back records survive a restart through the state file.
func TestPower_stateFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	clk := &fakeClock{t: time.Date(2024, 5, 22, 10, 0, 0, 0, time.UTC)}
	b, err := New(Options{Now: clk.Now, StateFile: path, PowerDuration: time.Second, RollbackDuration: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	s := snapshotOf(t, b, diskBatchSys)
	if err := b.ResetDisk(ResetDiskInput{DiskID: diskBatchSys, SnapshotID: s}); err != nil {
		t.Fatal(err)
	}
	if _, err := stop(b, instWeb); err != nil {
		t.Fatal(err)
	}
	again, err := New(Options{Now: clk.Now, StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if got := instanceStatus(t, again, instWeb); got != "Stopping" {
		t.Errorf("restarted: %s is %s, want Stopping", instWeb, got)
	}
	if v := diskView(t, again, diskBatchSys); v.Status != "ReIniting" || v.RolledBackToSnapshotID != s || v.RollbackCount != 1 {
		t.Errorf("restarted: disk %+v", v)
	}
	clk.Advance(time.Second)
	if got := instanceStatus(t, again, instWeb); got != "Stopped" {
		t.Errorf("restarted, later: %s is %s, want Stopped", instWeb, got)
	}
	if v := diskView(t, again, diskBatchSys); v.Status != "In_use" || v.RolledBackAt == nil {
		t.Errorf("restarted, later: disk %+v", v)
	}
}
