package ecs_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// A configuration written by `terraform plan -generate-config-out` from import blocks plans with no changes,
// whatever the snapshot: plain (category standard next to instant_access = false), instant access, with
// retention, description and tags, or flash.
func TestAccSnapshot_generatedConfigPlansClean(t *testing.T) {
	acctest.Long(t)
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	env.SkipIfRealCloud(t) // creates snapshots of four of the emulator's disks
	t.Parallel()
	api := env.ECSClient(t)
	essd, other := disksByKind(t, env)
	seeds := map[string]ecsclient.CreateSnapshotInput{
		"instant": {DiskID: essd[0], InstantAccess: true, InstantAccessRetentionDays: 3},
		"flash":   {DiskID: essd[1], Category: "Flash"},
		"plain":   {DiskID: other[0]},
		"full": {DiskID: essd[2], SnapshotName: "gen-full", Description: "generated", RetentionDays: 30,
			Tags: map[string]string{"env": "prod"}},
	}
	var imports strings.Builder
	for name, in := range seeds {
		id, err := api.CreateSnapshot(t.Context(), in)
		if err != nil {
			t.Fatalf("seeding snapshot %s: %v", name, err)
		}
		fmt.Fprintf(&imports, "\nimport {\n  to = aliecs_snapshot.%s\n  id = %q\n}\n", name, id)
	}
	w := acctest.NewCLIWorkspace(t, env.ProviderConfig()+imports.String())

	w.Run("plan", "-input=false", "-no-color", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(w.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	// The case of the issue: both attributes written, as Terraform writes every optional argument.
	if !regexp.MustCompile(`category\s+=\s+"standard"`).Match(generated) || !regexp.MustCompile(`instant_access\s+=\s+false`).Match(generated) {
		t.Fatalf("the generated configuration does not hold category = \"standard\" next to instant_access = false:\n%s", generated)
	}
	if out := w.Run("apply", "-auto-approve", "-input=false", "-no-color"); !strings.Contains(out, "4 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("applying the imports changed something:\n%s\n\ngenerated configuration:\n%s", out, generated)
	}
	if code := w.PlanExitCode(); code != 0 {
		t.Fatalf("the generated configuration plans changes (see the plan above):\n%s", generated)
	}
	// Nothing is left behind; the imported snapshots are destroyed as any other.
	w.Run("destroy", "-auto-approve", "-input=false", "-no-color")
	if left, err := api.DescribeSnapshots(t.Context(), ecsclient.DescribeSnapshotsInput{}); err != nil || len(left) != 0 {
		t.Fatalf("destroy left %d snapshots (%v)", len(left), err)
	}
}

// disksByKind splits the emulator's disks that accept snapshots into ESSDs (instant access and flash snapshots
// are for ESSDs only) and the others.
func disksByKind(t *testing.T, env *acctest.Env) (essd, other []string) {
	t.Helper()
	category := map[string]string{}
	for _, d := range backend.DefaultFixture().Disks {
		category[d.DiskID] = d.Category
	}
	for _, id := range env.DiskIDs {
		if strings.HasPrefix(category[id], "cloud_essd") {
			essd = append(essd, id)
		} else {
			other = append(other, id)
		}
	}
	if len(essd) < 3 || len(other) < 1 {
		t.Fatalf("the fixture has %d ESSDs and %d other disks that accept snapshots, want 3 and 1", len(essd), len(other))
	}
	return essd, other
}

// category in any case; the resource and the data source show one snapshot alike (category in lower case,
// no retention and no description as null), and a case-only change of category is an update, not a replacement.
func TestAccSnapshot_categoryAnyCaseMatchesDataSource(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	env.SkipIfRealCloud(t) // flash snapshots of the emulator's ESSDs
	essd, _ := disksByKind(t, env)
	config := func(category string) string {
		c := env.ProviderConfig()
		for i, name := range []string{"unset", "lower", "given"} {
			body := ""
			switch name {
			case "lower":
				body = `category = "flash"`
			case "given":
				body = fmt.Sprintf("category = %q", category)
			}
			c += fmt.Sprintf(`
resource "aliecs_snapshot" %[1]q {
  disk_id = %[2]q
  %[3]s
}

data "aliecs_snapshots" %[1]q {
  ids = [aliecs_snapshot.%[1]s.id]
}
`, name, essd[i], body)
		}
		return c
	}
	var checks []statecheck.StateCheck
	for _, name := range []string{"unset", "lower", "given"} {
		for _, attr := range []string{"category", "retention_days", "description"} {
			checks = append(checks, statecheck.CompareValuePairs(
				"aliecs_snapshot."+name, tfjsonpath.New(attr),
				"data.aliecs_snapshots."+name, tfjsonpath.New("snapshots").AtSliceIndex(0).AtMapKey(attr),
				compareSame{}))
		}
	}
	checks = append(checks,
		statecheck.ExpectKnownValue("aliecs_snapshot.unset", tfjsonpath.New("category"), knownvalue.StringExact("standard")),
		statecheck.ExpectKnownValue("aliecs_snapshot.unset", tfjsonpath.New("retention_days"), knownvalue.Null()),
		statecheck.ExpectKnownValue("aliecs_snapshot.unset", tfjsonpath.New("description"), knownvalue.Null()),
		statecheck.ExpectKnownValue("aliecs_snapshot.lower", tfjsonpath.New("category"), knownvalue.StringExact("flash")),
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{Config: config("standard"), ConfigStateChecks: checks},
			{
				// The same category in another case: kept as written, an update without a replacement.
				Config: config("Standard"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("aliecs_snapshot.given", plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("aliecs_snapshot.given", tfjsonpath.New("category"), knownvalue.StringExact("Standard")),
				},
			},
			{
				// Another category replaces it.
				Config: config("FLASH"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("aliecs_snapshot.given", plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}

// compareSame is compare.ValuesSame that also takes two nulls as the same.
type compareSame struct{}

func (compareSame) CompareValues(values ...any) error {
	if len(values) == 2 && fmt.Sprint(values[0]) == fmt.Sprint(values[1]) {
		return nil
	}
	return fmt.Errorf("resource shows %#v, data source %#v", values[0], values[1])
}

// In-place updates plan status, progress and usage as they are; a replacement plans them unknown.
func TestAccSnapshot_inPlaceUpdatePlansComputedKnown(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	env.SkipIfRealCloud(t) // moves between the emulator's resource groups
	body := func(disk, name, rg string, extra string) string {
		return env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_snapshot" "test" {
  disk_id           = %q
  snapshot_name     = %q
  resource_group_id = %q
  %s
}
`, disk, name, rg, extra)
	}
	known := func(extra ...plancheck.PlanCheck) []plancheck.PlanCheck {
		return append([]plancheck.PlanCheck{
			plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionUpdate),
			plancheck.ExpectKnownValue(resAddr, tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
			plancheck.ExpectKnownValue(resAddr, tfjsonpath.New("progress"), knownvalue.Int64Exact(100)),
			plancheck.ExpectKnownValue(resAddr, tfjsonpath.New("usage"), knownvalue.StringExact("none")),
		}, extra...)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{Config: body(env.DiskID, "acc-before", "rg-acfmzw2jz2z4fxa", "")},
			{
				Config:           body(env.DiskID, "acc-after", "rg-acfmzw2jz2z4fxa", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: known()},
			},
			{
				Config: body(env.DiskID, "acc-after", "rg-aek3ppbydwdkrvy",
					"description = \"now described\"\n  retention_days = 30\n  force_delete = true\n  tags = { env = \"prod\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: known()},
			},
			{
				Config:           body(env.DiskID, "acc-after", "rg-aek3ppbydwdkrvy", "description = \"now described\"\n  retention_days = 30"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: known()},
			},
			{
				// Another disk: a new snapshot, whose status, progress and usage nobody knows yet.
				Config: body(env.DiskIDs[1], "acc-after", "rg-aek3ppbydwdkrvy", "description = \"now described\"\n  retention_days = 30"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectUnknownValue(resAddr, tfjsonpath.New("status")),
					plancheck.ExpectUnknownValue(resAddr, tfjsonpath.New("progress")),
					plancheck.ExpectUnknownValue(resAddr, tfjsonpath.New("usage")),
				}},
			},
		},
	})
}

// Replacing a snapshot that disks were made from, while turning force_delete on in the same apply, fails with
// the advice to apply force_delete on its own first (Delete reads it from the state); once that is done, the
// replacement goes through.
func TestAccSnapshot_replaceUsedWithForceDeleteInSameApply(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	env.SkipIfRealCloud(t) // marks the snapshot used through the emulator
	var id string
	config := func(disk, extra string) string {
		return resConfigOn(env, disk, "snapshot_name = \"acc-used\"\n  "+extra)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{Config: config(env.DiskID, ""), Check: resStateID(&id)},
			{
				PreConfig: func() {
					if err := env.Emulator.Backend().SetSnapshotUsage(id, "disk"); err != nil {
						t.Fatal(err)
					}
				},
				Config:      config(env.DiskIDs[1], "force_delete = true"),
				ExpectError: wrapped(`(?s)was used to create disks.*force_delete is read from the state saved by the last apply.*force_delete has to be applied first, on its own`),
			},
			{
				// As the message says: force_delete alone first...
				PreConfig: func() {
					if _, ok := env.Emulator.Backend().Snapshot(id); !ok {
						t.Fatalf("snapshot %s is gone after the refused replacement", id)
					}
				},
				Config: config(env.DiskID, "force_delete = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionUpdate)},
				},
			},
			{
				// ...then the replacement.
				Config: config(env.DiskIDs[1], "force_delete = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(*terraform.State) error {
					if _, ok := env.Emulator.Backend().Snapshot(id); ok {
						return fmt.Errorf("the replaced snapshot %s still exists", id)
					}
					return nil
				},
			},
		},
	})
}

// resConfigOn is resConfig on another disk.
func resConfigOn(env *acctest.Env, disk, body string) string {
	return env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_snapshot" "test" {
  disk_id = %q
  %s
}
`, disk, body)
}

// An import ID is checked at plan: a malformed one names the expected form, a well-formed one that does not
// exist says so, without Terraform's generic wording.
func TestAccSnapshot_importIDChecked(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	importConfig := func(id string) string {
		return fmt.Sprintf(`
import {
  to = aliecs_snapshot.test
  id = %q
}
`, id) + resConfig(env, "")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config:      importConfig("snap-bp1"),
				PlanOnly:    true,
				ExpectError: wrapped(`The import ID "snap-bp1" is not a snapshot ID: it must be a snapshot ID: "s-" followed by lower-case letters and digits`),
			},
			{
				Config:      importConfig("S-BP1"),
				PlanOnly:    true,
				ExpectError: wrapped(`The import ID "S-BP1" is not a snapshot ID`),
			},
			{
				Config:   importConfig("s-bp1doesnotexist0000"),
				PlanOnly: true,
				ExpectError: wrapped(`Cannot import snapshot s-bp1doesnotexist0000: there is no snapshot with this ID in region ` +
					regexp.QuoteMeta(env.Region())),
			},
		},
	})
}

// Through the CLI: terraform's plan of an unchanged snapshot is answered by the kit (framework.ResourceSpec
// UnchangedPlan), which the provider's DEBUG log says, and is empty; once the provider's default_tags change, the
// kit leaves the plan to the framework, which plans tags_all. The refresh's read is the kit's in both plans (its
// answer does not depend on the configuration), and so are the upgrade of the state terraform stored and the
// validation of the configuration. Run under every
// CLI CI tests (1.5.7, 1.11, 1.15, OpenTofu), so that each is seen to send the proposed state byte for byte as the
// prior state, and its reads and stored states in the forms the kit answers.
func TestAccSnapshot_planOfUnchangedAnsweredByTheKit(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	t.Parallel()
	config := func(team string) string {
		return env.ProviderConfigWith(fmt.Sprintf("default_tags {\n    tags = { team = %q }\n  }", team)) + fmt.Sprintf(`
resource "aliecs_snapshot" "kept" {
  disk_id = %q
  tags    = { env = "dev" }
}
`, env.DiskID)
	}
	w := acctest.NewCLIWorkspace(t, config("core"))
	w.Run("apply", "-auto-approve", "-input=false", "-no-color")
	const answered = "plan of an unchanged object answered by the kit"
	const read = "read answered by the kit"
	plan := func() (int, string) {
		logFile := filepath.Join(w.Dir, "provider.log")
		_ = os.Remove(logFile)
		cmd := w.Command("plan", "-detailed-exitcode", "-input=false", "-no-color")
		cmd.Env = append(slices.Clone(cmd.Env), "TF_LOG_PROVIDER=DEBUG", "TF_LOG_PATH="+logFile)
		out, err := cmd.CombinedOutput()
		code := 0
		if exitErr, ok := errors.AsType[*exec.ExitError](err); ok {
			code = exitErr.ExitCode()
		} else if err != nil {
			t.Fatalf("terraform plan: %v\n%s", err, out)
		}
		log, err := os.ReadFile(logFile)
		if err != nil {
			t.Fatal(err)
		}
		return code, string(out) + string(log)
	}
	const upgraded, validated = "state upgrade answered by the kit", "configuration validation answered by the kit"
	if code, out := plan(); code != 0 || !strings.Contains(out, answered) || !strings.Contains(out, read) || !strings.Contains(out, upgraded) ||
		!strings.Contains(out, validated) {
		t.Fatalf("plan of the unchanged snapshot: exit %d (want 0), answered by the kit: %v, read by the kit: %v, upgraded by the kit: %v, validated by the kit: %v (want all four)\n%s",
			code, strings.Contains(out, answered), strings.Contains(out, read), strings.Contains(out, upgraded), strings.Contains(out, validated), out)
	}
	w.SetConfig(config("platform"))
	code, out := plan()
	if code != 2 || strings.Contains(out, answered) || !strings.Contains(out, `"platform"`) || !strings.Contains(out, read) {
		t.Fatalf("plan after default_tags changed: exit %d (want 2), answered by the kit: %v (want false), tags_all planned with \"platform\": %v, read by the kit: %v (want true)\n%s",
			code, strings.Contains(out, answered), strings.Contains(out, `"platform"`), strings.Contains(out, read), out)
	}
}
