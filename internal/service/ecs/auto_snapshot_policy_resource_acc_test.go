package ecs_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

const policyAddr = "aliecs_auto_snapshot_policy.test"

var policyIDPattern = regexp.MustCompile(`^sp-[0-9a-z]+$`)

// policyConfig is the provider block (with extra arguments) and one aliecs_auto_snapshot_policy with body.
func policyConfig(env *acctest.Env, extra, body string) string {
	return env.ProviderConfigWith(extra) + fmt.Sprintf(`
resource "aliecs_auto_snapshot_policy" "test" {
%s
}
`, body)
}

func ints(vals ...int64) knownvalue.Check {
	checks := make([]knownvalue.Check, len(vals))
	for i, v := range vals {
		checks[i] = knownvalue.Int64Exact(v)
	}
	return knownvalue.SetExact(checks)
}

// findPolicy reads a policy through the API (not the emulator's state), so that checks hold against the real cloud.
func findPolicy(ctx context.Context, api ecsclient.Client, id string) (*ecsclient.AutoSnapshotPolicy, error) {
	found, err := api.DescribeAutoSnapshotPolicies(ctx, ecsclient.DescribeAutoSnapshotPoliciesInput{PolicyID: id})
	if err != nil {
		return nil, err
	}
	for i := range found {
		if found[i].ID == id {
			return &found[i], nil
		}
	}
	return nil, nil
}

// policyAPI checks the test's policy as the API answers it.
func policyAPI(t *testing.T, env *acctest.Env, check func(p ecsclient.AutoSnapshotPolicy) error) resource.TestCheckFunc {
	t.Helper()
	api := env.ECSClient(t)
	return func(st *terraform.State) error {
		rs, ok := st.RootModule().Resources[policyAddr]
		if !ok {
			return fmt.Errorf("%s not in the state", policyAddr)
		}
		p, err := findPolicy(context.Background(), api, rs.Primary.ID)
		if err != nil {
			return err
		}
		if p == nil {
			return fmt.Errorf("policy %s not found by the API", rs.Primary.ID)
		}
		return check(*p)
	}
}

// policyCheckDestroyed checks through the API that no policy of the state is left.
func policyCheckDestroyed(t *testing.T, env *acctest.Env) resource.TestCheckFunc {
	t.Helper()
	api := env.ECSClient(t)
	return func(st *terraform.State) error {
		for _, rs := range st.RootModule().Resources {
			if rs.Type != "aliecs_auto_snapshot_policy" {
				continue
			}
			p, err := findPolicy(context.Background(), api, rs.Primary.ID)
			if err != nil {
				return err
			}
			if p != nil {
				return fmt.Errorf("policy %s still exists after destroy", rs.Primary.ID)
			}
		}
		return nil
	}
}

const policyBasic = `
  name            = "acc-policy"
  time_points     = [2, 14]
  repeat_weekdays = [1, 2, 3, 4, 5, 6, 7]
  retention_days  = 7
  tags = {
    env = "test"
  }
`

// Create with two time points on every weekday, read everything back, import by ID (CLI and import block).
func TestAccAutoSnapshotPolicy_basicAndImport(t *testing.T) {
	env := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             policyCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: policyConfig(env, "", policyBasic),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(policyIDPattern)),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("name"), knownvalue.StringExact("acc-policy")),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("time_points"), ints(2, 14)),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("repeat_weekdays"), ints(1, 2, 3, 4, 5, 6, 7)),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("retention_days"), knownvalue.Int64Exact(7)),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("enable_cross_region_copy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("target_copy_regions"), knownvalue.Null()),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("copied_snapshots_retention_days"), knownvalue.Null()),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("copy_encryption"), knownvalue.Null()),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("association_type"), knownvalue.StringExact("AssociatedWithDisk")),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("tags"), exactTags(map[string]string{"env": "test"})),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("tags_all"), exactTags(map[string]string{"env": "test"})),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("status"), knownvalue.StringExact("Normal")),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("type"), knownvalue.StringExact("Custom")),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("disk_nums"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("volume_nums"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("region_id"), knownvalue.StringExact(env.Region())),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("creation_time"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					// resource_group_id: the default group, or null where the API leaves it out
					// (TestAccAutoSnapshotPolicy_policyDefaultsBothWays).
				},
				Check: policyAPI(t, env, func(p ecsclient.AutoSnapshotPolicy) error {
					if p.Name != "acc-policy" || !slices.Equal(p.TimePoints, []int{2, 14}) ||
						!slices.Equal(p.RepeatWeekdays, []int{1, 2, 3, 4, 5, 6, 7}) || p.RetentionDays != 7 ||
						!maps.Equal(p.Tags, map[string]string{"env": "test"}) {
						return fmt.Errorf("the API has %+v", p)
					}
					return nil
				}),
			},
			{ResourceName: policyAddr, ImportState: true, ImportStateVerify: true},
			{ResourceName: policyAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
		},
	})
}

