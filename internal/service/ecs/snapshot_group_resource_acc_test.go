package ecs_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
)

// The emulator's default fixture (cn-hangzhou): web-prod-01 is Running with two ESSD disks in zone i;
// batch-worker-02 is Stopped with an ESSD data disk and two cloud_efficiency disks; fresh-never-started is Stopped
// and was never started (its ESSD system disk was never used), in zone j.
const (
	groupAddr          = "aliecs_snapshot_group.test"
	groupInstance      = "i-bp1h6jmbefj2cyqs6vrq"
	groupSystemDisk    = "d-bp1a3r2m5jxl7hq0w8ke"
	groupDataDisk      = "d-bp1c8n4x2w6yz0t5pq3s"
	groupStoppedInst   = "i-bp1g6zv0ce8oghu7k7ww"
	groupStoppedESSD   = "d-bp1g5h0j3k8l2m7n4pq1"
	groupEfficiency    = "d-bp1e2f7t9k4m6n1r3vx8"
	groupNeverStarted  = "i-bp13zt4kqc0fm7r2uw5a"
	groupNeverUsedDisk = "d-bp1k9w3e6r1t8y4u2io5"
	groupBooting       = "i-bp1d3k8mzl2q7wxr5c9e" // Starting
	groupLocked        = "i-bp1f8s2hx1a9zq4ne0lk" // Running, locked for security
)

var groupIDPattern = regexp.MustCompile(`^ssg-[0-9a-z]+$`)

func groupConfig(env *acctest.Env, body string) string {
	return env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_snapshot_group" "test" {
%s
}
`, body)
}

// groupFromState is the group's ID and member snapshot IDs as the state has them.
func groupFromState(st *terraform.State, addr string) (string, []string, error) {
	rs, ok := st.RootModule().Resources[addr]
	if !ok {
		return "", nil, fmt.Errorf("%s not in the state", addr)
	}
	n, _ := strconv.Atoi(rs.Primary.Attributes["snapshots.#"])
	var ids []string
	for i := range n {
		ids = append(ids, rs.Primary.Attributes[fmt.Sprintf("snapshots.%d.snapshot_id", i)])
	}
	return rs.Primary.ID, ids, nil
}

// groupCheckDestroyed checks through the API that no group of the state, and none of its snapshots, is left.
func groupCheckDestroyed(t *testing.T, env *acctest.Env) resource.TestCheckFunc {
	t.Helper()
	api := env.ECSClient(t)
	return func(st *terraform.State) error {
		for addr, rs := range st.RootModule().Resources {
			if rs.Type != "aliecs_snapshot_group" {
				continue
			}
			id, snaps, err := groupFromState(st, addr)
			if err != nil {
				return err
			}
			groups, err := api.DescribeSnapshotGroups(context.Background(), ecsclient.DescribeSnapshotGroupsInput{SnapshotGroupIDs: []string{id}})
			if err != nil {
				return err
			}
			if len(groups) > 0 {
				return fmt.Errorf("snapshot group %s still exists after destroy", id)
			}
			if len(snaps) == 0 {
				return fmt.Errorf("the state of %s listed no snapshot to check", id)
			}
			left, err := api.DescribeSnapshots(context.Background(), ecsclient.DescribeSnapshotsInput{SnapshotIDs: snaps})
			if err != nil {
				return err
			}
			if len(left) > 0 {
				return fmt.Errorf("snapshot %s of group %s still exists after destroy", left[0].SnapshotID, id)
			}
		}
		return nil
	}
}

// groupAPI checks the test's group as the API answers it.
func groupAPI(t *testing.T, env *acctest.Env, check func(g ecsclient.SnapshotGroup) error) resource.TestCheckFunc {
	t.Helper()
	api := env.ECSClient(t)
	return func(st *terraform.State) error {
		id, _, err := groupFromState(st, groupAddr)
		if err != nil {
			return err
		}
		groups, err := api.DescribeSnapshotGroups(context.Background(), ecsclient.DescribeSnapshotGroupsInput{SnapshotGroupIDs: []string{id}})
		if err != nil {
			return err
		}
		if len(groups) != 1 {
			return fmt.Errorf("snapshot group %s: the API found %d", id, len(groups))
		}
		return check(groups[0])
	}
}

func member(snapshotPattern *regexp.Regexp, diskID, diskType string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"snapshot_id": knownvalue.StringRegexp(snapshotPattern),
		"disk_id":     knownvalue.StringExact(diskID),
		"disk_type":   knownvalue.StringExact(diskType),
	})
}

// sameCreationTime checks that the aliecs_snapshots data source found n snapshots, all with one creation_time.
func sameCreationTime(addr string, n int) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		rs, ok := st.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in the state", addr)
		}
		if got := rs.Primary.Attributes["snapshots.#"]; got != strconv.Itoa(n) {
			return fmt.Errorf("%s found %s snapshots, want %d", addr, got, n)
		}
		first := rs.Primary.Attributes["snapshots.0.creation_time"]
		if first == "" {
			return fmt.Errorf("%s: no creation_time", addr)
		}
		for i := 1; i < n; i++ {
			if got := rs.Primary.Attributes[fmt.Sprintf("snapshots.%d.creation_time", i)]; got != first {
				return fmt.Errorf("snapshot %d was created at %s, snapshot 0 at %s: a group's snapshots share one instant", i, got, first)
			}
		}
		return nil
	}
}

// Every disk of a running instance at one instant: the wait ends accomplished, the snapshots are ordinary ones
// (aliecs_snapshots reads them back, one creation time), the data source finds the group by every filter, name,
// description, tags and resource group change in place, and import reads it all back.
func TestAccSnapshotGroup_allDisksUpdateImport(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	created := `
  instance_id = "` + groupInstance + `"
  name        = "db.consistent-1"
  description = "every disk of web-prod-01"
  tags = {
    env = "test"
  }
