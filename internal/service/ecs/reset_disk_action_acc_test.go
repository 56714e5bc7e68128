package ecs_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// diskView is the emulator's view of a disk: its status and last roll-back.
func diskView(t *testing.T, env *acctest.Env, id string) backend.DiskView {
	t.Helper()
	for _, r := range env.Emulator.Backend().FixtureView() {
		for _, d := range r.Disks {
			if d.DiskID == id {
				return d
			}
		}
	}
	t.Fatalf("the emulator has no disk %s", id)
	return backend.DiskView{}
}

// instanceStatus is the emulator's status of an instance.
func instanceStatus(t *testing.T, env *acctest.Env, id string) string {
	t.Helper()
	for _, r := range env.Emulator.Backend().FixtureView() {
		for _, i := range r.Instances {
			if i.InstanceID == id {
				return i.Status
			}
		}
	}
	t.Fatalf("the emulator has no instance %s", id)
	return ""
}

// waitAccomplished makes a snapshot through the API and waits until the emulator has finished it.
func accomplishedSnapshot(t *testing.T, env *acctest.Env, diskID, name string) string {
	t.Helper()
	id, err := env.ECSClient(t).CreateSnapshot(t.Context(), ecsclient.CreateSnapshotInput{DiskID: diskID, SnapshotName: name})
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		if got := snapshotsWithStatus(env, "accomplished"); strings.Contains(strings.Join(got, ","), id) {
			return id
		}
		if time.Now().After(deadline) {
			t.Fatalf("snapshot %s never accomplished", id)
		}
	}
}

// The roll-back runbook: a reset of a running instance's disk is refused, saying to stop it first, with nothing
// rolled back; then stop, reset (with a safety snapshot) and start run in order on one trigger, and the disk is
// rolled back to its snapshot. A snapshot of another disk is refused at plan time.
func TestAccResetDiskAction_runbook(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // stops an instance and rolls its disk back
	acctest.SkipWithoutActions(t)
	t.Parallel()
	b := env.Emulator.Backend()
	b.SetPowerDuration(time.Second)
	b.SetRollbackDuration(time.Second)
	snap := accomplishedSnapshot(t, env, groupDataDisk, "known-good")
	other := accomplishedSnapshot(t, env, groupSystemDisk, "system-disk")

	actions := fmt.Sprintf(`
action "aliecs_stop_instance" "db" {
  config {
    instance_id = %[1]q
  }
}

action "aliecs_reset_disk" "db" {
  config {
    disk_id         = %[2]q
    snapshot_id     = %[3]q
    safety_snapshot = true
    safety_snapshot_retention_days = 2
  }
}

action "aliecs_start_instance" "db" {
  config {
    instance_id = %[1]q
  }
}
`, groupInstance, groupDataDisk, snap)
	w := acctest.NewCLIWorkspace(t, env.ProviderConfig()+actions)

	out, err := w.Command("apply", "-invoke=action.aliecs_reset_disk.db", "-auto-approve", "-input=false", "-no-color").CombinedOutput()
	said := strings.Join(strings.Fields(string(out)), " ")
	if err == nil || !strings.Contains(said, "which is Running") || !strings.Contains(said, "Stop the instance first") ||
		!strings.Contains(said, "Nothing was rolled back") {
		t.Fatalf("a reset of a running instance's disk must be refused, saying to stop it first; err %v:\n%s", err, out)
	}
	if d := diskView(t, env, groupDataDisk); d.RollbackCount != 0 || len(snapshotsNamed(env, "before-reset-"+groupDataDisk)) != 0 {
		t.Fatalf("a refused reset rolled the disk back (%d) or took a safety snapshot", d.RollbackCount)
	}

	// The runbook on one trigger: the actions run in the order listed.
	w.SetConfig(env.ProviderConfig() + actions + `
resource "terraform_data" "rollback" {
  input = "` + snap + `"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.aliecs_stop_instance.db, action.aliecs_reset_disk.db, action.aliecs_start_instance.db]
    }
  }
}
`)
	out2 := w.Run("apply", "-auto-approve", "-input=false", "-no-color")
	d := diskView(t, env, groupDataDisk)
	if d.RollbackCount != 1 || d.RolledBackToSnapshotID != snap || d.Status != "In_use" {
		t.Errorf("disk %s: %d roll-backs, last to %q, status %s; want 1, to %s, In_use\n%s", groupDataDisk, d.RollbackCount,
			d.RolledBackToSnapshotID, d.Status, snap, out2)
	}
	safety := snapshotsNamed(env, "before-reset-"+groupDataDisk)
	if len(safety) != 1 || safety[0].Status != "accomplished" || safety[0].RetentionDays != 2 || safety[0].CreationTime > d.RolledBackAt.UTC().Format(time.RFC3339) {
		t.Errorf("want one accomplished safety snapshot kept 2 days, taken before the roll-back; got %+v", safety)
	}
	if s := instanceStatus(t, env, groupInstance); s != "Running" {
		t.Errorf("after the runbook instance %s is %s, want Running", groupInstance, s)
	}
	said = strings.Join(strings.Fields(out2), " ")
	for _, want := range []string{"Instance " + groupInstance + " is Stopped", "Disk " + groupDataDisk + " rolled back to snapshot " + snap,
		"Instance " + groupInstance + " is Running"} {
		if !strings.Contains(said, want) {
			t.Errorf("the CLI output does not show %q:\n%s", want, out2)
		}
	}
	if stopped, rolled, started := strings.Index(said, "is Stopped"), strings.Index(said, "rolled back to"), strings.Index(said, "is Running"); stopped > rolled || rolled > started {
		t.Errorf("the runbook ran out of order:\n%s", out2)
	}

	// A snapshot of another disk is refused at plan time, before anything is stopped.
	w.SetConfig(env.ProviderConfig() + fmt.Sprintf(`
action "aliecs_reset_disk" "wrong" {
  config {
    disk_id     = %q
    snapshot_id = %q
  }
}
`, groupDataDisk, other))
	out3, err := w.Command("plan", "-no-color", "-input=false", "-invoke=action.aliecs_reset_disk.wrong").CombinedOutput()
	if err == nil || !strings.Contains(strings.Join(strings.Fields(string(out3)), " "), "was made from disk "+groupSystemDisk+", not from disk "+groupDataDisk) {
		t.Errorf("a snapshot of another disk must be refused at plan; err %v:\n%s", err, out3)
	}
}