// Hours, weekdays, retention, name, tags, resource group and cross-region copy all change in place: the plan is
// an update, the ID stays, and the API holds the new values.
func TestAccAutoSnapshotPolicy_updateInPlace(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // moves between the emulator's resource groups and copies to its second region
	after := `
  name                     = "acc-policy-2"
  time_points              = [0, 6, 23]
  repeat_weekdays          = [6, 7]
  retention_days           = -1
  resource_group_id        = "rg-aek3ppbydwdkrvy"
  enable_cross_region_copy = true
  target_copy_regions      = ["cn-shanghai"]
  copied_snapshots_retention_days = 30
  copy_encryption = {
    encrypted = true
  }
  tags = {
    team = "ops"
  }
`
	sameID := statecheck.CompareValue(compare.ValuesSame())
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(policyAddr, plancheck.ResourceActionUpdate)}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             policyCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config:            policyConfig(env, "", policyBasic),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(policyAddr, tfjsonpath.New("id"))},
			},
			{
				// Hours and retention alone: ModifyAutoSnapshotPolicyEx, not a replacement.
				Config: policyConfig(env, "", `
  name            = "acc-policy"
  time_points     = [3, 15]
  repeat_weekdays = [1, 2, 3, 4, 5, 6, 7]
  retention_days  = 30
  tags = {
    env = "test"
  }
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(policyAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(policyAddr, tfjsonpath.New("disk_nums"), knownvalue.Int64Exact(0)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(policyAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("time_points"), ints(3, 15)),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("retention_days"), knownvalue.Int64Exact(30)),
				},
				Check: policyAPI(t, env, func(p ecsclient.AutoSnapshotPolicy) error {
					if !slices.Equal(p.TimePoints, []int{3, 15}) || p.RetentionDays != 30 {
						return fmt.Errorf("the API has time points %v and retention %d", p.TimePoints, p.RetentionDays)
					}
					return nil
				}),
			},
			{
				Config:           policyConfig(env, "", after),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(policyAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("copied_snapshots_retention_days"), knownvalue.Int64Exact(30)),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("tags"), exactTags(map[string]string{"team": "ops"})),
				},
				Check: policyAPI(t, env, func(p ecsclient.AutoSnapshotPolicy) error {
					if p.Name != "acc-policy-2" || !slices.Equal(p.TimePoints, []int{0, 6, 23}) || !slices.Equal(p.RepeatWeekdays, []int{6, 7}) ||
						p.RetentionDays != -1 || p.ResourceGroupID != "rg-aek3ppbydwdkrvy" || !p.EnableCrossRegionCopy ||
						!slices.Equal(p.TargetCopyRegions, []string{"cn-shanghai"}) || p.CopiedSnapshotsRetentionDays != 30 ||
						!p.CopyEncrypted || !maps.Equal(p.Tags, map[string]string{"team": "ops"}) {
						return fmt.Errorf("the API has %+v", p)
					}
					return nil
				}),
			},
			// A policy with every copy setting imports as configured.
			{ResourceName: policyAddr, ImportState: true, ImportStateVerify: true},
			{
				// Copying off again: the copy settings go with it, still in place.
				Config:            policyConfig(env, "", policyBasic),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(policyAddr, tfjsonpath.New("id"))},
				Check: policyAPI(t, env, func(p ecsclient.AutoSnapshotPolicy) error {
					if p.EnableCrossRegionCopy || p.Name != "acc-policy" || p.RetentionDays != 7 {
						return fmt.Errorf("the API has %+v", p)
					}
					return nil
				}),
			},
		},
	})
}

// association_type and target_tags cannot be modified: changing them replaces the policy.
func TestAccAutoSnapshotPolicy_targetTagsReplace(t *testing.T) {
	env := acctest.New(t)
	body := func(value string) string {
		return fmt.Sprintf(`
  time_points      = [1]
  repeat_weekdays  = [1]
  retention_days   = 3
  association_type = "AssociatedWithInstanceTag"
  target_tags = {
    backup = %q
  }
`, value)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             policyCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: policyConfig(env, "", body("daily")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("association_type"), knownvalue.StringExact("AssociatedWithInstanceTag")),
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("target_tags"), exactTags(map[string]string{"backup": "daily"})),
				},
			},
			{
				Config: policyConfig(env, "", body("weekly")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(policyAddr, plancheck.ResourceActionReplace),
				}},
			},
		},
	})
}

// A policy deleted outside Terraform is removed from the state by the refresh and planned again.
func TestAccAutoSnapshotPolicy_disappears(t *testing.T) {
	env := acctest.New(t)
	api := env.ECSClient(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             policyCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: policyConfig(env, "", policyBasic),
				Check: func(st *terraform.State) error {
					return api.DeleteAutoSnapshotPolicy(context.Background(), st.RootModule().Resources[policyAddr].Primary.ID)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: policyConfig(env, "", policyBasic),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(policyAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// Destroying a policy that still applies to a disk succeeds: the API stops applying it, and the disk shows no
// policy (the attachment of that disk would then read as gone).
func TestAccAutoSnapshotPolicy_destroyWhileApplied(t *testing.T) {
	env := acctest.New(t)
	api := env.ECSClient(t)
	var policyID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			policyCheckDestroyed(t, env),
			func(*terraform.State) error {
				disks, err := api.DescribeDisks(context.Background(), ecsclient.DescribeDisksInput{DiskIDs: []string{env.DiskID}})
				if err != nil {
					return err
				}
				if len(disks) != 1 || disks[0].AutoSnapshotPolicyID != "" {
					return fmt.Errorf("after destroying policy %s, disk %s still shows %+v", policyID, env.DiskID, disks)
				}
				return nil
			},
		),
		Steps: []resource.TestStep{
			{
				Config: policyConfig(env, "", policyBasic),
				Check: func(st *terraform.State) error {
					policyID = st.RootModule().Resources[policyAddr].Primary.ID
					if err := api.ApplyAutoSnapshotPolicy(context.Background(), policyID, []string{env.DiskID}); err != nil {
						return err
					}
					disks, err := api.DescribeDisks(context.Background(), ecsclient.DescribeDisksInput{AutoSnapshotPolicyID: policyID})
					if err != nil {
						return err
					}
					if len(disks) != 1 || disks[0].DiskID != env.DiskID {
						return fmt.Errorf("policy %s applies to %+v, want disk %s", policyID, disks, env.DiskID)
					}
					return nil
				},
			},
			{
				// The refresh shows the disk the policy applies to.
				Config: policyConfig(env, "", policyBasic),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("disk_nums"), knownvalue.Int64Exact(1)),
				},
			},
		},
	})
}

func TestAccAutoSnapshotPolicy_importIDChecked(t *testing.T) {
	env := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{
			{
				Config: policyConfig(env, "", policyBasic), ResourceName: policyAddr, ImportState: true, ImportStateId: "SP-1",
				ExpectError: wrapped(`"SP-1" is not an automatic snapshot policy ID: it must be an automatic snapshot policy ID: "sp-"`),
			},
			{
				Config: policyConfig(env, "", policyBasic), ResourceName: policyAddr, ImportState: true, ImportStateId: "sp-doesnotexist",
				ExpectError: wrapped(`there is no policy with this ID in region`),
			},
		},
	})
}

// Every rule is refused at plan time, naming the attribute and the rule.
func TestAccAutoSnapshotPolicy_planTimeErrors(t *testing.T) {
	env := acctest.New(t)
	base := func(extra string) string {
		return `
  time_points     = [1]
  repeat_weekdays = [1]
  retention_days  = 7
` + extra
	}
	cases := []struct {
		body string
		want string
	}{
		{`name = "1abc"` + base(""), `Attribute name must start with a letter, got: "1abc"`},
		{`name = "a"` + base(""), `Attribute name must be 2 to 128 characters long`},
		{`name = "https://x"` + base(""), `Attribute name must not start with "http://" or "https://"`},
		{`name = "a b"` + base(""), `Attribute name must contain only letters, digits`},
		{`
  time_points     = [24]
  repeat_weekdays = [1]
  retention_days  = 7`, `Attribute time_points\[Value\(24\)\] value must be between 0 and 23, got: 24`},
		{`
  time_points     = []
  repeat_weekdays = [1]
  retention_days  = 7`, `Attribute time_points set must contain at least 1 elements`},
		{`
  time_points     = [1]
  repeat_weekdays = [0]
  retention_days  = 7`, `Attribute repeat_weekdays\[Value\(0\)\] value must be between 1 and 7, got: 0`},
		{`
  time_points     = [1]
  repeat_weekdays = [8]
  retention_days  = 7`, `Attribute repeat_weekdays\[Value\(8\)\] value must be between 1 and 7, got: 8`},
		{`
  time_points     = [1]
  repeat_weekdays = [1]
  retention_days  = 0`, `Attribute retention_days must be -1 \(keep until deleted\) or 1 to 65535, got: 0`},
		{`
  time_points     = [1]
  repeat_weekdays = [1]
  retention_days  = 65536`, `Attribute retention_days must be -1 \(keep until deleted\) or 1 to 65535, got: 65536`},
		{`
  time_points     = [1]
  repeat_weekdays = [1]
  retention_days  = -2`, `Attribute retention_days must be -1 \(keep until deleted\) or 1 to 65535, got: -2`},
		{base(`target_copy_regions = ["cn-shanghai"]`), `Attribute target_copy_regions is only valid with enable_cross_region_copy = true`},
		{base(`copied_snapshots_retention_days = 3`), `Attribute copied_snapshots_retention_days is only valid with enable_cross_region_copy = true`},
		{base(`copy_encryption = { encrypted = true }`), `Attribute copy_encryption is only valid with enable_cross_region_copy = true`},
		{base(`enable_cross_region_copy = true`), `Attribute target_copy_regions is required with enable_cross_region_copy = true`},
		{base(`
  enable_cross_region_copy = true
  target_copy_regions      = ["cn-shanghai", "cn-beijing"]`), `Attribute target_copy_regions set must contain at least 1 elements and at most 1 elements`},
		{base(`
  enable_cross_region_copy        = true
  target_copy_regions             = ["cn-shanghai"]
  copied_snapshots_retention_days = 0`), `Attribute copied_snapshots_retention_days must be -1 \(keep until deleted\) or 1 to 65535, got: 0`},
		{base(`
  enable_cross_region_copy = true
  target_copy_regions      = ["cn-shanghai"]
  copy_encryption = {
    encrypted  = false
    kms_key_id = "key-1"
  }`), `Attribute copy_encryption.kms_key_id \("key-1"\) is only valid with copy_encryption.encrypted = true`},
		// The target region against DescribeRegions, and a key that says its region against the target.
		{base(`
  enable_cross_region_copy = true
  target_copy_regions      = ["mars-north-1"]`), `Attribute target_copy_regions names "mars-north-1", which is not a region ECS offers this account ` +
			`\(DescribeRegions in region ` + env.Region() + ` lists: .*cn-hangzhou.*\); the API would answer InvalidParameter.TargetCopyRegions`},
		{base(`
  enable_cross_region_copy = true
  target_copy_regions      = ["cn-shanghai"]
  copy_encryption = {
    encrypted  = true
    kms_key_id = "acs:kms:cn-hangzhou:1234567890123456:key/key-hzz0000000000000000"
  }`), `Attribute copy_encryption.kms_key_id \("acs:kms:cn-hangzhou:[^"]+"\) is a KMS key of region cn-hangzhou, but the copies ` +
			`are made and encrypted in the target region, cn-shanghai`},
		{base(`association_type = "ByTag"`), `Attribute association_type value must be one of`},
		{base(`association_type = "AssociatedWithInstanceTag"`), `Attribute target_tags is required with association_type = "AssociatedWithInstanceTag"`},
		{base(`target_tags = { backup = "yes" }`), `Attribute target_tags is only valid with association_type = "AssociatedWithInstanceTag"`},
		{base(`
  association_type = "AssociatedWithInstanceTag"
  target_tags = { "acs:x" = "y" }`), `Attribute target_tags\["acs:x"\] must not start with "aliyun" or "acs:"`},
		{base(`tags = { "aliyun-x" = "y" }`), `Attribute tags\["aliyun-x"\] must not start with "aliyun" or "acs:"`},
	}
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{Config: policyConfig(env, "", c.body), PlanOnly: true, ExpectError: wrapped(c.want)}
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.Factories, Steps: steps})
}

