package ecs_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// The reference does not say whether DescribeAutoSnapshotPolicyEx answers the default resource group and an empty
// CopyEncryptionConfiguration for a policy created without them, or leaves both out; the emulator does either
// (backend.PolicyDefaultsShow / PolicyDefaultsOmit). Under both, a policy without them plans clean after create,
// after cross-region copy is turned on without copy_encryption, after it joins a group and after resource_group_id
// is removed from the configuration, and imports to the same state.
func TestAccAutoSnapshotPolicy_policyDefaultsBothWays(t *testing.T) {
	acctest.Long(t)
	t.Parallel()
	for _, mode := range []string{backend.PolicyDefaultsShow, backend.PolicyDefaultsOmit} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			env := acctest.NewWithOptions(t, acctest.Options{PolicyDefaults: mode})
			env.SkipIfRealCloud(t) // picks the emulator's answer; joins its second resource group
			if got := env.Emulator.Backend().PolicyDefaults(); got != mode {
				t.Fatalf("the emulator answers policies in mode %q, want %q", got, mode)
			}
			group := knownvalue.Check(knownvalue.StringExact("rg-acfmzw2jz2z4fxa")) // the fixture's default group
			if mode == backend.PolicyDefaultsOmit {
				group = knownvalue.Null()
			}
			copying := policyBasic + `
  enable_cross_region_copy = true
  target_copy_regions      = ["cn-shanghai"]
`
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.Factories,
				CheckDestroy:             policyCheckDestroyed(t, env),
				Steps: []resource.TestStep{
					{
						Config: policyConfig(env, "", policyBasic),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("resource_group_id"), group),
							statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("copy_encryption"), knownvalue.Null()),
						},
						Check: policyAPI(t, env, func(p ecsclient.AutoSnapshotPolicy) error {
							if (mode == backend.PolicyDefaultsOmit) != (p.ResourceGroupID == "") {
								return fmt.Errorf("mode %s: the API answers resource group %q", mode, p.ResourceGroupID)
							}
							return nil
						}),
					},
					{ResourceName: policyAddr, ImportState: true, ImportStateVerify: true},
					{
						Config: policyConfig(env, "", copying),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(policyAddr, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("copy_encryption"), knownvalue.Null()),
							statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("copied_snapshots_retention_days"), knownvalue.Int64Exact(-1)),
							statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("resource_group_id"), group),
						},
					},
					{
						Config: policyConfig(env, "", copying+`  resource_group_id = "rg-aek2bsxtc4tgwfq"
`),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("resource_group_id"), knownvalue.StringExact("rg-aek2bsxtc4tgwfq")),
						},
					},
					{
						// Removed from the configuration: the policy stays in its group, and nothing is planned.
						Config:           policyConfig(env, "", copying),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("resource_group_id"), knownvalue.StringExact("rg-aek2bsxtc4tgwfq")),
						},
					},
					{ResourceName: policyAddr, ImportState: true, ImportStateVerify: true},
				},
			})
		})
	}
}
