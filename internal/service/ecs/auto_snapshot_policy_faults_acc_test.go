package ecs_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
)

// policiesNamedLike lists, through the API, the region's policies whose name starts with prefix, sorted by ID.
func policiesNamedLike(api ecsclient.Client, prefix string) ([]ecsclient.AutoSnapshotPolicy, error) {
	all, err := api.DescribeAutoSnapshotPolicies(context.Background(), ecsclient.DescribeAutoSnapshotPoliciesInput{})
	if err != nil {
		return nil, err
	}
	var out []ecsclient.AutoSnapshotPolicy
	for _, p := range all {
		if strings.HasPrefix(p.Name, prefix) {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// statePolicyIDs are the IDs of every aliecs_auto_snapshot_policy of the state, sorted.
func statePolicyIDs(st *terraform.State) []string {
	var ids []string
	for _, rs := range st.RootModule().Resources {
		if rs.Type == "aliecs_auto_snapshot_policy" {
			ids = append(ids, rs.Primary.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// expectPoliciesExactly checks through the API that the policies named with prefix are the state's and, besides
// them, exactly others (made outside Terraform); that there are want in the state; and that none carries the
// create marker.
func expectPoliciesExactly(api ecsclient.Client, prefix string, want int, others ...string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		found, err := policiesNamedLike(api, prefix)
		if err != nil {
			return err
		}
		var ids []string
		for _, p := range found {
			if _, marked := p.Tags[client.AttemptMarkerKey]; marked {
				return fmt.Errorf("policy %s still carries the create marker: tags %v", p.ID, p.Tags)
			}
			if !slices.Contains(others, p.ID) {
				ids = append(ids, p.ID)
			}
		}
		inState := statePolicyIDs(st)
		if len(inState) != want || !slices.Equal(inState, ids) || len(found) != want+len(others) {
			return fmt.Errorf("state holds %d policies %v; the API %d named %s*: %v besides %v; want the state's %d and those",
				len(inState), inState, len(found), prefix, ids, others, want)
		}
		return nil
	}
}

// expectNoPoliciesBut checks through the API that, of the policies named with prefix, only keep are left.
func expectNoPoliciesBut(api ecsclient.Client, prefix string, keep ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		found, err := policiesNamedLike(api, prefix)
		if err != nil {
			return err
		}
		var left []string
		for _, p := range found {
			left = append(left, p.ID)
		}
		if !slices.Equal(left, keep) {
			return fmt.Errorf("after destroy the API has %v named %s*, want %v", left, prefix, keep)
		}
		return nil
	}
}

const lostAnswerPolicies = 5

// The storm of CreateAutoSnapshotPolicy: every create loses its first answer after the emulator made the policy.
// The API takes no idempotency token; each create finds the policy its lost attempt made, by its marker, so that
// after apply the API holds exactly one policy per resource, the state has each, their tags show no marker, the
// next plan is clean, and destroy leaves none.
func TestAccAutoSnapshotPolicy_lostCreateAnswers(t *testing.T) {
	acctest.Long(t)
	env, log := acctest.StartFaultEmulator(t, time.Second, nil)
	api := env.ECSClient(t)
	config := env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_auto_snapshot_policy" "storm" {
  count           = %d
  name            = "storm-${count.index}"
  time_points     = [2]
  repeat_weekdays = [1]
  retention_days  = 7
  tags = {
    env = "storm"
  }
}
`, lostAnswerPolicies)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             expectNoPoliciesBut(api, "storm-"),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if err := env.Emulator.SetFaults([]emulator.Fault{{
						Action: "CreateAutoSnapshotPolicy", Mode: emulator.FaultDropAfter, Count: lostAnswerPolicies,
					}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("aliecs_auto_snapshot_policy.storm[0]", tfjsonpath.New("tags"),
						knownvalue.MapExact(map[string]knownvalue.Check{"env": knownvalue.StringExact("storm")})),
					statecheck.ExpectKnownValue("aliecs_auto_snapshot_policy.storm[4]", tfjsonpath.New("tags_all"),
						knownvalue.MapExact(map[string]knownvalue.Check{"env": knownvalue.StringExact("storm")})),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						if n := log.Count(acctest.FaultDropAfter, "CreateAutoSnapshotPolicy"); n != lostAnswerPolicies {
							return fmt.Errorf("%d CreateAutoSnapshotPolicy answers lost after the backend acted, want %d (faults: %v)",
								n, lostAnswerPolicies, log.Snapshot())
						}
						return nil
					},
					expectPoliciesExactly(api, "storm-", lostAnswerPolicies),
				),
			},
			{
				// Refreshed and planned again with nothing changed: still one policy each, nothing to do.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: expectPoliciesExactly(api, "storm-", lostAnswerPolicies),
			},
		},
	})
}

// A policy of the same name made by the user exists when the create loses its answer: it is not adopted. The
// resource gets the policy its own attempt made, and destroy leaves the user's policy alone.
func TestAccAutoSnapshotPolicy_lostCreateAnswerNeverAdoptsUsersPolicy(t *testing.T) {
	acctest.Long(t)
	env, log := acctest.StartFaultEmulator(t, time.Second, nil)
	api := env.ECSClient(t)
	users, err := api.CreateAutoSnapshotPolicy(context.Background(), ecsclient.AutoSnapshotPolicyInput{
		Name: new("mine-daily"), TimePoints: []int{2}, RepeatWeekdays: []int{1}, RetentionDays: new(7),
		Tags: map[string]string{"env": "storm"},
	})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             expectNoPoliciesBut(api, "mine-", users),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if err := env.Emulator.SetFaults([]emulator.Fault{{
						Action: "CreateAutoSnapshotPolicy", Mode: emulator.FaultDropAfter, Count: 1,
					}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: policyConfig(env, "", `
  name            = "mine-daily"
  time_points     = [2]
  repeat_weekdays = [1]
  retention_days  = 7
  tags = {
    env = "storm"
  }
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(st *terraform.State) error {
						if n := log.Count(acctest.FaultDropAfter, "CreateAutoSnapshotPolicy"); n != 1 {
							return fmt.Errorf("%d answers lost after the backend acted, want 1", n)
						}
						if ids := statePolicyIDs(st); len(ids) != 1 || ids[0] == users {
							return fmt.Errorf("state holds %v: the user's policy %s must not be adopted", ids, users)
						}
						return nil
					},
					expectPoliciesExactly(api, "mine-", 1, users),
				),
			},
		},
	})
}

