package ecs_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
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

// taggedConfig is a provider block with the given default_tags / ignore_tags blocks (extra) and the test's
// snapshot with body.
func taggedConfig(env *acctest.Env, extra, body string) string {
	return env.ProviderConfigWith(extra) + fmt.Sprintf(`
resource "aliecs_snapshot" "test" {
  disk_id = %q
%s
}
`, env.DiskID, body)
}

func defaultTagsBlock(tags map[string]string) string {
	var b strings.Builder
	b.WriteString("default_tags {\n    tags = {\n")
	for k, v := range tags {
		fmt.Fprintf(&b, "      %q = %q\n", k, v)
	}
	b.WriteString("    }\n  }\n")
	return b.String()
}

func exactTags(tags map[string]string) knownvalue.Check {
	checks := map[string]knownvalue.Check{}
	for k, v := range tags {
		checks[k] = knownvalue.StringExact(v)
	}
	return knownvalue.MapExact(checks)
}

// apiTagsAre checks, through an ECS client (the API, not the emulator's state), that the test's snapshot holds
// exactly want.
func apiTagsAre(t *testing.T, env *acctest.Env, want map[string]string) resource.TestCheckFunc {
	t.Helper()
	api := env.ECSClient(t)
	return func(st *terraform.State) error {
		rs, ok := st.RootModule().Resources[resAddr]
		if !ok {
			return fmt.Errorf("%s not in the state", resAddr)
		}
		got, err := apiTags(context.Background(), api, rs.Primary.ID)
		if err != nil {
			return err
		}
		if !maps.Equal(got, want) {
			return fmt.Errorf("the API has tags %v on %s, want %v", got, rs.Primary.ID, want)
		}
		return nil
	}
}

func apiTags(ctx context.Context, api ecsclient.Client, id string) (map[string]string, error) {
	found, err := api.DescribeSnapshots(ctx, ecsclient.DescribeSnapshotsInput{SnapshotIDs: []string{id}})
	if err != nil {
		return nil, err
	}
	for _, s := range found {
		if s.SnapshotID == id {
			return s.Tags, nil
		}
	}
	return nil, fmt.Errorf("snapshot %s not found", id)
}

// TestAccSnapshot_defaultTags: default tags reach the API merged under the resource's (whose value wins for a
// key in both), tags_all is known in the plan, a change of default_tags alone is an in-place update whose plan
// shows the new tags_all, and an import reads tags_all back with tags holding what is not a default tag.
func TestAccSnapshot_defaultTags(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	own := `  tags = {
    env = "test"
    app = "db"
  }`
	before := map[string]string{"env": "prod", "team": "platform"}
	after := map[string]string{"env": "prod", "team": "security", "cost": "42"}
	allBefore := map[string]string{"env": "test", "app": "db", "team": "platform"}
	allAfter := map[string]string{"env": "test", "app": "db", "team": "security", "cost": "42"}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: taggedConfig(env, defaultTagsBlock(before), own),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags_all"), exactTags(allBefore)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags"), exactTags(map[string]string{"env": "test", "app": "db"})),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags_all"), exactTags(allBefore)),
					sameID.AddStateValue(resAddr, tfjsonpath.New("id")),
				},
				Check: apiTagsAre(t, env, allBefore),
			},
			{
				Config: taggedConfig(env, defaultTagsBlock(after), own),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags_all"), exactTags(allAfter)),
					plancheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags"), exactTags(map[string]string{"env": "test", "app": "db"})),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags_all"), exactTags(allAfter)),
					sameID.AddStateValue(resAddr, tfjsonpath.New("id")),
				},
				Check: apiTagsAre(t, env, allAfter),
			},
			{
				// Import with the same provider: tags is what is not a default tag, as the configuration has it.
				Config:                  taggedConfig(env, defaultTagsBlock(after), own),
				ResourceName:            resAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_delete", "timeouts"},
			},
			{
				// The configuration repeats a default tag with its default value: it stays in tags, with no diff.
				Config: taggedConfig(env, defaultTagsBlock(after), `  tags = {
    env  = "test"
    app  = "db"
    team = "security"
  }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags_all"), exactTags(allAfter)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags"),
						exactTags(map[string]string{"env": "test", "app": "db", "team": "security"})),
				},
				Check: apiTagsAre(t, env, allAfter),
			},
			{
				// An import knows no configuration: a tag holding its default value counts as a default tag.
				Config:       taggedConfig(env, defaultTagsBlock(after), own),
				ResourceName: resAddr,
				ImportState:  true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 {
						return fmt.Errorf("%d states imported", len(states))
					}
					a := states[0].Attributes
					if a["tags.%"] != "2" || a["tags.env"] != "test" || a["tags.app"] != "db" {
						return fmt.Errorf("imported tags: %v", a)
					}
					if a["tags_all.%"] != "4" || a["tags_all.team"] != "security" || a["tags_all.cost"] != "42" {
						return fmt.Errorf("imported tags_all: %v", a)
					}
					return nil
				},
			},
			{
				// Back to no default tags: those the API holds are removed in place.
				Config: taggedConfig(env, "", own),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags_all"), exactTags(map[string]string{"env": "test", "app": "db"})),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resAddr, tfjsonpath.New("id"))},
				Check:             apiTagsAre(t, env, map[string]string{"env": "test", "app": "db"}),
			},
		},
	})
}

// TestAccSnapshot_ignoreTags: tags with ignored keys, added outside Terraform through the API, show no drift,
// survive an update of the resource's tags, and are hidden from both data sources, which still show the default
// tags the snapshot holds (default tags do not filter data sources).
func TestAccSnapshot_ignoreTags(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	api := env.ECSClient(t)
	provider := defaultTagsBlock(map[string]string{"team": "platform"}) + `
  ignore_tags {
    keys         = ["owner"]
    key_prefixes = ["finops:"]
  }
`
	dataSources := `
data "aliecs_snapshots" "test" {
  ids = [aliecs_snapshot.test.id]
}

data "aliecs_snapshot" "test" {
  id = aliecs_snapshot.test.id
}
`
	outside := map[string]string{"owner": "someone", "finops:cost-center": "cc-1"}
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: taggedConfig(env, provider, `  tags = { app = "db" }`),
				Check:  resStateID(&id),
			},
			{
				PreConfig: func() {
					if err := api.TagResources(context.Background(), ecsclient.ResourceTypeSnapshot, []string{id}, outside); err != nil {
						t.Fatalf("tagging %s outside Terraform: %v", id, err)
					}
				},
				Config: taggedConfig(env, provider, `  tags = { app = "db" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags"), exactTags(map[string]string{"app": "db"})),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags_all"), exactTags(map[string]string{"app": "db", "team": "platform"})),
				},
				Check: apiTagsAre(t, env, map[string]string{"app": "db", "team": "platform", "owner": "someone", "finops:cost-center": "cc-1"}),
			},
			{
				Config: taggedConfig(env, provider, `  tags = { app = "web" }`) + dataSources,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags_all"), exactTags(map[string]string{"app": "web", "team": "platform"})),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.aliecs_snapshots.test", tfjsonpath.New("snapshots").AtSliceIndex(0).AtMapKey("tags"),
						exactTags(map[string]string{"app": "web", "team": "platform"})),
					statecheck.ExpectKnownValue("data.aliecs_snapshot.test", tfjsonpath.New("tags"),
						exactTags(map[string]string{"app": "web", "team": "platform"})),
				},
				Check: apiTagsAre(t, env, map[string]string{"app": "web", "team": "platform", "owner": "someone", "finops:cost-center": "cc-1"}),
			},
		},
	})
}

