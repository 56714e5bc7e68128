package provider_test

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	ecdwire "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// The family's objects in the emulator's default fixture (cn-hangzhou): the snapshot and the snapshot group are
// of web-prod-01's two disks, one each, so that neither waits for the other's snapshot; the policy is attached to
// a disk of batch-worker-02.
const (
	familyInstance     = "i-bp1h6jmbefj2cyqs6vrq"
	familyGroupDisk    = "d-bp1a3r2m5jxl7hq0w8ke"
	familySnapshotDisk = "d-bp1c8n4x2w6yz0t5pq3s"
	familyPolicyDisk   = "d-bp1t7y2u9i4o6p1a3sd5"
	// A resource group other than the default, so that the copy is moved with JoinResourceGroup.
	familyResourceGroup = "rg-aek2bsxtc4tgwfq"
)

// familyConfig is one of every resource of the provider, tagged where the resource takes tags, after the provider
// blocks providers: a snapshot in region source, its copy through the provider copyProvider (of another region), a
// policy attached to a disk, a snapshot group and a snapshot of desktop.
func familyConfig(providers, copyProvider, source, desktop string) string {
	return providers + fmt.Sprintf(`
resource "aliecs_snapshot" "family" {
  disk_id       = %[1]q
  snapshot_name = "family-snapshot"
  tags = {
    family = "storm"
  }
}

resource "aliecs_snapshot_copy" "family" {
  provider           = %[8]s
  source_snapshot_id = aliecs_snapshot.family.id
  source_region_id   = %[2]q
  snapshot_name      = "family-copy"
  resource_group_id  = %[3]q
  tags = {
    family = "storm"
  }
}

resource "aliecs_auto_snapshot_policy" "family" {
  name            = "family-policy"
  time_points     = [2]
  repeat_weekdays = [1]
  retention_days  = 7
  tags = {
    family = "storm"
  }
}

resource "aliecs_auto_snapshot_policy_attachment" "family" {
  auto_snapshot_policy_id = aliecs_auto_snapshot_policy.family.id
  disk_id                 = %[4]q
}

resource "aliecs_snapshot_group" "family" {
  instance_id = %[5]q
  disk_ids    = [%[6]q]
  name        = "family-group"
  tags = {
    family = "storm"
  }
}

resource "aliecs_desktop_snapshot" "family" {
  desktop_id       = %[7]q
  snapshot_name    = "family-desktop"
  source_disk_type = "system"
  description      = "one of the family"
}
`, familySnapshotDisk, source, familyResourceGroup, familyPolicyDisk, familyInstance, familyGroupDisk, desktop, copyProvider)
}

// familyInventory is every object of the kinds the provider manages, as the emulator holds them (its backends,
// not Terraform's state): what a test compares before, during and after an apply.
type familyInventory struct {
	snapshots        map[string]backend.Snapshot // every region's ECS snapshots, by ID (automatic ones left out)
	policies         map[string]backend.AutoSnapshotPolicyItem
	attachments      map[string]string // disk ID -> policy ID
	groups           map[string]backend.SnapshotGroupItem
	desktopSnapshots map[string]string // ID -> name
}

// takeInventory reads inv from the emulator's backends, in every region of the fixture.
func takeInventory(s *emulator.Server) (familyInventory, error) {
	inv := familyInventory{snapshots: map[string]backend.Snapshot{}, policies: map[string]backend.AutoSnapshotPolicyItem{},
		attachments: map[string]string{}, groups: map[string]backend.SnapshotGroupItem{}, desktopSnapshots: map[string]string{}}
	b := s.Backend()
	for _, snap := range b.Snapshots() {
		// A policy's automatic snapshots are the API's doing, at its time points, not an object the apply made.
		if snap.SnapshotType != "auto" {
			inv.snapshots[snap.SnapshotId] = snap
		}
	}
	for _, region := range b.Regions() {
		policies, err := b.DescribeAutoSnapshotPolicyEx(backend.DescribeAutoSnapshotPolicyExInput{RegionID: region, PageSize: "100"})
		if err != nil {
			return inv, fmt.Errorf("policies of %s: %w", region, err)
		}
		for _, p := range policies.AutoSnapshotPolicies.AutoSnapshotPolicy {
			inv.policies[p.AutoSnapshotPolicyId] = p
		}
		disks, err := b.DescribeDisks(backend.DescribeDisksInput{RegionID: region, PageSize: "100"})
		if err != nil {
			return inv, fmt.Errorf("disks of %s: %w", region, err)
		}
		for _, d := range disks.Disks.Disk {
			if d.AutoSnapshotPolicyId != "" {
				inv.attachments[d.DiskId] = d.AutoSnapshotPolicyId
			}
		}
		groups, err := b.DescribeSnapshotGroups(backend.DescribeSnapshotGroupsInput{RegionID: region, MaxResults: "100"})
		if err != nil {
			return inv, fmt.Errorf("snapshot groups of %s: %w", region, err)
		}
		for _, g := range groups.SnapshotGroups.SnapshotGroup {
			inv.groups[g.SnapshotGroupId] = g
		}
	}
	for _, snap := range s.ECD().Snapshots() {
		if snap.SnapshotType != "AUTO" && snap.SnapshotType != "auto" {
			inv.desktopSnapshots[snap.SnapshotID] = snap.SnapshotName
		}
	}
	return inv, nil
}