`
	updated := `
  instance_id       = "` + groupInstance + `"
  name              = "db.consistent-2"
  description       = "renamed in place"
  resource_group_id = "rg-aek2bsxtc4tgwfq"
  tags = {
    env  = "prod"
    team = "db"
  }
`
	readBack := `
data "aliecs_snapshots" "members" {
  ids = aliecs_snapshot_group.test.snapshots[*].snapshot_id
}

data "aliecs_snapshot_groups" "all_filters" {
  ids               = [aliecs_snapshot_group.test.id]
  instance_id       = aliecs_snapshot_group.test.instance_id
  name              = aliecs_snapshot_group.test.name
  status            = ["accomplished"]
  resource_group_id = aliecs_snapshot_group.test.resource_group_id
  tags              = { env = "prod" }
}

data "aliecs_snapshot_groups" "failed_only" {
  instance_id = aliecs_snapshot_group.test.instance_id
  status      = ["failed"]
}

data "aliecs_snapshot_groups" "by_regex" {
  instance_id = aliecs_snapshot_group.test.instance_id
  name_regex  = "^db\\.consistent-[0-9]$"
}

data "aliecs_snapshot_groups" "regex_none" {
  instance_id = aliecs_snapshot_group.test.instance_id
  name_regex  = "^consistent"
}
`
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             groupCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: groupConfig(env, created),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(groupAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(groupIDPattern)),
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("snapshots"), knownvalue.ListExact([]knownvalue.Check{
						member(snapshotIDPattern, groupSystemDisk, "system"), member(snapshotIDPattern, groupDataDisk, "data"),
					})),
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{
						"env": knownvalue.StringExact("test")})),
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("creation_time"), knownvalue.NotNull()),
				},
				Check: groupAPI(t, env, func(g ecsclient.SnapshotGroup) error {
					if g.Status != "accomplished" || g.Name != "db.consistent-1" || g.Tags["env"] != "test" || len(g.Snapshots) != 2 {
						return fmt.Errorf("the API has %+v", g)
					}
					return nil
				}),
			},
			{
				Config: groupConfig(env, updated) + readBack,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(groupAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("name"), knownvalue.StringExact("db.consistent-2")),
					statecheck.ExpectKnownValue("data.aliecs_snapshot_groups.all_filters", tfjsonpath.New("total_count"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("data.aliecs_snapshot_groups.all_filters", tfjsonpath.New("groups").AtSliceIndex(0).AtMapKey("snapshots"),
						knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.aliecs_snapshot_groups.all_filters", tfjsonpath.New("groups").AtSliceIndex(0).AtMapKey("description"),
						knownvalue.StringExact("renamed in place")),
					statecheck.ExpectKnownValue("data.aliecs_snapshot_groups.failed_only", tfjsonpath.New("total_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue("data.aliecs_snapshot_groups.by_regex", tfjsonpath.New("names"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("db.consistent-2")})),
					statecheck.ExpectKnownValue("data.aliecs_snapshot_groups.regex_none", tfjsonpath.New("total_count"), knownvalue.Int64Exact(0)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					sameCreationTime("data.aliecs_snapshots.members", 2),
					groupAPI(t, env, func(g ecsclient.SnapshotGroup) error {
						if g.Name != "db.consistent-2" || g.Description != "renamed in place" || g.ResourceGroupID != "rg-aek2bsxtc4tgwfq" ||
							g.Tags["env"] != "prod" || g.Tags["team"] != "db" {
							return fmt.Errorf("the API has %+v", g)
						}
						return nil
					}),
				),
			},
			{
				ResourceName:            groupAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// After the import, the same configuration plans nothing.
				Config: groupConfig(env, updated) + readBack,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// Every disk of the instance but the one excluded. Then the group is forgotten (a removed block) and imported again
// under another address: the API does not answer exclude_disk_ids, so the configuration's, which agrees with the
// group's snapshots, is adopted in place rather than replacing the group; once adopted, a change replaces it.
func TestAccSnapshotGroup_excludedDisks(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	excluding := func(addr, disk string) string {
		return fmt.Sprintf(`
