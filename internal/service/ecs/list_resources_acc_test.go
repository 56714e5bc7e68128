package ecs_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// kitConfig makes one of each ECS object a list resource finds: a snapshot of the data disk, its copy in the same
// region (which the snapshot list must leave out), a group of the instance (whose two snapshots it must leave out
// too), a policy and its attachment to the data disk.
func kitConfig(env *acctest.Env) string {
	return env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_snapshot" "one" {
  disk_id       = %[1]q
  snapshot_name = "acc-list-one"
  tags          = { listed = "yes" }
}

resource "aliecs_snapshot_copy" "c" {
  source_snapshot_id = aliecs_snapshot.one.id
  source_region_id   = %[4]q
  snapshot_name      = "acc-list-copy"
  encrypted          = true # a copy within its source's region must be encrypted
}

resource "aliecs_snapshot_group" "g" {
  instance_id = %[2]q
  name        = "acc-list-group"
  depends_on  = [aliecs_snapshot.one] # a disk takes one snapshot at a time
}

resource "aliecs_auto_snapshot_policy" "p" {
  name            = "acc-list-policy"
  time_points     = [1]
  repeat_weekdays = %[3]s
  retention_days  = 7
}

resource "aliecs_auto_snapshot_policy_attachment" "a" {
  auto_snapshot_policy_id = aliecs_auto_snapshot_policy.p.id
  disk_id                 = %[1]q
}
`, groupDataDisk, groupInstance, weekdaysHCL, env.Region())
}

// Every ECS list resource finds what it should own and nothing else, with identities that name the provider's
// region, names to show, and (include_resource) the object that import and Read give.
func TestAccListResources_query(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // counts what the region holds: only the emulator's region is known to hold nothing else
	region := env.Region()
	idOf := func(prefix string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"id": knownvalue.StringRegexp(regexp.MustCompile(`^` + prefix + `-[0-9a-z]+$`)),
			"region": knownvalue.StringExact(region)}
	}
	attachmentIdentity := map[string]knownvalue.Check{
		"auto_snapshot_policy_id": knownvalue.StringRegexp(regexp.MustCompile(`^sp-`)),
		"disk_id":                 knownvalue.StringExact(groupDataDisk),
		"region":                  knownvalue.StringExact(region),
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0), acctest.SkipOpenTofu("terraform query")},
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{
			{Config: kitConfig(env)},
			{
				Query: true,
				Config: `
list "aliecs_snapshot" "all" {
  provider         = aliecs
  include_resource = true
}
list "aliecs_snapshot" "untagged" {
  provider = aliecs
  config {
    tags = { listed = "no" }
  }
}
list "aliecs_snapshot_group" "all" {
  provider         = aliecs
  include_resource = true
  config {
    instance_id = "` + groupInstance + `"
    name_regex  = "^acc-list"
  }
}
list "aliecs_auto_snapshot_policy" "all" {
  provider         = aliecs
  include_resource = true
}
list "aliecs_auto_snapshot_policy_attachment" "all" {
  provider         = aliecs
  include_resource = true
  config {
    disk_id = "` + groupDataDisk + `"
  }
}
list "aliecs_snapshot_copy" "all" {
  provider         = aliecs
  include_resource = true
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					// The group's two snapshots and the automatic ones are not the snapshot resource's.
					querycheck.ExpectLength("aliecs_snapshot.all", 1),
					querycheck.ExpectIdentity("aliecs_snapshot.all", idOf("s")),
					querycheck.ExpectResourceDisplayName("aliecs_snapshot.all", queryfilter.ByResourceIdentity(idOf("s")),
						knownvalue.StringRegexp(regexp.MustCompile(`^acc-list-one \(s-[0-9a-z]+\)$`))),
					querycheck.ExpectResourceKnownValues("aliecs_snapshot.all", queryfilter.ByResourceIdentity(idOf("s")), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("snapshot_name"), KnownValue: knownvalue.StringExact("acc-list-one")},
						{Path: tfjsonpath.New("disk_id"), KnownValue: knownvalue.StringExact(groupDataDisk)},
						{Path: tfjsonpath.New("force_delete"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("tags"), KnownValue: knownvalue.MapExact(map[string]knownvalue.Check{"listed": knownvalue.StringExact("yes")})},
					}),
					querycheck.ExpectLength("aliecs_snapshot.untagged", 0),
					querycheck.ExpectLength("aliecs_snapshot_group.all", 1),
					querycheck.ExpectIdentity("aliecs_snapshot_group.all", idOf("ssg")),
					// The group's import writes the private state its first plan reads; run outside Terraform's
					// protocol (include_resource), that import has none, and must not fail for it.
					querycheck.ExpectResourceKnownValues("aliecs_snapshot_group.all", queryfilter.ByResourceIdentity(idOf("ssg")), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("instance_id"), KnownValue: knownvalue.StringExact(groupInstance)},
					}),
					// include_resource on every type: each one's import and Read, run outside Terraform's protocol,
					// give the object the resource's own import gives.
					querycheck.ExpectLength("aliecs_auto_snapshot_policy.all", 1),
					querycheck.ExpectIdentity("aliecs_auto_snapshot_policy.all", idOf("sp")),
					querycheck.ExpectResourceKnownValues("aliecs_auto_snapshot_policy.all", queryfilter.ByResourceIdentity(idOf("sp")), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("acc-list-policy")},
						{Path: tfjsonpath.New("retention_days"), KnownValue: knownvalue.Int64Exact(7)},
					}),
					querycheck.ExpectLength("aliecs_auto_snapshot_policy_attachment.all", 1),
					querycheck.ExpectIdentity("aliecs_auto_snapshot_policy_attachment.all", attachmentIdentity),
					querycheck.ExpectResourceKnownValues("aliecs_auto_snapshot_policy_attachment.all", queryfilter.ByResourceIdentity(attachmentIdentity), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("disk_id"), KnownValue: knownvalue.StringExact(groupDataDisk)},
						{Path: tfjsonpath.New("auto_snapshot_policy_id"), KnownValue: knownvalue.StringRegexp(regexp.MustCompile(`^sp-`))},
					}),
					querycheck.ExpectLength("aliecs_snapshot_copy.all", 1),
					querycheck.ExpectIdentity("aliecs_snapshot_copy.all", idOf("s")),
					querycheck.ExpectResourceKnownValues("aliecs_snapshot_copy.all", queryfilter.ByResourceIdentity(idOf("s")), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("snapshot_name"), KnownValue: knownvalue.StringExact("acc-list-copy")},
						{Path: tfjsonpath.New("source_snapshot_id"), KnownValue: knownvalue.StringRegexp(regexp.MustCompile(`^s-`))},
						{Path: tfjsonpath.New("source_region_id"), KnownValue: knownvalue.StringExact(region)},
						{Path: tfjsonpath.New("encrypted"), KnownValue: knownvalue.Bool(true)},
					}),
				},
			},
		},
	})
}