// The provider's default tags reach the policy (tags_all), and ignore_tags keys are neither shown nor removed.
func TestAccAutoSnapshotPolicy_defaultAndIgnoredTags(t *testing.T) {
	env := acctest.New(t)
	api := env.ECSClient(t)
	extra := defaultTagsBlock(map[string]string{"owner": "platform"}) + `
  ignore_tags {
    keys = ["managed-by"]
  }
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             policyCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: policyConfig(env, extra, policyBasic),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(policyAddr, tfjsonpath.New("tags_all"), exactTags(map[string]string{"env": "test", "owner": "platform"})),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("tags"), exactTags(map[string]string{"env": "test"})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					policyAPI(t, env, func(p ecsclient.AutoSnapshotPolicy) error {
						if !maps.Equal(p.Tags, map[string]string{"env": "test", "owner": "platform"}) {
							return fmt.Errorf("the API has tags %v", p.Tags)
						}
						return nil
					}),
					// A tag set outside Terraform under an ignored key.
					func(st *terraform.State) error {
						return api.TagResources(context.Background(), ecsclient.ResourceTypeAutoSnapshotPolicy,
							[]string{st.RootModule().Resources[policyAddr].Primary.ID}, map[string]string{"managed-by": "other"})
					},
				),
			},
			{
				// The ignored tag shows no difference, and a tag change leaves it on the policy.
				Config: policyConfig(env, extra, `
  name            = "acc-policy"
  time_points     = [2, 14]
  repeat_weekdays = [1, 2, 3, 4, 5, 6, 7]
  retention_days  = 7
  tags = {
    env = "prod"
  }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("tags_all"), exactTags(map[string]string{"env": "prod", "owner": "platform"})),
				},
				Check: policyAPI(t, env, func(p ecsclient.AutoSnapshotPolicy) error {
					if !maps.Equal(p.Tags, map[string]string{"env": "prod", "owner": "platform", "managed-by": "other"}) {
						return fmt.Errorf("the API has tags %v", p.Tags)
					}
					return nil
				}),
			},
		},
	})
}

