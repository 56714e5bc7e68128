package ecs_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

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

const (
	week         = 7 * 24 * time.Hour
	attachType   = "aliecs_auto_snapshot_policy_attachment"
	policyType   = "aliecs_auto_snapshot_policy"
	weekdaysHCL  = "[1, 2, 3, 4, 5, 6, 7]"
	weekdayCount = 7
)

// farTimePoints are two hours (UTC+8, as the API takes them) at least three hours from now in either direction, so
// that the seconds the test itself lasts never cross one of them: between two advances of the clock, no automatic
// snapshot is taken, and the counts are exact.
func farTimePoints() (int, int) {
	h := time.Now().In(time.FixedZone("UTC+8", 8*3600)).Hour()
	return (h + 3) % 24, (h + 15) % 24
}

func attachmentPolicyConfig(name string, hour1, hour2 int) string {
	return fmt.Sprintf(`
resource "aliecs_auto_snapshot_policy" %[1]q {
  name            = "acc-%[1]s"
  time_points     = [%[2]d, %[3]d]
  repeat_weekdays = %[4]s
  retention_days  = 7
}
`, name, hour1, hour2, weekdaysHCL)
}

func attachmentConfig(name, policy, disk string) string {
	return fmt.Sprintf(`
resource "aliecs_auto_snapshot_policy_attachment" %q {
  auto_snapshot_policy_id = aliecs_auto_snapshot_policy.%s.id
  disk_id                 = %q
}
`, name, policy, disk)
}

func autoSnapshotsConfig(disks ...string) string {
	var b strings.Builder
	b.WriteString(`
data "aliecs_snapshots" "auto" {
  snapshot_type = "auto"
}
`)
	for i, d := range disks {
		fmt.Fprintf(&b, `
data "aliecs_snapshots" "auto%d" {
  disk_id       = %q
  snapshot_type = "auto"
}
`, i, d)
	}
	return b.String()
}

// stateIDs collects the IDs of the resources of a type in the state, for checks after destroy.
func stateIDs(st *terraform.State, typ string) []string {
	var ids []string
	for _, rs := range st.RootModule().Resources {
		if rs.Type == typ {
			ids = append(ids, rs.Primary.ID)
		}
	}
	return ids
}

// attachmentCheckDestroyed asks the API that no policy of the state is left, and that no disk carries one.
func attachmentCheckDestroyed(t *testing.T, env *acctest.Env, disks []string) resource.TestCheckFunc {
	t.Helper()
	api := env.ECSClient(t)
	return func(st *terraform.State) error {
		ctx := t.Context()
		for _, id := range stateIDs(st, policyType) {
			left, err := api.DescribeAutoSnapshotPolicies(ctx, ecsclient.DescribeAutoSnapshotPoliciesInput{PolicyID: id})
			if err != nil {
				return fmt.Errorf("asking for policy %s after destroy: %w", id, err)
			}
			if len(left) > 0 {
				return fmt.Errorf("policy %s still exists after destroy", id)
			}
		}
		found, err := api.DescribeDisks(ctx, ecsclient.DescribeDisksInput{DiskIDs: disks})
		if err != nil {
			return fmt.Errorf("reading disks after destroy: %w", err)
		}
		if len(found) != len(disks) {
			return fmt.Errorf("DescribeDisks answered %d of the disks %v", len(found), disks)
		}
		for _, d := range found {
			if d.AutoSnapshotPolicyID != "" {
				return fmt.Errorf("after destroy disk %s still carries policy %s", d.DiskID, d.AutoSnapshotPolicyID)
			}
		}
		return nil
	}
}

// diskCarries checks through the API which policy (by the address of its resource) each disk carries.
func diskCarries(t *testing.T, api ecsclient.Client, want map[string]string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		for disk, policyAddr := range want {
			wantID := ""
			if policyAddr != "" {
				rs, ok := st.RootModule().Resources[policyAddr]
				if !ok {
					return fmt.Errorf("no %s in the state", policyAddr)
				}
				wantID = rs.Primary.ID
			}
			found, err := api.DescribeDisks(t.Context(), ecsclient.DescribeDisksInput{DiskIDs: []string{disk}})
			if err != nil {
				return err
			}
			if len(found) != 1 || found[0].AutoSnapshotPolicyID != wantID {
				return fmt.Errorf("disk %s: DescribeDisks answered %+v, want policy %q (%s)", disk, found, wantID, policyAddr)
			}
		}
		return nil
	}
}

