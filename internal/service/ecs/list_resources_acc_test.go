package ecs_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

// kitConfig makes one of each ECS object a list resource finds: a snapshot of the data disk, a group of the instance
// (whose two snapshots the snapshot list must leave out), a policy and its attachment to the data disk.
func kitConfig(env *acctest.Env) string {
	return env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_snapshot" "one" {
  disk_id       = %[1]q
  snapshot_name = "acc-list-one"
  tags          = { listed = "yes" }
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
`, groupDataDisk, groupInstance, weekdaysHCL)
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
  provider = aliecs
  config {
    instance_id = "` + groupInstance + `"
    name_regex  = "^acc-list"
  }
}
list "aliecs_auto_snapshot_policy" "all" {
  provider = aliecs
}
list "aliecs_auto_snapshot_policy_attachment" "all" {
  provider = aliecs
  config {
    disk_id = "` + groupDataDisk + `"
  }
}
list "aliecs_snapshot_copy" "all" {
  provider = aliecs
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
					querycheck.ExpectLength("aliecs_auto_snapshot_policy.all", 1),
					querycheck.ExpectIdentity("aliecs_auto_snapshot_policy.all", idOf("sp")),
					querycheck.ExpectLength("aliecs_auto_snapshot_policy_attachment.all", 1),
					querycheck.ExpectIdentity("aliecs_auto_snapshot_policy_attachment.all", map[string]knownvalue.Check{
						"auto_snapshot_policy_id": knownvalue.StringRegexp(regexp.MustCompile(`^sp-`)),
						"disk_id":                 knownvalue.StringExact(groupDataDisk),
						"region":                  knownvalue.StringExact(region),
					}),
					querycheck.ExpectLength("aliecs_snapshot_copy.all", 0),
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
		},
	})
}
