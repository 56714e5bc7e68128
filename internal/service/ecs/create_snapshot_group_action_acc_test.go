package ecs_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
)

// groupsNamed are the IDs of the emulator's snapshot groups of that name.
func groupsNamed(t *testing.T, env *acctest.Env, name string) []string {
	t.Helper()
	gs, err := env.ECSClient(t).DescribeSnapshotGroups(t.Context(), ecsclient.DescribeSnapshotGroupsInput{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, g := range gs {
		ids = append(ids, g.SnapshotGroupID)
	}
	return ids
}

// aliecs_create_snapshot_group with -invoke: one group of every disk of the instance, each snapshot accomplished,
// nothing in the state; under answers lost after the emulator acted, still exactly one group per run. Bad input
// is refused at plan time, before anything is made.
func TestAccCreateSnapshotGroupAction_invoke(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	acctest.SkipWithoutActions(t)
	t.Parallel()
	w := acctest.NewCLIWorkspace(t, env.ProviderConfig()+fmt.Sprintf(`
action "aliecs_create_snapshot_group" "all" {
  config {
    instance_id = %q
    name        = "before-upgrade"
    tags        = { reason = "upgrade" }
  }
}
`, groupInstance))
	if err := env.Emulator.SetFaults([]emulator.Fault{{Action: "CreateSnapshotGroup", Mode: emulator.FaultDropAfter, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	out := w.Run("apply", "-invoke=action.aliecs_create_snapshot_group.all", "-auto-approve", "-input=false", "-no-color")
	ids := groupsNamed(t, env, "before-upgrade")
	if len(ids) != 1 {
		t.Fatalf("after one -invoke (its first answer lost) the emulator holds %d groups named before-upgrade, want 1\n%s", len(ids), out)
	}
	gs, err := env.ECSClient(t).DescribeSnapshotGroups(t.Context(), ecsclient.DescribeSnapshotGroupsInput{Name: "before-upgrade"})
	if err != nil {
		t.Fatal(err)
	}
	g := gs[0]
	if g.Status != "accomplished" || len(g.Snapshots) != 2 {
		t.Errorf("group %s: status %s with %d snapshots; want accomplished with both disks of %s", g.SnapshotGroupID, g.Status, len(g.Snapshots), groupInstance)
	}
	said := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"Snapshot group " + g.SnapshotGroupID + " of instance " + groupInstance + " started",
		"Snapshot group " + g.SnapshotGroupID + " accomplished"} {
		if !strings.Contains(said, want) {
			t.Errorf("the CLI output does not show %q:\n%s", want, out)
		}
	}
	if got := stateAddresses(w); len(got) != 0 {
		t.Errorf("the state holds %v; an action must put nothing there", got)
	}

	before := len(env.Emulator.Backend().Snapshots())
	w.SetConfig(env.ProviderConfig() + fmt.Sprintf(`
action "aliecs_create_snapshot_group" "bad" {
  config {
    instance_id      = %q
    disk_ids         = [%q]
    exclude_disk_ids = [%q]
  }
}
`, groupInstance, groupDataDisk, groupSystemDisk))
	bad, err := w.Command("apply", "-invoke=action.aliecs_create_snapshot_group.bad", "-auto-approve", "-input=false", "-no-color").CombinedOutput()
	if err == nil || !strings.Contains(strings.Join(strings.Fields(string(bad)), " "), "cannot both be set") {
		t.Errorf("disk_ids with exclude_disk_ids must be refused before the invoke; err %v:\n%s", err, bad)
	}
	if after := len(env.Emulator.Backend().Snapshots()); after != before {
		t.Errorf("a refused action made %d snapshots", after-before)
	}
}
