package ecs_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

// Every action example of the registry pages runs as written against the emulator's default fixture: applied, then
// invoked the way its comments say (the trigger of the runbook fires on the apply itself).
func TestAccActionExamples_runAsWritten(t *testing.T) {
	acctest.PreCheck(t)
	acctest.SkipWithoutActions(t)
	t.Parallel()
	cases := map[string]struct {
		invokes []string // run in order after the apply
	}{
		"aliecs_create_snapshot":         {},
		"aliecs_create_snapshot_group":   {invokes: []string{"action.aliecs_create_snapshot_group.db"}},
		"aliecs_create_desktop_snapshot": {invokes: []string{"action.aliecs_create_desktop_snapshot.workstation"}},
		"aliecs_stop_instance":           {invokes: []string{"action.aliecs_stop_instance.batch"}},
		"aliecs_reset_disk": {invokes: []string{"action.aliecs_stop_instance.web", "action.aliecs_reset_disk.web",
			"action.aliecs_start_instance.web"}},
		"aliecs_start_instance": {},
	}
	entries, err := os.ReadDir(filepath.Join("..", "..", "..", "examples", "actions"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(cases) {
		t.Errorf("examples/actions has %d examples, the test knows %d: add the new one here", len(entries), len(cases))
	}
	for _, e := range entries {
		name := e.Name()
		tc, known := cases[name]
		if !known {
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			env.SkipIfRealCloud(t) // the examples name the emulator's instances and disks
			example, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "actions", name, "action.tf"))
			if err != nil {
				t.Fatal(err)
			}
			w := acctest.NewCLIWorkspace(t, env.ProviderConfig()+string(example))
			out := w.Run("apply", "-auto-approve", "-input=false", "-no-color")
			for _, action := range tc.invokes {
				out = w.Run("apply", "-invoke="+action, "-auto-approve", "-input=false", "-no-color")
				if !strings.Contains(out, "Action started: "+action) {
					t.Errorf("-invoke=%s did not run the action:\n%s", action, out)
				}
			}
			if name == "aliecs_create_snapshot" {
				// The trigger fires on an update: change the release.
				w.SetConfig(env.ProviderConfig() + strings.Replace(string(example), "release-2026-12-01", "release-2026-12-08", 1))
				out = w.Run("apply", "-auto-approve", "-input=false", "-no-color")
				if !strings.Contains(out, "accomplished") {
					t.Errorf("the update did not take the snapshot:\n%s", out)
				}
			}
			if name == "aliecs_start_instance" && !strings.Contains(strings.Join(strings.Fields(out), " "), "rolled back to snapshot") {
				t.Errorf("the runbook's trigger did not roll the disk back:\n%s", out)
			}
		})
	}
}