// A change of the copy target is checked before anything changes: an unknown target region and a key ARN of another
// region fail the plan; a bare key ID of another region, which only the API can place, is refused by it at apply
// (nothing changed); the policy keeps its target and key throughout (read through a client of the test's own).
func TestAccAutoSnapshotPolicy_copyTargetChecked(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // names the emulator's regions and KMS keys
	const shanghaiKey = "5c1f7e2a-9b3d-4e8f-a6c4-2d7b9e1f3a58"
	body := func(region, key string) string {
		return policyConfig(env, "", fmt.Sprintf(`
  time_points              = [1]
  repeat_weekdays          = [1]
  retention_days           = 7
  enable_cross_region_copy = true
  target_copy_regions      = [%q]
  copy_encryption = {
    encrypted  = true
    kms_key_id = %q
  }
`, region, key))
	}
	unchanged := policyAPI(t, env, func(p ecsclient.AutoSnapshotPolicy) error {
		if !slices.Equal(p.TargetCopyRegions, []string{"cn-shanghai"}) || p.CopyKMSKeyID != shanghaiKey {
			return fmt.Errorf("the policy copies to %v with key %q, want cn-shanghai with %s", p.TargetCopyRegions, p.CopyKMSKeyID, shanghaiKey)
		}
		return nil
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{
			{Config: body("cn-shanghai", shanghaiKey), Check: unchanged},
			{Config: body("mars-north-1", shanghaiKey), ExpectError: wrapped(`target_copy_regions names "mars-north-1", which is not a region`)},
			{Config: body("cn-shanghai", "acs:kms:ap-southeast-1:1234567890123456:key/"+shanghaiKey),
				ExpectError: wrapped(`is a KMS key of region ap-southeast-1, but the copies are made and encrypted in the target region, cn-shanghai`)},
			{Config: body("ap-southeast-1", shanghaiKey), ExpectError: wrapped(`InvalidParameter.KMSKeyId.NotFound`)},
			{Config: body("cn-shanghai", shanghaiKey), Check: unchanged},
		},
	})
}
