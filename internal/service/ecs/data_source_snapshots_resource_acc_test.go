package ecs_test

import (
	"fmt"
	"testing"

	sdkacctest "github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

// TestAccSnapshotsDataSource_resource finds snapshots that aliecs_snapshot made, the way a configuration
// would; it needs no emulator control, so it runs against the real cloud as well.
func TestAccSnapshotsDataSource_resource(t *testing.T) {
	env := acctest.New(t)
	name := sdkacctest.RandomWithPrefix("dsacc")
	config := env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_snapshot" "first" {
  disk_id       = %[1]q
  snapshot_name = "%[2]s-first"
  description   = "aliecs_snapshots acceptance test"
  tags          = { test = %[2]q, order = "first" }
}

resource "aliecs_snapshot" "second" {
  # One snapshot of a disk at a time: the second starts when the first is done.
  disk_id       = aliecs_snapshot.first.disk_id
  snapshot_name = "%[2]s-second"
  tags          = { test = %[2]q, order = "second" }
}

data "aliecs_snapshots" "by_tag" {
  disk_id = %[1]q
  tags    = { test = %[2]q }
  # Read after both exist.
  ids     = [aliecs_snapshot.first.id, aliecs_snapshot.second.id]
}

data "aliecs_snapshots" "latest" {
  disk_id     = %[1]q
  name_regex  = "^%[2]s-"
  most_recent = true
  depends_on  = [aliecs_snapshot.second]
}
`, env.DiskID, name)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.aliecs_snapshots.by_tag", tfjsonpath.New("total_count"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue("data.aliecs_snapshots.by_tag", tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact(name + "-second"), knownvalue.StringExact(name + "-first"),
				})),
				statecheck.ExpectKnownValue("data.aliecs_snapshots.by_tag", tfjsonpath.New("snapshots").AtSliceIndex(1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"description":    knownvalue.StringExact("aliecs_snapshots acceptance test"),
					"status":         knownvalue.StringExact("accomplished"),
					"progress":       knownvalue.Int64Exact(100),
					"source_disk_id": knownvalue.StringExact(env.DiskID),
					"snapshot_type":  knownvalue.StringExact("user"),
					"tags": knownvalue.MapExact(map[string]knownvalue.Check{
						"test": knownvalue.StringExact(name), "order": knownvalue.StringExact("first"),
					}),
				})),
				statecheck.ExpectKnownValue("data.aliecs_snapshots.latest", tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact(name + "-second"),
				})),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttrPair("data.aliecs_snapshots.by_tag", "ids.1", "aliecs_snapshot.first", "id"),
				resource.TestCheckResourceAttrPair("data.aliecs_snapshots.by_tag", "ids.0", "aliecs_snapshot.second", "id"),
				resource.TestCheckResourceAttrPair("data.aliecs_snapshots.latest", "snapshots.0.creation_time", "aliecs_snapshot.second", "creation_time"),
			),
		}},
	})
}

// TestAccSnapshotsDataSource_apiError shows the API's answer to a filter it refuses, dry run or not.
func TestAccSnapshotsDataSource_apiError(t *testing.T) {
	env := acctest.New(t)
	config := func(dryRun bool) string {
		return dsConfig(env, map[string]string{"unknown_chain": fmt.Sprintf(`
  snapshot_link_id = "sl-dsaccdoesnotexist"
  dry_run          = %t`, dryRun)})
	}
	want := dsPhrase("ECS DescribeSnapshots failed: InvalidSnapshotLinkId.NotFound")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{
			{Config: config(false), ExpectError: want},
			// A dry run checks the parameters too: only a request that would pass counts as success.
			{Config: config(true), ExpectError: want},
		},
	})
}