func autoSnapshotIDs(ctx context.Context, api ecsclient.Client) ([]string, error) {
	found, err := api.DescribeSnapshots(ctx, ecsclient.DescribeSnapshotsInput{SnapshotType: "auto"})
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(found))
	for _, s := range found {
		ids = append(ids, s.SnapshotID)
	}
	return ids, nil
}

// The proof: a policy with two time points on every weekday applied to two disks takes 2 x 7 x 2 automatic
// snapshots in a week, which aliecs_snapshots lists with snapshot_type = "auto"; a week later (past the 7 days of
// retention) those are all released and the second week's are there instead; the policy and the attachments
// import; destroy leaves no policy and no disk carrying one.
func TestAccAutoSnapshotPolicyAttachment_weekOfAutomaticSnapshots(t *testing.T) {
	acctest.Long(t)
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // moves the emulator's clock
	if len(env.DiskIDs) < 2 {
		t.Fatalf("the fixture has %d snapshottable disks, the test needs 2", len(env.DiskIDs))
	}
	disk0, disk1 := env.DiskIDs[0], env.DiskIDs[1]
	api := env.ECSClient(t)
	h1, h2 := farTimePoints()
	base := env.ProviderConfig() + attachmentPolicyConfig("daily", h1, h2) +
		attachmentConfig("a0", "daily", disk0) + attachmentConfig("a1", "daily", disk1)
	withData := base + autoSnapshotsConfig(disk0, disk1)
	const perDisk = 2 * weekdayCount
	advance := func() {
		if _, err := env.Emulator.Backend().AdvanceClock(week); err != nil {
			t.Fatal(err)
		}
	}
	var firstWeek []string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             attachmentCheckDestroyed(t, env, []string{disk0, disk1}),
		Steps: []resource.TestStep{
			{
				Config: base,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(attachType+".a0", tfjsonpath.New("disk_id"), knownvalue.StringExact(disk0)),
					statecheck.ExpectKnownValue(attachType+".a0", tfjsonpath.New("id"),
						knownvalue.StringRegexp(regexp.MustCompile(`^sp-[a-z0-9]+:`+disk0+`$`))),
					statecheck.CompareValuePairs(attachType+".a1", tfjsonpath.New("auto_snapshot_policy_id"),
						policyType+".daily", tfjsonpath.New("id"), compare.ValuesSame()),
				},
				Check: diskCarries(t, api, map[string]string{disk0: policyType + ".daily", disk1: policyType + ".daily"}),
			},
			{
				PreConfig: advance,
				Config:    withData,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.aliecs_snapshots.auto", "total_count", fmt.Sprint(2*perDisk)),
					resource.TestCheckResourceAttr("data.aliecs_snapshots.auto0", "total_count", fmt.Sprint(perDisk)),
					resource.TestCheckResourceAttr("data.aliecs_snapshots.auto1", "total_count", fmt.Sprint(perDisk)),
					resource.TestCheckResourceAttr("data.aliecs_snapshots.auto", "snapshots.0.snapshot_type", "auto"),
					resource.TestMatchResourceAttr("data.aliecs_snapshots.auto", "snapshots.0.snapshot_name",
						regexp.MustCompile(`^auto_\d{8}_\d+$`)),
					func(*terraform.State) error {
						ids, err := autoSnapshotIDs(t.Context(), api)
						firstWeek = ids
						if err == nil && len(ids) != 2*perDisk {
							err = fmt.Errorf("the API lists %d automatic snapshots, want %d", len(ids), 2*perDisk)
						}
						return err
					},
				),
			},
			{
				// Another week: past the 7 days of retention of every first-week snapshot.
				PreConfig: advance,
				Config:    withData,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.aliecs_snapshots.auto", "total_count", fmt.Sprint(2*perDisk)),
					func(*terraform.State) error {
						ids, err := autoSnapshotIDs(t.Context(), api)
						if err != nil {
							return err
						}
						for _, id := range firstWeek {
							if slices.Contains(ids, id) {
								return fmt.Errorf("automatic snapshot %s of the first week outlived its 7 days of retention", id)
							}
						}
						return nil
					},
				),
			},
			{
				ResourceName:      policyType + ".daily",
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:      attachType + ".a0",
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:      attachType + ".a1",
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(st *terraform.State) (string, error) {
					return st.RootModule().Resources[policyType+".daily"].Primary.ID + ":" + disk1, nil
				},
			},
		},
	})
}