resource "aliecs_snapshot_group" %q {
  instance_id      = %q
  exclude_disk_ids = [%q]
}
`, addr, groupInstance, disk)
	}
	var id string
	resource.ParallelTest(t, resource.TestCase{
		// The removed block came in Terraform 1.7 (and OpenTofu 1.7); 1.5.7 refuses the configuration.
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             groupCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: env.ProviderConfig() + excluding("src", groupDataDisk),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("aliecs_snapshot_group.src", tfjsonpath.New("snapshots"), knownvalue.ListExact([]knownvalue.Check{
						member(snapshotIDPattern, groupSystemDisk, "system"),
					})),
					statecheck.ExpectKnownValue("aliecs_snapshot_group.src", tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
				},
				Check: func(st *terraform.State) error {
					id = st.RootModule().Resources["aliecs_snapshot_group.src"].Primary.ID
					return nil
				},
			},
			{
				Config: env.ProviderConfig() + `
removed {
  from = aliecs_snapshot_group.src
  lifecycle {
    destroy = false
  }
}
`,
			},
			{
				Config:             env.ProviderConfig() + excluding("test", groupDataDisk),
				ResourceName:       groupAddr,
				ImportState:        true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return id, nil },
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["exclude_disk_ids.#"] != "" && states[0].Attributes["exclude_disk_ids.#"] != "0" ||
						states[0].Attributes["instance_id"] != groupInstance || states[0].Attributes["snapshots.0.disk_id"] != groupSystemDisk {
						return fmt.Errorf("imported %+v", states)
					}
					return nil
				},
			},
			{
				Config: env.ProviderConfig() + excluding("test", groupDataDisk),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
						if v != id {
							return fmt.Errorf("id %s, want the imported %s", v, id)
						}
						return nil
					})),
				},
			},
			{
				Config: env.ProviderConfig() + excluding("test", groupSystemDisk),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("snapshots"), knownvalue.ListExact([]knownvalue.Check{
						member(snapshotIDPattern, groupDataDisk, "data"),
					})),
				},
			},
		},
	})
}

// A group over chosen disks of a stopped instance: the documents allow Running and Stopped instances.
func TestAccSnapshotGroup_stoppedInstanceDisks(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             groupCheckDestroyed(t, env),
		Steps: []resource.TestStep{{
			Config: groupConfig(env, `
  instance_id = "`+groupStoppedInst+`"
  disk_ids    = ["`+groupStoppedESSD+`"]
  name        = "stopped"
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("snapshots"), knownvalue.ListExact([]knownvalue.Check{
					member(snapshotIDPattern, groupStoppedESSD, "data"),
				})),
			},
		}},
	})
}