// A group roll-back resets each disk of the group to its own snapshot, one ResetDisk per disk.
func TestAccResetDiskAction_group(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	acctest.SkipWithoutActions(t)
	t.Parallel()
	b := env.Emulator.Backend()
	b.SetPowerDuration(0)
	b.SetRollbackDuration(time.Second)
	api := env.ECSClient(t)
	gid, err := api.CreateSnapshotGroup(t.Context(), ecsclient.CreateSnapshotGroupInput{InstanceID: groupInstance, Name: "known-good"})
	if err != nil {
		t.Fatal(err)
	}
	var members map[string]string
	for deadline := time.Now().Add(time.Minute); members == nil; time.Sleep(100 * time.Millisecond) {
		gs, err := api.DescribeSnapshotGroups(t.Context(), ecsclient.DescribeSnapshotGroupsInput{SnapshotGroupIDs: []string{gid}})
		if err != nil {
			t.Fatal(err)
		}
		if len(gs) == 1 && gs[0].Status == "accomplished" {
			members = map[string]string{}
			for _, s := range gs[0].Snapshots {
				members[s.SourceDiskID] = s.SnapshotID
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %s never accomplished", gid)
		}
	}
	if _, err := api.StopInstances(t.Context(), ecsclient.StopInstancesInput{InstanceIDs: []string{groupInstance}}); err != nil {
		t.Fatal(err)
	}
	w := acctest.NewCLIWorkspace(t, env.ProviderConfig()+fmt.Sprintf(`
action "aliecs_reset_disk" "all" {
  config {
    snapshot_group_id = %q
  }
}
`, gid))
	before := env.Emulator.CallCounts()["ResetDisk"]
	out := w.Run("apply", "-invoke=action.aliecs_reset_disk.all", "-auto-approve", "-input=false", "-no-color")
	if n := env.Emulator.CallCounts()["ResetDisk"] - before; n != 2 {
		t.Errorf("the group roll-back made %d ResetDisk calls, want one per disk (2)", n)
	}
	for disk, snap := range members {
		if d := diskView(t, env, disk); d.RollbackCount != 1 || d.RolledBackToSnapshotID != snap {
			t.Errorf("disk %s: %d roll-backs, last to %q; want 1, to its own snapshot %s\n%s", disk, d.RollbackCount, d.RolledBackToSnapshotID, snap, out)
		}
	}

	// A roll-back the API refuses says which disks were rolled back and which were not.
	if err := env.Emulator.SetFaults([]emulator.Fault{{Action: "ResetDisk", Count: 1, Code: "IncorrectDiskStatus", HTTPStatus: 403,
		Message: "The current disk status does not support this operation."}}); err != nil {
		t.Fatal(err)
	}
	out2, err := w.Command("apply", "-invoke=action.aliecs_reset_disk.all", "-auto-approve", "-input=false", "-no-color").CombinedOutput()
	said := strings.Join(strings.Fields(string(out2)), " ")
	if err == nil || !strings.Contains(said, "Rolled back: none.") || !strings.Contains(said, "Not rolled back: "+groupSystemDisk+" (to "+members[groupSystemDisk]+"), "+groupDataDisk+" (to "+members[groupDataDisk]+")") {
		t.Errorf("a refused group roll-back must say which disks were and were not rolled back; err %v:\n%s", err, out2)
	}
}