// added is what inv holds that before does not, as "kind ID" sorted.
func (inv familyInventory) added(before familyInventory) []string {
	var out []string
	addNew := func(kind string, now, then []string) {
		for _, id := range now {
			if !slices.Contains(then, id) {
				out = append(out, kind+" "+id)
			}
		}
	}
	addNew("snapshot", slices.Collect(maps.Keys(inv.snapshots)), slices.Collect(maps.Keys(before.snapshots)))
	addNew("policy", slices.Collect(maps.Keys(inv.policies)), slices.Collect(maps.Keys(before.policies)))
	var nowAttached, thenAttached []string
	for d, p := range inv.attachments {
		nowAttached = append(nowAttached, d+"->"+p)
	}
	for d, p := range before.attachments {
		thenAttached = append(thenAttached, d+"->"+p)
	}
	addNew("attachment", nowAttached, thenAttached)
	addNew("group", slices.Collect(maps.Keys(inv.groups)), slices.Collect(maps.Keys(before.groups)))
	addNew("desktop-snapshot", slices.Collect(maps.Keys(inv.desktopSnapshots)), slices.Collect(maps.Keys(before.desktopSnapshots)))
	sort.Strings(out)
	return out
}

// familyIDs are the IDs of a state's resources, by type (one of each in familyConfig).
func familyIDs(st *terraform.State) map[string]string {
	ids := map[string]string{}
	for _, rs := range st.RootModule().Resources {
		ids[rs.Type] = rs.Primary.ID
	}
	return ids
}

// familyExpected is what the apply of familyConfig must have added to the emulator, as "kind ID" sorted: the
// objects the state names (ids, by type) and, for the group, its member snapshots; no more (nothing doubled or
// orphaned), no less.
func familyExpected(ids map[string]string, s *emulator.Server) ([]string, error) {
	for _, typ := range []string{"aliecs_snapshot", "aliecs_snapshot_copy", "aliecs_auto_snapshot_policy",
		"aliecs_auto_snapshot_policy_attachment", "aliecs_snapshot_group", "aliecs_desktop_snapshot"} {
		if ids[typ] == "" {
			return nil, fmt.Errorf("no %s in the state", typ)
		}
	}
	want := []string{
		"snapshot " + ids["aliecs_snapshot"],
		"snapshot " + ids["aliecs_snapshot_copy"],
		"policy " + ids["aliecs_auto_snapshot_policy"],
		"attachment " + familyPolicyDisk + "->" + ids["aliecs_auto_snapshot_policy"],
		"group " + ids["aliecs_snapshot_group"],
		"desktop-snapshot " + ids["aliecs_desktop_snapshot"],
	}
	groups, err := s.Backend().DescribeSnapshotGroups(backend.DescribeSnapshotGroupsInput{
		RegionID: s.Backend().Region(), SnapshotGroupIDs: []string{ids["aliecs_snapshot_group"]}})
	if err != nil {
		return nil, err
	}
	if len(groups.SnapshotGroups.SnapshotGroup) != 1 {
		return nil, fmt.Errorf("the emulator has %d groups %s", len(groups.SnapshotGroups.SnapshotGroup), ids["aliecs_snapshot_group"])
	}
	for _, m := range groups.SnapshotGroups.SnapshotGroup[0].Snapshots.Snapshot {
		want = append(want, "snapshot "+m.SnapshotId)
	}
	sort.Strings(want)
	return want, nil
}

// checkFamilyOnce checks that the emulator holds exactly one of every object of the family, each the state's,
// where it belongs (the copy in dest), with its name and no create marker left.
func checkFamilyOnce(s *emulator.Server, before func() familyInventory, dest string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		return familyOnce(s, before(), dest, familyIDs(st))
	}
}