// Refused cases, each named with its attribute: at plan time, everything knowable before the call; at apply, what
// only the API knows (an instance never started). Nothing is created by any of them.
func TestAccSnapshotGroup_refused(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	many := make([]string, 17)
	for i := range many {
		many[i] = fmt.Sprintf("%q", fmt.Sprintf("d-bp1many%02d", i))
	}
	api := env.ECSClient(t)
	noGroup := func(*terraform.State) error {
		groups, err := api.DescribeSnapshotGroups(context.Background(), ecsclient.DescribeSnapshotGroupsInput{})
		if err != nil {
			return err
		}
		if len(groups) > 0 {
			return fmt.Errorf("%d groups were created, want none", len(groups))
		}
		return nil
	}
	steps := []resource.TestStep{}
	for _, c := range []struct{ body, want string }{
		{`
  instance_id      = "` + groupInstance + `"
  disk_ids         = ["` + groupSystemDisk + `"]
  exclude_disk_ids = ["` + groupDataDisk + `"]
`, `(?s)disk_ids.*and exclude_disk_ids.*cannot both be set.*InvalidParam.ExcludeDiskIdsAndDiskIds.Conflict`},
		{`
  instance_id = "` + groupStoppedInst + `"
`, `(?s)ESSD family.*instance_id would include.*` + groupEfficiency + ` \(cloud_efficiency\).*exclude_disk_ids`},
		{`
  disk_ids = ["` + groupSystemDisk + `", "` + groupEfficiency + `"]
`, `(?s)ESSD family.*` + groupEfficiency + ` \(cloud_efficiency\)`},
		{`
  disk_ids = [` + strings.Join(many, ", ") + `]
`, `(?s)disk_ids set must contain at least 1 elements and at most 16 elements, got: 17`},
		{`
  disk_ids = ["` + groupSystemDisk + `", "` + groupNeverUsedDisk + `"]
`, `(?s)disk_ids must name disks of one zone.*cn-hangzhou-i.*cn-hangzhou-j`},
		{`
  instance_id = "` + groupInstance + `"
  disk_ids    = ["` + groupStoppedESSD + `"]
`, `(?s)disk_ids must name disks of instance_id`},
		// The instance and exclude_disk_ids, read at plan time like disk_ids.
		{`
  instance_id = "i-bp1nosuchinstance00"
`, `(?s)instance_id \("i-bp1nosuchinstance00"\) names no instance in region ` + env.Region() + `.*InvalidInstanceId.NotFound`},
		{`
  instance_id = "` + groupBooting + `"
`, `(?s)Instance ` + groupBooting + ` \(instance_id\) in region ` + env.Region() + ` is Starting.*Running or Stopped`},
		{`
  instance_id = "` + groupLocked + `"
`, `(?s)Instance ` + groupLocked + ` \(instance_id\) in region ` + env.Region() + ` is locked \(security\)`},
		{`
  instance_id      = "` + groupInstance + `"
  exclude_disk_ids = ["` + groupStoppedESSD + `"]
`, `(?s)exclude_disk_ids must name disks of instance_id \(` + groupInstance + `\): ` + groupStoppedESSD + ` \(attached to "` + groupStoppedInst + `"\)`},
		{`
  instance_id      = "` + groupInstance + `"
  exclude_disk_ids = ["d-bp1nosuchdisk000000"]
`, `(?s)exclude_disk_ids names disks that do not exist in region ` + env.Region() + `: d-bp1nosuchdisk000000`},
		{`
  name = "no-instance"
`, `(?s)instance_id is required unless disk_ids is set`},
		{`
  disk_ids         = ["` + groupSystemDisk + `"]
  exclude_disk_ids = ["` + groupDataDisk + `"]
`, `(?s)exclude_disk_ids requires instance_id`},
		{`
  instance_id                   = "` + groupInstance + `"
  instant_access_retention_days = 3
`, `(?s)instant_access_retention_days \(3\) is only valid with instant_access = true`},
		{`
  instance_id = "` + groupInstance + `"
  name        = "1starts-with-digit"
`, `(?s)name must start with a letter`},
		{`
  instance_id      = "` + groupInstance + `"
  exclude_disk_ids = ["` + groupSystemDisk + `", "` + groupDataDisk + `"]
`, `(?s)exclude_disk_ids leaves no disk`},
		// Only the API knows the instance was never started (its disk never used): refused at apply.
		{`
  instance_id = "` + groupNeverStarted + `"
`, `(?s)Cannot create snapshot group.*CreateSnapshotGroup`},
	} {
		// Terraform wraps long messages: any space of the pattern matches any run of white space.
		want := regexp.MustCompile(strings.ReplaceAll(c.want, " ", `\s+`))
		steps = append(steps, resource.TestStep{Config: groupConfig(env, c.body), ExpectError: want, Check: noGroup})
	}
	steps = append(steps, resource.TestStep{
		Config: env.ProviderConfig(),
		Check:  noGroup,
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps:                    steps,
	})
}