// UntagResources refuses to remove the marker after the create: the policy keeps it in the API, and the state's
// tags and tags_all do not show it, so the next plan is clean.
func TestAccAutoSnapshotPolicy_createMarkerLeftIsHidden(t *testing.T) {
	acctest.Long(t)
	env, _ := acctest.StartFaultEmulator(t, time.Second, nil)
	api := env.ECSClient(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             expectNoPoliciesBut(api, "marked-"),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if err := env.Emulator.SetFaults([]emulator.Fault{{
						Action: "UntagResources", Code: "Forbidden.RAM", HTTPStatus: http.StatusForbidden,
						Message: "User not authorized to operate on the specified resource.",
					}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: policyConfig(env, "", `
  name            = "marked-daily"
  time_points     = [2]
  repeat_weekdays = [1]
  retention_days  = 7
  tags = {
    env = "test"
  }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("tags"),
						knownvalue.MapExact(map[string]knownvalue.Check{"env": knownvalue.StringExact("test")})),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("tags_all"),
						knownvalue.MapExact(map[string]knownvalue.Check{"env": knownvalue.StringExact("test")})),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: policyAPI(t, env, func(p ecsclient.AutoSnapshotPolicy) error {
					if _, marked := p.Tags[client.AttemptMarkerKey]; !marked || p.Tags["env"] != "test" {
						return fmt.Errorf("API tags %v: want env=test and the marker left by the failed removal", p.Tags)
					}
					return nil
				}),
			},
		},
	})
}
