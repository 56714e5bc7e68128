package ecs_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// policiesFixture is three policies: a and b in one resource group with tag team = a / b, c elsewhere, untagged.
// The test adds the ignored tag kind = ds to a and b behind Terraform's back.
const policiesFixture = `
resource "aliecs_auto_snapshot_policy" "a" {
  name              = "ds-alpha"
  time_points       = [1, 13]
  repeat_weekdays   = [1, 3, 5]
  retention_days    = 5
  resource_group_id = "rg-aek2bsxtc4tgwfq"
  tags = {
    team = "a"
  }
}

resource "aliecs_auto_snapshot_policy" "b" {
  name              = "ds-beta"
  time_points       = [2]
  repeat_weekdays   = [7]
  retention_days    = -1
  resource_group_id = "rg-aek2bsxtc4tgwfq"
  tags = {
    team = "b"
  }
}

resource "aliecs_auto_snapshot_policy" "c" {
  name            = "other-gamma"
  time_points     = [3]
  repeat_weekdays = [2]
  retention_days  = 9
}
`

const policiesQueries = `
data "aliecs_auto_snapshot_policies" "by_id" {
  auto_snapshot_policy_id = aliecs_auto_snapshot_policy.a.id
}

data "aliecs_auto_snapshot_policies" "by_name" {
  name       = "ds-beta"
  depends_on = [aliecs_auto_snapshot_policy.a, aliecs_auto_snapshot_policy.b, aliecs_auto_snapshot_policy.c]
}

data "aliecs_auto_snapshot_policies" "by_group" {
  resource_group_id = aliecs_auto_snapshot_policy.a.resource_group_id
  depends_on        = [aliecs_auto_snapshot_policy.b, aliecs_auto_snapshot_policy.c]
}

data "aliecs_auto_snapshot_policies" "by_tags" {
  tags       = { team = "b" }
  depends_on = [aliecs_auto_snapshot_policy.a, aliecs_auto_snapshot_policy.b, aliecs_auto_snapshot_policy.c]
}

data "aliecs_auto_snapshot_policies" "by_ignored_tag" {
  tags       = { kind = "ds" }
  depends_on = [aliecs_auto_snapshot_policy.a, aliecs_auto_snapshot_policy.b, aliecs_auto_snapshot_policy.c]
}

data "aliecs_auto_snapshot_policies" "by_regex" {
  name_regex = "^ds-"
  depends_on = [aliecs_auto_snapshot_policy.a, aliecs_auto_snapshot_policy.b, aliecs_auto_snapshot_policy.c]
}

data "aliecs_auto_snapshot_policies" "by_ids" {
  ids = [aliecs_auto_snapshot_policy.a.id, aliecs_auto_snapshot_policy.c.id]
}

data "aliecs_auto_snapshot_policies" "no_ids" {
  ids        = []
  depends_on = [aliecs_auto_snapshot_policy.a, aliecs_auto_snapshot_policy.b, aliecs_auto_snapshot_policy.c]
}
`