// Each ECS resource imports by identity (an import block with identity = {...}, Terraform 1.12+) to the state
// import by ID gives.
func TestAccResourceIdentity_importBlock(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	step := func(addr string, ignore ...string) resource.TestStep {
		return resource.TestStep{ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
			ImportStateVerifyIgnore: ignore}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{
			{Config: kitConfig(env)},
			step("aliecs_snapshot.one", "force_delete", "timeouts"),
			step("aliecs_snapshot_group.g", "timeouts", "force_delete"),
			step("aliecs_auto_snapshot_policy.p"),
			step("aliecs_auto_snapshot_policy_attachment.a"),
			step("aliecs_snapshot_copy.c", "timeouts"),
		},
	})
}

// Adopting what exists: three snapshots and a policy made outside Terraform are found by terraform query, the
// configuration it generates (-generate-config-out) imports all four in one apply with nothing added, and the next
// plan is clean. plugin-testing's Query steps do not pass -generate-config-out, so this runs the CLI itself.
func TestAccListResources_generateConfig(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // counts what the region holds
	if v := acctest.TerraformVersion(t); v.LessThan(tfversion.Version1_14_0) || acctest.IsOpenTofu() {
		t.Skipf("terraform query needs Terraform 1.14 or later (this is %s%s)", v, map[bool]string{true: ", OpenTofu"}[acctest.IsOpenTofu()])
	}
	api := env.ECSClient(t)
	ctx := t.Context()
	var made []string
	for i := range 3 {
		id, err := api.CreateSnapshot(ctx, ecsclient.CreateSnapshotInput{DiskID: env.DiskIDs[i%len(env.DiskIDs)],
			SnapshotName: fmt.Sprintf("adopt-%d", i), Description: "made outside Terraform", Tags: map[string]string{"team": "data"}})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, id)
	}
	name, retention := "adopt-policy", 7
	policy, err := api.CreateAutoSnapshotPolicy(ctx, ecsclient.AutoSnapshotPolicyInput{Name: &name, TimePoints: []int{2},
		RepeatWeekdays: []int{1, 3, 5}, RetentionDays: &retention})
	if err != nil {
		t.Fatal(err)
	}
	made = append(made, policy)

	w := acctest.NewCLIWorkspace(t, env.ProviderConfig())
	query := `
list "aliecs_snapshot" "adopt" {
  provider = aliecs
  config {
    name_regex = "^adopt-"
  }
}
list "aliecs_auto_snapshot_policy" "adopt" {
  provider = aliecs
}
`
	if err := os.WriteFile(filepath.Join(w.Dir, "adopt.tfquery.hcl"), []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	out := w.Run("query", "-no-color", "-generate-config-out=generated.tf")
	for _, id := range made {
		if !strings.Contains(out, id) {
			t.Errorf("terraform query does not show %s:\n%s", id, out)
		}
	}
	generated, err := os.ReadFile(filepath.Join(w.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(generated), "import {"); n != 4 {
		t.Fatalf("generated.tf has %d import blocks, want 4:\n%s", n, generated)
	}
	// The query file would be read by plan and apply as well; generated.tf is the configuration from now on.
	if err := os.Remove(filepath.Join(w.Dir, "adopt.tfquery.hcl")); err != nil {
		t.Fatal(err)
	}
	if out := w.Run("apply", "-auto-approve", "-no-color", "-input=false"); !strings.Contains(out, "Resources: 4 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Fatalf("apply of the generated configuration:\n%s\ngenerated.tf:\n%s", out, generated)
	}
	if code := w.PlanExitCode(); code != 0 {
		t.Fatalf("the plan after adopting is not clean (exit code %d); generated.tf:\n%s", code, generated)
	}
}