// TestAccValidation_tagsMergeRefusedAtPlan: default tags follow the tag rules, a key cannot be both set and
// ignored, and tags merged with default tags stay within the API's 20; each is a plan-time error naming the
// attribute, and nothing reaches the API.
func TestAccValidation_tagsMergeRefusedAtPlan(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	fifteen := map[string]string{}
	for i := range 15 {
		fifteen[fmt.Sprintf("d%02d", i)] = "v"
	}
	six := "  tags = {\n"
	for i := range 6 {
		six += fmt.Sprintf("    o%d = \"v\"\n", i)
	}
	six += "  }"
	ignoreOwner := "\n  ignore_tags {\n    keys = [\"owner\"]\n  }\n"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{
			{
				Config:      taggedConfig(env, defaultTagsBlock(map[string]string{"acs:team": "x"}), ""),
				PlanOnly:    true,
				ExpectError: wrapped(`Attribute default_tags.tags\["acs:team"\] must not start with "aliyun" or "acs:", got: "acs:team"`),
			},
			{
				Config:      taggedConfig(env, defaultTagsBlock(map[string]string{"env": "see https://x"}), ""),
				PlanOnly:    true,
				ExpectError: wrapped(`Attribute default_tags.tags\["env"\] must not contain "http://" or "https://"`),
			},
			{
				Config:   taggedConfig(env, defaultTagsBlock(fifteen), six),
				PlanOnly: true,
				ExpectError: wrapped(`(?s)with aliecs_snapshot.test.*tags \(6 tags\) merged with the provider's default_tags \(15 tags\) gives 21 tags, ` +
					`and the API holds at most 20 per resource`),
			},
			{
				Config:      taggedConfig(env, ignoreOwner, `  tags = { owner = "me" }`),
				PlanOnly:    true,
				ExpectError: wrapped(`tags sets the key "owner", which the provider's ignore_tags ignores`),
			},
			{
				Config:      taggedConfig(env, defaultTagsBlock(map[string]string{"owner": "me"})+ignoreOwner, ""),
				PlanOnly:    true,
				ExpectError: wrapped(`default_tags.tags sets \["owner"\], which ignore_tags ignores`),
			},
		},
	})
	expectNoAPICalls(t, env)
}