// Moving a disk to another policy is an in-place update that applies the new policy; replacing one attachment
// by another for the same disk (two resources, in whichever order Terraform runs them) never leaves the disk
// without the new policy.
func TestAccAutoSnapshotPolicyAttachment_moveBetweenPolicies(t *testing.T) {
	env := acctest.New(t)
	if len(env.DiskIDs) < 2 {
		t.Fatalf("the fixture has %d snapshottable disks, the test needs 2", len(env.DiskIDs))
	}
	disk0, disk1 := env.DiskIDs[0], env.DiskIDs[1]
	api := env.ECSClient(t)
	h1, h2 := farTimePoints()
	policies := env.ProviderConfig() + attachmentPolicyConfig("a", h1, h2) + attachmentPolicyConfig("b", h2, h1)
	addr := attachType + ".m"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             attachmentCheckDestroyed(t, env, []string{disk0, disk1}),
		Steps: []resource.TestStep{
			{
				Config: policies + attachmentConfig("m", "a", disk0) + attachmentConfig("old", "a", disk1),
				Check:  diskCarries(t, api, map[string]string{disk0: policyType + ".a", disk1: policyType + ".a"}),
			},
			{
				Config: policies + attachmentConfig("m", "b", disk0) + attachmentConfig("new", "b", disk1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(attachType+".old", plancheck.ResourceActionDestroy),
						plancheck.ExpectResourceAction(attachType+".new", plancheck.ResourceActionCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(addr, tfjsonpath.New("auto_snapshot_policy_id"),
						policyType+".b", tfjsonpath.New("id"), compare.ValuesSame()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					diskCarries(t, api, map[string]string{disk0: policyType + ".b", disk1: policyType + ".b"}),
					func(st *terraform.State) error {
						want := st.RootModule().Resources[policyType+".b"].Primary.ID + ":" + disk0
						if got := st.RootModule().Resources[addr].Primary.ID; got != want {
							return fmt.Errorf("id %s after the move, want %s", got, want)
						}
						return nil
					},
				),
			},
			{
				// Moved outside Terraform: the attachment is gone, and the next apply applies it again.
				PreConfig: func() {
					if err := api.CancelAutoSnapshotPolicy(t.Context(), "", []string{disk0}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             policies + attachmentConfig("m", "b", disk0) + attachmentConfig("new", "b", disk1),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: policies + attachmentConfig("m", "b", disk0) + attachmentConfig("new", "b", disk1),
				Check:  diskCarries(t, api, map[string]string{disk0: policyType + ".b", disk1: policyType + ".b"}),
			},
		},
	})
}

// Every rule of the attachment is refused at plan time, naming the attribute (or the import ID), the value and
// the rule; an empty policy ID never reaches the API.
func TestAccAutoSnapshotPolicyAttachment_planTimeErrors(t *testing.T) {
	env := acctest.New(t)
	cfg := func(policy, disk string) string {
		return env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_auto_snapshot_policy_attachment" "x" {
  auto_snapshot_policy_id = %q
  disk_id                 = %q
}
`, policy, disk)
	}
	importCfg := func(id string) string {
		return cfg("sp-bp1abc", env.DiskID) + fmt.Sprintf(`
import {
  to = aliecs_auto_snapshot_policy_attachment.x
  id = %q
}
`, id)
	}
	policyRule := `Attribute auto_snapshot_policy_id must be an automatic snapshot policy ID: "sp-" followed by lower-case letters and digits`
	diskRule := `Attribute disk_id must be a disk ID: "d-" followed by lower-case letters and digits`
	steps := []resource.TestStep{}
	for _, tc := range []struct{ config, want string }{
		{cfg("", env.DiskID), policyRule + `.*got: ""`},
		{cfg("SP-1", env.DiskID), policyRule + `.*got: "SP-1"`},
		{cfg("s-bp1abc", env.DiskID), policyRule + `.*got: "s-bp1abc"`},
		{cfg("sp-bp1abc", "d-BAD"), diskRule + `.*got: "d-BAD"`},
		{cfg("sp-bp1abc", ""), diskRule + `.*got: ""`},
		{importCfg(env.DiskID + ":sp-bp1abc"), `The import ID "` + env.DiskID + `:sp-bp1abc" is not <auto_snapshot_policy_id>:<disk_id>`},
		{importCfg("sp-bp1abc"), `The import ID "sp-bp1abc" is not <auto_snapshot_policy_id>:<disk_id>`},
		{importCfg("sp-bp1nosuchpolicy:" + env.DiskID), `carries no automatic snapshot policy, not sp-bp1nosuchpolicy`},
	} {
		// (?s): the rule and the value may be lines apart.
		steps = append(steps, resource.TestStep{Config: tc.config, PlanOnly: true, ExpectError: wrapped("(?s)" + tc.want)})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.Factories, Steps: steps})
}