// A group whose snapshot fails errors at once and stays in the state, tainted: the next apply replaces it, and the
// failed group is deleted with its snapshots.
func TestAccSnapshotGroup_failedIsTainted(t *testing.T) {
	acctest.Long(t)
	env := acctest.New(t)
	env.SkipIfRealCloud(t)
	body := `
  instance_id = "` + groupInstance + `"
  timeouts {
    create = "2m"
  }
`
	var failedID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             groupCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if err := env.Emulator.Backend().FailNextSnapshots(groupDataDisk, 1); err != nil {
						t.Fatal(err)
					}
				},
				Config:      groupConfig(env, body),
				ExpectError: regexp.MustCompile(`(?s)snapshot group ssg-[0-9a-z]+ failed to be created.*` + groupDataDisk + `.*tainted`),
			},
			{
				PreConfig: func() {
					groups, err := env.ECSClient(t).DescribeSnapshotGroups(context.Background(), ecsclient.DescribeSnapshotGroupsInput{Statuses: []string{"failed"}})
					if err != nil || len(groups) != 1 {
						t.Fatalf("failed groups: %v, %v; want one", groups, err)
					}
					failedID = groups[0].SnapshotGroupID
				},
				Config: groupConfig(env, body),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
				},
				Check: func(*terraform.State) error {
					groups, err := env.ECSClient(t).DescribeSnapshotGroups(context.Background(), ecsclient.DescribeSnapshotGroupsInput{SnapshotGroupIDs: []string{failedID}})
					if err != nil {
						return err
					}
					if len(groups) > 0 {
						return fmt.Errorf("the failed group %s is still there after its replacement", failedID)
					}
					return nil
				},
			},
		},
	})
}

