package ecs_test

import (
	"fmt"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// TestAccSnapshot_systemTags: tags the cloud adds to a snapshot (acs:..., aliyun...) show no difference, stay
// through an update of the user's tags, are left out of the data source's tags, and do not stop an import.
func TestAccSnapshot_systemTags(t *testing.T) {
	acctest.Long(t)
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // only the emulator lets a test play the cloud's part
	api := env.ECSClient(t)
	var id string
	systemTags := map[string]string{"acs:tag:createdby": "26842", "aliyunStackId": "stack-1"}

	// apiTags are the snapshot's tags as DescribeSnapshots answers them.
	apiTags := func(want map[string]string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			found, err := api.DescribeSnapshots(t.Context(), ecsclient.DescribeSnapshotsInput{SnapshotIDs: []string{id}})
			if err != nil {
				return err
			}
			if len(found) != 1 {
				return fmt.Errorf("DescribeSnapshots found %d snapshots with ID %s", len(found), id)
			}
			if !maps.Equal(found[0].Tags, want) {
				return fmt.Errorf("the API has tags %v, want %v", found[0].Tags, want)
			}
			return nil
		}
	}
	with := func(user map[string]string) map[string]string {
		out := maps.Clone(systemTags)
		maps.Copy(out, user)
		return out
	}
	exactTags := func(kv map[string]string) knownvalue.Check {
		checks := map[string]knownvalue.Check{}
		for k, v := range kv {
			checks[k] = knownvalue.StringExact(v)
		}
		return knownvalue.MapExact(checks)
	}
	dataSource := `
data "aliecs_snapshots" "mine" {
  ids = [aliecs_snapshot.test.id]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: resConfig(env, `  tags = { env = "test" }`),
				Check:  resStateID(&id),
			},
			{
				// The cloud adds its tags, the resource group's among them: the next plan must be empty.
				PreConfig: func() {
					s, ok := env.Emulator.Backend().Snapshot(id)
					if !ok {
						t.Fatalf("snapshot %s not in the emulator", id)
					}
					systemTags["acs:rm:rgId"] = s.ResourceGroupId
					if err := env.Emulator.Backend().SetSystemTags(id, systemTags); err != nil {
						t.Fatal(err)
					}
				},
				Config: resConfig(env, `  tags = { env = "test" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags"), exactTags(map[string]string{"env": "test"})),
				},
				Check: func(st *terraform.State) error { return apiTags(with(map[string]string{"env": "test"}))(st) },
			},
			{
				// Changing and removing the user's tags leaves the cloud's in place.
				Config: resConfig(env, `  tags = { team = "a" }`) + dataSource,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags"), exactTags(map[string]string{"team": "a"})),
					statecheck.ExpectKnownValue("data.aliecs_snapshots.mine", tfjsonpath.New("snapshots").AtSliceIndex(0).AtMapKey("tags"),
						exactTags(map[string]string{"team": "a"})),
				},
				Check: func(st *terraform.State) error { return apiTags(with(map[string]string{"team": "a"}))(st) },
			},
			{
				// Removing every user tag: still no UntagResources of the cloud's.
				Config: resConfig(env, ``),
				Check:  func(st *terraform.State) error { return apiTags(with(nil))(st) },
			},
			{
				Config: resConfig(env, `  tags = { team = "b" }`),
				Check:  func(st *terraform.State) error { return apiTags(with(map[string]string{"team": "b"}))(st) },
			},
			{
				ResourceName:            resAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_delete", "timeouts"},
			},
			{
				ResourceName:    resAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				// The configuration terraform generates from the import must plan with no change: a system tag in
				// it would fail the tags' own validation.
				ResourceName:    resAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
				Config:          env.ProviderConfig(),
			},
		},
	})
}