// familyOnce checks that s holds, besides what it held before, exactly the family whose IDs (by resource type)
// are ids, with the copy in dest.
func familyOnce(s *emulator.Server, before familyInventory, dest string, ids map[string]string) error {
	inv, err := takeInventory(s)
	if err != nil {
		return err
	}
	want, err := familyExpected(ids, s)
	if err != nil {
		return err
	}
	if got := inv.added(before); !slices.Equal(got, want) {
		return fmt.Errorf("the apply added to the emulator\n  %s\nwant exactly\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	// Each by name where the API keeps names: one of each, in its region.
	named := map[string][]string{}
	for _, snap := range inv.snapshots {
		named[snap.SnapshotName] = append(named[snap.SnapshotName], snap.RegionId)
		for _, tag := range snap.Tags.Tag {
			if tag.TagKey == client.AttemptMarkerKey {
				return fmt.Errorf("snapshot %s still carries the create marker", snap.SnapshotId)
			}
		}
	}
	for _, p := range inv.policies {
		named[p.AutoSnapshotPolicyName] = append(named[p.AutoSnapshotPolicyName], p.RegionId)
		for _, tag := range p.Tags.Tag {
			if tag.TagKey == client.AttemptMarkerKey {
				return fmt.Errorf("policy %s still carries the create marker", p.AutoSnapshotPolicyId)
			}
		}
	}
	for _, g := range inv.groups {
		named[g.Name] = append(named[g.Name], "group")
	}
	for _, name := range inv.desktopSnapshots {
		named[name] = append(named[name], "desktop")
	}
	for name, where := range map[string]string{
		"family-snapshot": s.Backend().Region(), "family-copy": dest, "family-policy": s.Backend().Region(),
		"family-group": "group", "family-desktop": "desktop",
	} {
		if got := named[name]; !slices.Equal(got, []string{where}) {
			return fmt.Errorf("%s: the emulator has %v, want one in %s", name, got, where)
		}
	}
	return nil
}

// checkNothingMade checks that the emulator holds what it held before the test, nothing more.
func checkNothingMade(s *emulator.Server, before familyInventory) error {
	inv, err := takeInventory(s)
	if err != nil {
		return err
	}
	if left := inv.added(before); len(left) > 0 {
		return fmt.Errorf("left in the emulator after destroy:\n  %s", strings.Join(left, "\n  "))
	}
	for _, snap := range inv.snapshots {
		if snap.SnapshotName != "" && strings.HasPrefix(snap.SnapshotName, "family-") {
			return fmt.Errorf("snapshot %s (%s) left in %s", snap.SnapshotId, snap.SnapshotName, snap.RegionId)
		}
	}
	return nil
}

// lostAnswer is a call of the family whose first answer for each object is lost: Each is the request parameter
// that names the object (the disk a snapshot is made of, the snapshot a copy or delete names...), and Objects how
// many objects of the family the call makes, changes or removes, which is how many answers are to be lost.
type lostAnswer struct {
	Call, Each string
	Objects    int
}

// The calls that make the family (each resource's create and the attachment, then the tag and resource group
// calls the creates make) and those that destroy it, as the emulator names them.
var (
	familyCreates = []lostAnswer{
		{"CreateSnapshot", "DiskId", 1},
		{"CopySnapshot", "SnapshotId", 1},
		{"CreateAutoSnapshotPolicy", "autoSnapshotPolicyName", 1},
		{"ApplyAutoSnapshotPolicy", "diskIds", 1},
		{"CreateSnapshotGroup", "InstanceId", 1},
		{ecdwire.CallPrefix + "CreateSnapshot", "DesktopId", 1},
	}
	// Objects 0: as many as the creates call it for (the policy's create marker is removed with UntagResources,
	// the copy is moved with JoinResourceGroup; TagResources is not called when creates take their tags).
	familyTagCalls = []lostAnswer{
		{"TagResources", "ResourceId.1", 0},
		{"UntagResources", "ResourceId.1", 0},
		{"JoinResourceGroup", "ResourceId", 0},
	}
	familyDeletes = []lostAnswer{
		{"DeleteSnapshot", "SnapshotId", 2}, // the snapshot and its copy; the group's go with the group
		{"CancelAutoSnapshotPolicy", "diskIds", 1},
		{"DeleteAutoSnapshotPolicy", "autoSnapshotPolicyId", 1},
		{"DeleteSnapshotGroup", "SnapshotGroupId", 1},
		{ecdwire.CallPrefix + "DeleteSnapshot", "SnapshotId.1", 1},
	}
)

// dropFirstAnswers makes the emulator act on the first call of each of calls for each object, and drop its answer.
func dropFirstAnswers(calls ...lostAnswer) []emulator.Fault {
	faults := make([]emulator.Fault, 0, len(calls))
	for _, c := range calls {
		faults = append(faults, emulator.Fault{Action: c.Call, Mode: emulator.FaultDropAfter, Each: c.Each})
	}
	return faults
}

// checkLost checks that each call lost as many answers as it has objects since drops were counted: every
// object met the fault once.
func checkLost(log *acctest.FaultLog, dropsBefore map[string]int, calls []lostAnswer) error {
	for _, c := range calls {
		if n := log.Count(acctest.FaultDropAfter, c.Call) - dropsBefore[acctest.FaultDropAfter+" "+c.Call]; n != c.Objects {
			return fmt.Errorf("%d answers of %s dropped after acting, want %d, one per object (faults: %v)", n, c.Call, c.Objects, log.Snapshot())
		}
	}
	return nil
}

// logCalls reports, per action, the calls the emulator saw since before and the answers it dropped.
func logCalls(t *testing.T, phase string, log *acctest.FaultLog, before, now map[string]int64, dropsBefore map[string]int) {
	t.Helper()
	var actions []string
	for a := range now {
		if now[a] != before[a] {
			actions = append(actions, a)
		}
	}
	sort.Strings(actions)
	var b strings.Builder
	for _, a := range actions {
		dropped := log.Count(acctest.FaultDropAfter, a) - dropsBefore[acctest.FaultDropAfter+" "+a]
		fmt.Fprintf(&b, "\n  %-28s %3d calls, %d answers dropped after acting", a, now[a]-before[a], dropped)
	}
	t.Logf("%s:%s", phase, b.String())
}

// The whole family under lost answers: the emulator acts on the first call of every create, attach, tag and
// resource group call of an apply and then drops its answer, and likewise on the first call of every delete and
// detach of the destroy. After the apply the emulator holds exactly one of every object, the state's; the next
// plan is empty; after the destroy nothing the configuration made is left in either region.
func TestAccFamily_lostAnswerStorm(t *testing.T) {
	acctest.Long(t)
	env, log := acctest.StartFaultEmulator(t, time.Second, nil)
	dest, _ := env.SecondRegion(t)
	desktop := env.RunningDesktopID(t)
	s := env.Emulator.Server
	config := familyConfig(env.ProviderConfig()+env.ProviderConfigAlternate(dest), acctest.ProviderNameAlternate, env.Region(), desktop)

	var before familyInventory
	var countsBefore, countsDestroy map[string]int64
	var dropsDestroy map[string]int
	inventoryBefore := func() familyInventory { return before }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.FactoriesAlternate(),
		CheckDestroy: func(*terraform.State) error {
			logCalls(t, "destroy", log, countsDestroy, s.CallCounts(), dropsDestroy)
			if err := checkLost(log, dropsDestroy, familyDeletes); err != nil {
				return err
			}
			return checkNothingMade(s, before)
		},
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					var err error
					if before, err = takeInventory(s); err != nil {
						t.Fatal(err)
					}
					countsBefore = s.CallCounts()
					if err := s.SetFaults(dropFirstAnswers(slices.Concat(familyCreates, familyTagCalls)...)); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						applied := s.CallCounts()
						logCalls(t, "apply", log, countsBefore, applied, nil)
						// The copy is moved with JoinResourceGroup, and the policy's create marker removed with
						// UntagResources: one object each.
						tagCalls := slices.Clone(familyTagCalls)
						tagCalls[1].Objects, tagCalls[2].Objects = 1, 1
						return checkLost(log, nil, slices.Concat(familyCreates, tagCalls))
					},
					checkFamilyOnce(s, inventoryBefore, dest),
				),
			},
			{
				// Refreshed and planned again: nothing to do, and still one of each. Then the faults of the destroy
				// are armed, for the destroy that follows the last step (a step with Destroy would leave the state
				// empty, and the test's CheckDestroy is not run after an empty state).
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					checkFamilyOnce(s, inventoryBefore, dest),
					func(*terraform.State) error {
						countsDestroy, dropsDestroy = s.CallCounts(), log.Snapshot()
						return s.SetFaults(dropFirstAnswers(familyDeletes...))
					},
				),
			},
		},
	})
}