// A snapshot of the group that a custom image was made from is kept by the API when the group is deleted: the
// destroy succeeds, waits for the rest to be gone, and names the kept snapshot in a warning. At CLI level, where
// warnings are visible.
func TestAccSnapshotGroup_deleteKeepsImageSnapshots(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // marks a snapshot as used by an image through the emulator
	t.Parallel()
	w := acctest.NewCLIWorkspace(t, groupConfig(env, `
  instance_id = "`+groupInstance+`"
`))
	w.Run("apply", "-auto-approve", "-input=false", "-no-color")
	api := env.ECSClient(t)
	groups, err := api.DescribeSnapshotGroups(context.Background(), ecsclient.DescribeSnapshotGroupsInput{InstanceID: groupInstance})
	if err != nil || len(groups) != 1 || len(groups[0].Snapshots) != 2 {
		t.Fatalf("groups %+v, %v; want one of two snapshots", groups, err)
	}
	members := []string{groups[0].Snapshots[0].SnapshotID, groups[0].Snapshots[1].SnapshotID}
	slices.Sort(members)
	kept, deleted := members[0], members[1]
	if err := env.Emulator.Backend().SetSnapshotUsage(kept, "image"); err != nil {
		t.Fatal(err)
	}
	out := w.Run("destroy", "-auto-approve", "-input=false", "-no-color")
	if !regexp.MustCompile(`(?s)Warning: Snapshots of the group kept.*`+kept+` \(SnapshotCreatedImage`).MatchString(out) ||
		strings.Contains(out, deleted+" (") {
		t.Errorf("destroy output does not name %s (kept) alone:\n%s", kept, out)
	}
	groups, err = api.DescribeSnapshotGroups(context.Background(), ecsclient.DescribeSnapshotGroupsInput{})
	if err != nil || len(groups) > 0 {
		t.Errorf("groups left: %+v, %v", groups, err)
	}
	left, err := api.DescribeSnapshots(context.Background(), ecsclient.DescribeSnapshotsInput{SnapshotIDs: members})
	if err != nil || len(left) != 1 || left[0].SnapshotID != kept {
		t.Errorf("snapshots left %+v, %v; want only %s (used by an image)", left, err, kept)
	}
}

// A replacement whose create would fail is refused at plan time, before the group is destroyed: instance_id
// changed to an instance that does not exist, or exclude_disk_ids to a disk of another instance, fails the plan
// with the reason, and the group and its snapshots are still there (read through a client of the test's own).
func TestAccSnapshotGroup_replacementCheckedAtPlan(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // names the emulator's fixture instances
	var first string
	keep := groupAPI(t, env, func(g ecsclient.SnapshotGroup) error {
		if g.SnapshotGroupID != first || g.Status != "accomplished" || len(g.Snapshots) != 2 {
			return fmt.Errorf("the group is %s (%s, %d snapshots), want the first one, %s, accomplished with 2", g.SnapshotGroupID,
				g.Status, len(g.Snapshots), first)
		}
		return nil
	})
	original := groupConfig(env, `
  instance_id = "`+groupInstance+`"
  name        = "acc-replace"
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             groupCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: original,
				Check: func(st *terraform.State) error {
					id, _, err := groupFromState(st, groupAddr)
					first = id
					return err
				},
			},
			{
				Config: groupConfig(env, `
  instance_id = "i-bp1nosuchinstance00"
  name        = "acc-replace"
`),
				ExpectError: regexp.MustCompile(`(?s)instance_id\s+\("i-bp1nosuchinstance00"\)\s+names\s+no\s+instance\s+in\s+region`),
			},
			{
				Config: groupConfig(env, `
  instance_id      = "`+groupInstance+`"
  exclude_disk_ids = ["`+groupStoppedESSD+`"]
  name             = "acc-replace"
`),
				ExpectError: regexp.MustCompile(`(?s)exclude_disk_ids\s+must\s+name\s+disks\s+of\s+instance_id`),
			},
			{
				Config: original,
				Check:  keep,
			},
		},
	})
}