// Every filter of DescribeAutoSnapshotPolicyEx, and the client-side ones, select what they should; every field of a
// policy is shown; ignore_tags hides its keys from the tags of the policies found.
func TestAccAutoSnapshotPolicies_filters(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // uses the emulator's resource groups
	api := env.ECSClient(t)
	ignore := `
  ignore_tags {
    keys = ["kind"]
  }
`
	ds := func(name string) string { return "data.aliecs_auto_snapshot_policies." + name }
	count := func(name string, n int64) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(ds(name), tfjsonpath.New("total_count"), knownvalue.Int64Exact(n))
	}
	names := func(name string, want ...string) statecheck.StateCheck {
		checks := make([]knownvalue.Check, len(want))
		for i, w := range want {
			checks[i] = knownvalue.StringExact(w)
		}
		return statecheck.ExpectKnownValue(ds(name), tfjsonpath.New("names"), knownvalue.SetExact(checks))
	}
	first := func(attr string) tfjsonpath.Path {
		return tfjsonpath.New("policies").AtSliceIndex(0).AtMapKey(attr)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             policyCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: env.ProviderConfigWith(ignore) + policiesFixture,
				Check: func(st *terraform.State) error {
					ids := []string{st.RootModule().Resources["aliecs_auto_snapshot_policy.a"].Primary.ID,
						st.RootModule().Resources["aliecs_auto_snapshot_policy.b"].Primary.ID}
					return api.TagResources(context.Background(), ecsclient.ResourceTypeAutoSnapshotPolicy, ids, map[string]string{"kind": "ds"})
				},
			},
			{
				Config: env.ProviderConfigWith(ignore) + policiesFixture + policiesQueries,
				ConfigStateChecks: []statecheck.StateCheck{
					count("by_id", 1), names("by_id", "ds-alpha"),
					count("by_name", 1), names("by_name", "ds-beta"),
					count("by_group", 2), names("by_group", "ds-alpha", "ds-beta"),
					count("by_tags", 1), names("by_tags", "ds-beta"),
					count("by_ignored_tag", 2), names("by_ignored_tag", "ds-alpha", "ds-beta"),
					count("by_regex", 2), names("by_regex", "ds-alpha", "ds-beta"),
					count("by_ids", 2), names("by_ids", "ds-alpha", "other-gamma"),
					count("no_ids", 0),
					// Every field of the one policy found by ID.
					statecheck.ExpectKnownValue(ds("by_id"), first("id"), knownvalue.StringRegexp(policyIDPattern)),
					statecheck.ExpectKnownValue(ds("by_id"), first("name"), knownvalue.StringExact("ds-alpha")),
					statecheck.ExpectKnownValue(ds("by_id"), first("region_id"), knownvalue.StringExact(env.Region())),
					statecheck.ExpectKnownValue(ds("by_id"), first("creation_time"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(ds("by_id"), first("time_points"), knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(1), knownvalue.Int64Exact(13)})),
					statecheck.ExpectKnownValue(ds("by_id"), first("repeat_weekdays"), knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(1), knownvalue.Int64Exact(3), knownvalue.Int64Exact(5)})),
					statecheck.ExpectKnownValue(ds("by_id"), first("retention_days"), knownvalue.Int64Exact(5)),
					statecheck.ExpectKnownValue(ds("by_id"), first("disk_nums"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(ds("by_id"), first("volume_nums"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(ds("by_id"), first("status"), knownvalue.StringExact("Normal")),
					statecheck.ExpectKnownValue(ds("by_id"), first("type"), knownvalue.StringExact("Custom")),
					statecheck.ExpectKnownValue(ds("by_id"), first("enable_cross_region_copy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(ds("by_id"), first("target_copy_regions"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue(ds("by_id"), first("copy_encrypted"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(ds("by_id"), first("resource_group_id"), knownvalue.StringExact("rg-aek2bsxtc4tgwfq")),
					statecheck.ExpectKnownValue(ds("by_id"), first("association_type"), knownvalue.StringExact("AssociatedWithDisk")),
					statecheck.ExpectKnownValue(ds("by_id"), first("target_tags"), knownvalue.MapExact(map[string]knownvalue.Check{})),
					// kind is ignored: hidden from the policies found, though it still filters.
					statecheck.ExpectKnownValue(ds("by_id"), first("tags"), exactTags(map[string]string{"team": "a"})),
					statecheck.ExpectKnownValue(ds("by_id"), tfjsonpath.New("ids"), knownvalue.ListSizeExact(1)),
				},
			},
		},
	})
}

// A region at its quota of 100 policies: the data source lists them all. (The client asks for 100 a page, the most
// the API allows, so the quota fits in one page; the client's own tests walk several pages.)
func TestAccAutoSnapshotPolicies_quotaFull(t *testing.T) {
	acctest.Long(t)
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // creates 100 policies, the region's quota
	api := env.ECSClient(t)
	const n = 100
	ctx := context.Background()
	retention := 1
	for i := range n {
		_, err := api.CreateAutoSnapshotPolicy(ctx, ecsclient.AutoSnapshotPolicyInput{
			Name: ptr(fmt.Sprintf("page-%03d", i)), TimePoints: []int{1}, RepeatWeekdays: []int{1}, RetentionDays: &retention,
		})
		if err != nil {
			t.Fatalf("creating policy %d: %v", i, err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig() + `
data "aliecs_auto_snapshot_policies" "all" {
  name_regex = "^page-"
}
`,
			Check: resource.TestCheckResourceAttr("data.aliecs_auto_snapshot_policies.all", "total_count", fmt.Sprint(n)),
		}},
	})
}

func ptr[T any](v T) *T { return &v }
