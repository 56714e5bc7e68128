package ecs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// Two provider configurations, one per region: each creates its snapshot in its own region, and each
// region's data source, asked for both IDs, sees only its own. In process the second configuration has a
// second provider name (acctest.ProviderNameAlternate); TestAccSnapshot_twoRegionAliasesCLI runs the same
// with two aliases of one provider under the terraform CLI.
func TestAccSnapshot_twoRegions(t *testing.T) {
	acctest.Long(t)
	env := acctest.New(t)
	home := env.Region()
	second, secondDisk := env.SecondRegion(t)
	config := env.ProviderConfig() + env.ProviderConfigAlternate(second) + fmt.Sprintf(`
resource "aliecs_snapshot" "home" {
  disk_id       = %q
  snapshot_name = "acc-two-regions-home"
}

resource "aliecs_snapshot" "second" {
  provider      = aliecsalternate
  disk_id       = %q
  snapshot_name = "acc-two-regions-second"
}

data "aliecs_snapshots" "home" {
  ids = [aliecs_snapshot.home.id, aliecs_snapshot.second.id]
}

data "aliecs_snapshots" "second" {
  provider = aliecsalternate
  ids      = [aliecs_snapshot.home.id, aliecs_snapshot.second.id]
}
`, env.DiskID, secondDisk)

	clients := map[string]ecsclient.Client{home: env.ECSClientIn(t, home), second: env.ECSClientIn(t, second)}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.FactoriesAlternate(),
		CheckDestroy: func(s *terraform.State) error {
			for name, region := range map[string]string{"aliecs_snapshot.home": home, "aliecs_snapshot.second": second} {
				rs, ok := s.RootModule().Resources[name]
				if !ok {
					continue
				}
				if err := snapshotGoneIn(clients[region], rs.Primary.ID); err != nil {
					return fmt.Errorf("%s in %s: %w", name, region, err)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("aliecs_snapshot.home", tfjsonpath.New("region_id"), knownvalue.StringExact(home)),
				statecheck.ExpectKnownValue("aliecs_snapshot.second", tfjsonpath.New("region_id"), knownvalue.StringExact(second)),
				statecheck.ExpectKnownValue("aliecs_snapshot.second", tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
				statecheck.ExpectKnownValue("data.aliecs_snapshots.home", tfjsonpath.New("total_count"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue("data.aliecs_snapshots.second", tfjsonpath.New("total_count"), knownvalue.Int64Exact(1)),
				statecheck.CompareValuePairs("data.aliecs_snapshots.home", tfjsonpath.New("ids").AtSliceIndex(0),
					"aliecs_snapshot.home", tfjsonpath.New("id"), compare.ValuesSame()),
				statecheck.CompareValuePairs("data.aliecs_snapshots.second", tfjsonpath.New("ids").AtSliceIndex(0),
					"aliecs_snapshot.second", tfjsonpath.New("id"), compare.ValuesSame()),
				statecheck.ExpectKnownValue("data.aliecs_snapshots.second", tfjsonpath.New("snapshots").AtSliceIndex(0).AtMapKey("region_id"),
					knownvalue.StringExact(second)),
			},
			Check: func(s *terraform.State) error {
				// Through the API too: each snapshot exists in its region only.
				homeID := s.RootModule().Resources["aliecs_snapshot.home"].Primary.ID
				secondID := s.RootModule().Resources["aliecs_snapshot.second"].Primary.ID
				for region, want := range map[string]string{home: homeID, second: secondID} {
					found, err := clients[region].DescribeSnapshots(context.Background(),
						ecsclient.DescribeSnapshotsInput{SnapshotIDs: []string{homeID, secondID}})
					if err != nil {
						return err
					}
					if len(found) != 1 || found[0].SnapshotID != want || found[0].RegionID != region {
						return fmt.Errorf("DescribeSnapshots in %s found %+v, want only %s", region, found, want)
					}
				}
				return nil
			},
		}},
	})
}

// snapshotGoneIn is nil when the API no longer knows the snapshot.
func snapshotGoneIn(c ecsclient.Client, id string) error {
	found, err := c.DescribeSnapshots(context.Background(), ecsclient.DescribeSnapshotsInput{SnapshotIDs: []string{id}})
	if err != nil {
		return err
	}
	if len(found) > 0 {
		return fmt.Errorf("snapshot %s still exists (%s)", id, found[0].Status)
	}
	return nil
}

// The same as TestAccSnapshot_twoRegions with two aliases of one provider, as users write it, under the
// terraform CLI: there each provider configuration is a plugin process of its own, which the in-process
// harness cannot give two aliases.
func TestAccSnapshot_twoRegionAliasesCLI(t *testing.T) {
	acctest.Long(t)
	t.Parallel()
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // the provider blocks point at the emulator; against the cloud TestAccSnapshot_twoRegions covers it
	home := env.Region()
	second, secondDisk := env.SecondRegion(t)
	w := acctest.NewCLIWorkspace(t, env.ProviderConfig()+env.ProviderConfigInRegion(second, `alias = "second"`)+fmt.Sprintf(`
resource "aliecs_snapshot" "home" {
  disk_id       = %q
  snapshot_name = "acc-aliases-home"
}

resource "aliecs_snapshot" "second" {
  provider      = aliecs.second
  disk_id       = %q
  snapshot_name = "acc-aliases-second"
}

data "aliecs_snapshots" "home" {
  ids = [aliecs_snapshot.home.id, aliecs_snapshot.second.id]
}

data "aliecs_snapshots" "second" {
  provider = aliecs.second
  ids      = [aliecs_snapshot.home.id, aliecs_snapshot.second.id]
}

output "found" {
  value = {
    home   = data.aliecs_snapshots.home.ids
    second = data.aliecs_snapshots.second.ids
  }
}

output "created" {
  value = {
    home   = [aliecs_snapshot.home.id, aliecs_snapshot.home.region_id]
    second = [aliecs_snapshot.second.id, aliecs_snapshot.second.region_id]
  }
}
`, env.DiskID, secondDisk))
	w.Run("apply", "-auto-approve", "-input=false", "-no-color")

	var found map[string][]string
	var created map[string][2]string
	for name, into := range map[string]any{"found": &found, "created": &created} {
		if err := json.Unmarshal([]byte(w.Run("output", "-json", name)), into); err != nil {
			t.Fatalf("output %s: %v", name, err)
		}
	}
	homeID, secondID := created["home"][0], created["second"][0]
	if created["home"][1] != home || created["second"][1] != second {
		t.Errorf("regions of the snapshots %v, want %s and %s", created, home, second)
	}
	if !slices.Equal(found["home"], []string{homeID}) || !slices.Equal(found["second"], []string{secondID}) {
		t.Errorf("each region's data source should see its own snapshot only: found %v, created %v", found, created)
	}

	w.Run("destroy", "-auto-approve", "-input=false", "-no-color")
	for region, id := range map[string]string{home: homeID, second: secondID} {
		if err := snapshotGoneIn(env.ECSClientIn(t, region), id); err != nil {
			t.Errorf("after destroy, in %s: %v", region, err)
		}
	}
}
