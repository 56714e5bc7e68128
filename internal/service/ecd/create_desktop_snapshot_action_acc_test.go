package ecd_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
)

// aliecs_create_desktop_snapshot on a before_update trigger: one snapshot per update, none on create, nothing in the
// state. Its create takes no token: with the first answer of every CreateSnapshot lost after the emulator acted, the
// provider finds what the attempt made instead of making a second snapshot.
func TestAccCreateDesktopSnapshotAction_beforeUpdateLostAnswers(t *testing.T) {
	acctest.Long(t)
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // counts what the emulator holds
	acctest.SkipWithoutActions(t)
	desktop := env.RunningDesktopID(t)
	t.Parallel()
	config := func(input string) string {
		return env.ProviderConfig() + fmt.Sprintf(`
resource "terraform_data" "desktop_image" {
  input = %q
  lifecycle {
    action_trigger {
      events  = [before_update]
      actions = [action.aliecs_create_desktop_snapshot.backup]
    }
  }
}

action "aliecs_create_desktop_snapshot" "backup" {
  config {
    desktop_id       = %q
    snapshot_name    = "before-%s"
    source_disk_type = "data"
  }
}
`, input, desktop, input)
	}
	named := func(name string) []ecdclient.Snapshot {
		t.Helper()
		all, err := env.ECDClient(t).DescribeSnapshots(t.Context(), ecdclient.DescribeSnapshotsInput{DesktopID: desktop, SnapshotName: name})
		if err != nil {
			t.Fatal(err)
		}
		return all
	}
	w := acctest.NewCLIWorkspace(t, config("v1"))
	out := w.Run("apply", "-auto-approve", "-input=false", "-no-color")
	if n := len(named("before-v1")); n != 0 {
		t.Fatalf("creating the trigger took %d snapshots; before_update takes none on create\n%s", n, out)
	}
	if err := env.Emulator.SetFaults([]emulator.Fault{{Action: "CreateSnapshot", Mode: emulator.FaultDropAfter, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	w.SetConfig(config("v2"))
	out = w.Run("apply", "-auto-approve", "-input=false", "-no-color")
	// The action's config is evaluated with the planned values of the update: the snapshot is named after v2.
	got := named("before-v2")
	if len(got) != 1 || !strings.EqualFold(got[0].Status, ecdclient.StatusAccomplished) {
		t.Fatalf("one update with a lost CreateSnapshot answer left %d snapshots named before-v2 (want one, accomplished)\n%s", len(got), out)
	}
	if said := strings.Join(strings.Fields(out), " "); !strings.Contains(said, "Desktop snapshot "+got[0].SnapshotID+" of the data disk of cloud desktop "+desktop+" accomplished") {
		t.Errorf("the CLI output does not show the snapshot accomplished:\n%s", out)
	}
	if list := strings.TrimSpace(w.Run("state", "list")); list != "terraform_data.desktop_image" {
		t.Errorf("the state holds %q; an action must put nothing there", list)
	}
}
