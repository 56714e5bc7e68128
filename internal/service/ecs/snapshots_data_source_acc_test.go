package ecs_test

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	sdkacctest "github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// The data source tests' own instances, disks and resource groups, seeded next to the default fixture so
// that no test depends on its IDs.
const (
	dsInstA     = "i-dsacc0000000000000a"
	dsInstB     = "i-dsacc0000000000000b"
	dsDiskSys   = "d-dsacc00000000000sys" // system disk of dsInstA
	dsDiskData  = "d-dsacc0000000000data" // data disk of dsInstA
	dsDiskEnc   = "d-dsacc00000000000enc" // encrypted ESSD data disk of dsInstB
	dsKMSKey    = "0e478b7a-4262-4802-b8cb-dsacc0000001"
	dsRGOne     = "rg-dsacc000000001"
	dsRGTwo     = "rg-dsacc000000002"
	dsSeedStart = "2024-05-01T08:00:00Z"
)

func dsSeedFixture(t *testing.T, b *backend.Backend) {
	t.Helper()
	disk := func(id, inst, typ, category string) backend.Disk {
		return backend.Disk{DiskID: id, DiskName: id, InstanceID: inst, ZoneID: "cn-hangzhou-i", Type: typ, Category: category,
			Status: "In_use", SizeGiB: 40, EverAttached: true, EverUsed: true}
	}
	enc := disk(dsDiskEnc, dsInstB, "data", "cloud_essd")
	enc.Encrypted, enc.KMSKeyID, enc.SizeGiB = true, dsKMSKey, 500
	err := b.Seed(backend.Fixture{
		ResourceGroups: []string{dsRGOne, dsRGTwo},
		Instances: []backend.Instance{
			{InstanceID: dsInstA, InstanceName: "dsacc-a", ZoneID: "cn-hangzhou-i", Status: "Running", EverStarted: true},
			{InstanceID: dsInstB, InstanceName: "dsacc-b", ZoneID: "cn-hangzhou-i", Status: "Stopped", EverStarted: true},
		},
		Disks: []backend.Disk{disk(dsDiskSys, dsInstA, "system", "cloud_essd"), disk(dsDiskData, dsInstA, "data", "cloud_efficiency"), enc},
	})
	if err != nil {
		t.Fatalf("seeding the fixture: %v", err)
	}
}

// dsSeeded are six snapshots ten minutes apart from 08:00 UTC, made to tell every filter apart.
type dsSeeded struct {
	s1, s2, s3, s4, s5, s6 string
	encLink                string // the snapshot chain of dsDiskEnc
}

func dsSeedSnapshots(t *testing.T, b *backend.Backend, clock *dsClock) dsSeeded {
	t.Helper()
	dsSeedFixture(t, b)
	start, _ := time.Parse(time.RFC3339, dsSeedStart)
	at := func(minutes int) { clock.Set(start.Add(time.Duration(minutes) * time.Minute)) }
	var s dsSeeded

	at(0)
	s.s1 = dsSeedSnapshot(t, b, backend.CreateSnapshotInput{DiskID: dsDiskSys, SnapshotName: "app-sys-1",
		Tags: []backend.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: "a"}}})
	at(10)
	s.s2 = dsSeedSnapshot(t, b, backend.CreateSnapshotInput{DiskID: dsDiskData, SnapshotName: "app-data-1", ResourceGroupID: dsRGOne,
		Tags: []backend.Tag{{Key: "env", Value: "dev"}}})
	at(20)
	s.s3 = dsSeedSnapshot(t, b, backend.CreateSnapshotInput{DiskID: dsDiskEnc, SnapshotName: "db-enc-1", Category: "Flash",
		ResourceGroupID: dsRGTwo, Description: "encrypted flash", RetentionDays: "30"})
	at(30)
	if err := b.FailNextSnapshots(dsDiskData, 1); err != nil {
		t.Fatal(err)
	}
	s.s4 = dsSeedSnapshot(t, b, backend.CreateSnapshotInput{DiskID: dsDiskData, SnapshotName: "app-data-2"})
	at(40)
	s.s5 = dsSeedSnapshot(t, b, backend.CreateSnapshotInput{DiskID: dsDiskSys})
	if err := b.SetSnapshotUsage(s.s5, "image"); err != nil {
		t.Fatal(err)
	}
	at(50)
	// The clock stops here, so this one stays progressing for the whole test.
	b.SetSnapshotDuration(time.Hour)
	s.s6 = dsSeedSnapshot(t, b, backend.CreateSnapshotInput{DiskID: dsDiskEnc, SnapshotName: "db-enc-2"})

	snap, ok := b.Snapshot(s.s3)
	if !ok {
		t.Fatalf("seeded snapshot %s not found", s.s3)
	}
	s.encLink = snap.SnapshotLinkId
	return s
}

func TestAccSnapshotsDataSource_filters(t *testing.T) {
	clock := &dsClock{}
	env := dsSeededEnv(t, clock)
	s := dsSeedSnapshots(t, env.Emulator.Backend(), clock)

	blocks := map[string]string{
		"all":                 ``,
		"instance":            fmt.Sprintf(`instance_id = %q`, dsInstA),
		"disk":                fmt.Sprintf(`disk_id = %q`, dsDiskData),
		"link":                fmt.Sprintf(`snapshot_link_id = %q`, s.encLink),
		"ids":                 fmt.Sprintf(`ids = [%q, %q, "s-dsaccdoesnotexist"]`, s.s1, s.s3),
		"ids_empty":           `ids = []`,
		"name":                `snapshot_name = "app-data-1"`,
		"status_failed":       `status = "failed"`,
		"status_progressing":  `status = "progressing"`,
		"status_accomplished": `status = "accomplished"`,
		"status_all":          `status = "all"`,
		"type_user":           `snapshot_type = "user"`,
		"type_auto":           `snapshot_type = "auto"`,
		"type_timer":          `snapshot_type = "timer"`,
		"usage_image":         `usage = "image"`,
		"usage_none":          `usage = "none"`,
		"disk_type_system":    `source_disk_type = "System"`,
		"disk_type_data":      `source_disk_type = "DATA"`,
		"encrypted":           `encrypted = true`,
		"unencrypted":         `encrypted = false`,
		"rg":                  fmt.Sprintf(`resource_group_id = %q`, dsRGOne),
		"kms":                 fmt.Sprintf(`kms_key_id = %q`, dsKMSKey),
		"category_flash":      `category = "flash"`,
		"category_standard":   `category = "Standard"`,
		"tags":                `tags = { env = "prod" }`,
		"tags_two":            `tags = { env = "prod", team = "b" }`,
		"created_after":       `creation_start_time = "2024-05-01T08:25Z"`,
		// 16:15 in UTC+8 is 08:15 UTC.
		"created_before": `creation_end_time = "2024-05-01T16:15:00+08:00"`,
		"created_between": `
  creation_start_time = "2024-05-01T08:05:00Z"
  creation_end_time   = "2024-05-01T08:35Z"`,
		"combined": fmt.Sprintf(`
  instance_id = %q
  status      = "accomplished"
  usage       = "none"`, dsInstA),
		"regex":             `name_regex = "^app-"`,
		"regex_recent":      "name_regex  = \"^app-\"\n  most_recent = true",
		"recent":            `most_recent = true`,
		"recent_of_nothing": "name_regex  = \"^nothing-\"\n  most_recent = true",
		"dry_run":           `dry_run = true`,
	}
	checks := [][]statecheck.StateCheck{
		dsExpectIDs("all", s.s6, s.s5, s.s4, s.s3, s.s2, s.s1),
		dsExpectIDs("instance", s.s5, s.s4, s.s2, s.s1),
		dsExpectIDs("disk", s.s4, s.s2),
		dsExpectIDs("link", s.s6, s.s3),
		dsExpectIDs("ids", s.s3, s.s1),
		dsExpectIDs("ids_empty"), // an empty list asks for none of the snapshots, not for all of them
		dsExpectIDs("name", s.s2),
		dsExpectIDs("status_failed", s.s4),
		dsExpectIDs("status_progressing", s.s6),
		dsExpectIDs("status_accomplished", s.s5, s.s3, s.s2, s.s1),
		dsExpectIDs("status_all", s.s6, s.s5, s.s4, s.s3, s.s2, s.s1),
		dsExpectIDs("type_user", s.s6, s.s5, s.s4, s.s3, s.s2, s.s1),
		dsExpectIDs("type_auto"), // the emulator makes manual snapshots only
		dsExpectIDs("type_timer"),
		dsExpectIDs("usage_image", s.s5),
		dsExpectIDs("usage_none", s.s6, s.s4, s.s3, s.s2, s.s1),
		dsExpectIDs("disk_type_system", s.s5, s.s1),
		dsExpectIDs("disk_type_data", s.s6, s.s4, s.s3, s.s2),
		dsExpectIDs("encrypted", s.s6, s.s3),
		dsExpectIDs("unencrypted", s.s5, s.s4, s.s2, s.s1),
		// The default resource group's snapshots always come along, as the API documents; s3 is in dsRGTwo.
		dsExpectIDs("rg", s.s6, s.s5, s.s4, s.s2, s.s1),
		dsExpectIDs("kms", s.s6, s.s3),
		dsExpectIDs("category_flash", s.s3),
		dsExpectIDs("category_standard", s.s6, s.s5, s.s4, s.s2, s.s1),
		dsExpectIDs("tags", s.s1),
		dsExpectIDs("tags_two"),
		dsExpectIDs("created_after", s.s6, s.s5, s.s4),
		dsExpectIDs("created_before", s.s2, s.s1),
		dsExpectIDs("created_between", s.s4, s.s3, s.s2),
		dsExpectIDs("combined", s.s2, s.s1), // s4 failed, s5 used for an image,
		dsExpectIDs("regex", s.s4, s.s2, s.s1),
		dsExpectIDs("regex_recent", s.s4),
		dsExpectIDs("recent", s.s6),
		dsExpectIDs("recent_of_nothing"),
		dsExpectIDs("dry_run"),
	}
	var all []statecheck.StateCheck
	for _, c := range checks {
		all = append(all, c...)
	}
	all = append(all,
		statecheck.ExpectKnownValue("data.aliecs_snapshots.name", tfjsonpath.New("names"),
			knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("app-data-1")})),
		statecheck.ExpectKnownValue("data.aliecs_snapshots.regex", tfjsonpath.New("names"),
			knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("app-data-2"), knownvalue.StringExact("app-data-1"), knownvalue.StringExact("app-sys-1")})),
		// Every field of one snapshot, as the emulator shows it.
		statecheck.ExpectKnownValue("data.aliecs_snapshots.ids", tfjsonpath.New("snapshots").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":                            knownvalue.StringExact(s.s3),
			"snapshot_id":                   knownvalue.StringExact(s.s3),
			"snapshot_name":                 knownvalue.StringExact("db-enc-1"),
			"description":                   knownvalue.StringExact("encrypted flash"),
			"status":                        knownvalue.StringExact("accomplished"),
			"progress":                      knownvalue.Int64Exact(100),
			"remain_time":                   knownvalue.Int64Exact(0),
			"creation_time":                 knownvalue.StringExact("2024-05-01T08:20:00Z"),
			"last_modified_time":            knownvalue.StringRegexp(regexp.MustCompile(`^2024-05-01T08:[0-9:]+Z$`)),
			"source_disk_id":                knownvalue.StringExact(dsDiskEnc),
			"source_disk_size":              knownvalue.Int64Exact(500),
			"source_disk_type":              knownvalue.StringExact("data"),
			"source_storage_type":           knownvalue.StringExact("disk"),
			"retention_days":                knownvalue.Int64Exact(30),
			"instant_access":                knownvalue.Bool(false),
			"instant_access_retention_days": knownvalue.Null(), // as the resource shows it
			"available":                     knownvalue.Bool(true),
			"encrypted":                     knownvalue.Bool(true),
			"snapshot_type":                 knownvalue.StringExact("user"),
			"usage":                         knownvalue.StringExact("none"),
			"region_id":                     knownvalue.StringExact("cn-hangzhou"),
			"resource_group_id":             knownvalue.StringExact(dsRGTwo),
			"category":                      knownvalue.StringExact("flash"),
			"kms_key_id":                    knownvalue.StringExact(dsKMSKey),
			"snapshot_sn":                   knownvalue.NotNull(),
			"product_code":                  knownvalue.Null(), // a value the API leaves empty is null
			"source_snapshot_id":            knownvalue.Null(),
			"source_region_id":              knownvalue.Null(),
			"snapshot_link_id":              knownvalue.StringExact(s.encLink),
			"tags":                          knownvalue.MapExact(map[string]knownvalue.Check{}),
		})),
		statecheck.ExpectKnownValue("data.aliecs_snapshots.tags", tfjsonpath.New("snapshots").AtSliceIndex(0).AtMapKey("tags"),
			knownvalue.MapExact(map[string]knownvalue.Check{"env": knownvalue.StringExact("prod"), "team": knownvalue.StringExact("a")})),
		statecheck.ExpectKnownValue("data.aliecs_snapshots.status_progressing", tfjsonpath.New("snapshots").AtSliceIndex(0).AtMapKey("progress"),
			knownvalue.Int64Exact(0)),
	)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config:            dsConfig(env, blocks),
			ConfigStateChecks: all,
		}},
	})
}

// dsClock is the emulator backend's clock in the data source tests: creation times, and so the
// creation_*_time filters and the order of results, are then exact.
type dsClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *dsClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *dsClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// dsSeededEnv is an emulator whose backend runs on clock, with snapshots accomplished at once, and the
// provider pointed at it. The tests seed snapshots through the backend, which only the emulator allows.
func dsSeededEnv(t *testing.T, clock *dsClock) *acctest.Env {
	t.Helper()
	acctest.PreCheck(t)
	if acctest.RealCloud() {
		t.Skip("seeds snapshots through the emulator's backend; skipped against the real cloud")
	}
	return acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1, Now: clock.Now})
}

// dsSeedSnapshot makes a snapshot through the backend and fails the test if the backend refuses.
func dsSeedSnapshot(t *testing.T, b *backend.Backend, in backend.CreateSnapshotInput) string {
	t.Helper()
	in.RegionID = b.Region()
	out, err := b.CreateSnapshot(in)
	if err != nil {
		t.Fatalf("seeding a snapshot of %s: %v", in.DiskID, err)
	}
	return out.SnapshotId
}

// dsConfig renders one aliecs_snapshots block per name, in name order, after the provider block.
func dsConfig(env *acctest.Env, blocks map[string]string) string {
	names := make([]string, 0, len(blocks))
	for n := range blocks {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(env.ProviderConfig())
	for _, n := range names {
		fmt.Fprintf(&b, "\ndata \"aliecs_snapshots\" %q {\n%s\n}\n", n, blocks[n])
	}
	return b.String()
}

// dsExpectIDs checks both outputs that list what was found: ids (in order) and total_count.
func dsExpectIDs(name string, ids ...string) []statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	addr := "data.aliecs_snapshots." + name
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids"), knownvalue.ListExact(checks)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(int64(len(ids)))),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("snapshots"), knownvalue.ListSizeExact(len(ids))),
	}
}

// dsHCLList renders strings as an HCL list.
func dsHCLList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// TestAccSnapshotsDataSource_paging reads past DescribeSnapshots' 100 a page and asks for more than the
// 100 SnapshotIds one call takes.
func TestAccSnapshotsDataSource_paging(t *testing.T) {
	const total = 250
	clock := &dsClock{}
	env := dsSeededEnv(t, clock)
	b := env.Emulator.Backend()
	dsSeedFixture(t, b)
	start, _ := time.Parse(time.RFC3339, dsSeedStart)
	// A disk holds 256 snapshots at most: spread them over three. One second apart, so newest first is
	// the reverse of creation.
	disks := []string{dsDiskSys, dsDiskData, dsDiskEnc}
	created := make([]string, 0, total)
	for i := range total {
		clock.Set(start.Add(time.Duration(i) * time.Second))
		created = append(created, dsSeedSnapshot(t, b, backend.CreateSnapshotInput{
			DiskID: disks[i%len(disks)], SnapshotName: fmt.Sprintf("bulk-%03d", i),
		}))
	}
	newestFirst := slices.Clone(created)
	slices.Reverse(newestFirst)

	// Every other snapshot, oldest first, with an unknown ID and a duplicate: 125 + 2 IDs asked, over two calls.
	var asked, askedFound []string
	for i := 0; i < total; i += 2 {
		asked = append(asked, created[i])
	}
	asked = append(asked, "s-dsaccdoesnotexist", created[0])
	for _, id := range newestFirst {
		if slices.Contains(asked, id) {
			askedFound = append(askedFound, id)
		}
	}
	// All 250 by ID: three calls of 100, 100 and 50.
	blocks := map[string]string{
		"all":      ``,
		"data":     fmt.Sprintf(`disk_id = %q`, dsDiskData),
		"some_ids": fmt.Sprintf(`ids = %s`, dsHCLList(asked)),
		"all_ids":  fmt.Sprintf(`ids = %s`, dsHCLList(created)),
		"regex":    "name_regex  = \"^bulk-1\"\n  most_recent = true",
	}
	var dataDisk []string
	for _, id := range newestFirst {
		if s, _ := b.Snapshot(id); s.SourceDiskId == dsDiskData {
			dataDisk = append(dataDisk, id)
		}
	}
	var checks []statecheck.StateCheck
	checks = append(checks, dsExpectIDs("all", newestFirst...)...)
	checks = append(checks, dsExpectIDs("data", dataDisk...)...)
	checks = append(checks, dsExpectIDs("some_ids", askedFound...)...)
	checks = append(checks, dsExpectIDs("all_ids", newestFirst...)...)
	checks = append(checks, dsExpectIDs("regex", created[199])...) // bulk-199 is the newest bulk-1xx

	env.Emulator.ResetCallCounts()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config:            dsConfig(env, blocks),
			ConfigStateChecks: checks,
		}},
	})
	if len(askedFound) != 125 || len(dataDisk) != 83 {
		t.Fatalf("the test's own arithmetic is off: %d asked found, %d on the data disk", len(askedFound), len(dataDisk))
	}
	// One read of the five data sources is 12 calls at 100 a call: all 3, data 1, some_ids 2, all_ids 3,
	// regex 3. Terraform reads them several times in a step, so the count is a multiple of that.
	const callsPerRead = 12
	if n := env.Emulator.CallCounts()["DescribeSnapshots"]; n == 0 || n%callsPerRead != 0 {
		t.Errorf("DescribeSnapshots was called %d times, want a positive multiple of %d", n, callsPerRead)
	}
}

// TestAccSnapshotsDataSource_resource finds snapshots that aliecs_snapshot made, the way a configuration
// would; it needs no emulator control, so it runs against the real cloud as well.
func TestAccSnapshotsDataSource_resource(t *testing.T) {
	env := acctest.New(t)
	name := sdkacctest.RandomWithPrefix("dsacc")
	config := env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_snapshot" "first" {
  disk_id       = %[1]q
  snapshot_name = "%[2]s-first"
  description   = "aliecs_snapshots acceptance test"
  tags          = { test = %[2]q, order = "first" }
}

resource "aliecs_snapshot" "second" {
  # One snapshot of a disk at a time: the second starts when the first is done.
  disk_id       = aliecs_snapshot.first.disk_id
  snapshot_name = "%[2]s-second"
  tags          = { test = %[2]q, order = "second" }
}

data "aliecs_snapshots" "by_tag" {
  disk_id = %[1]q
  tags    = { test = %[2]q }
  # Read after both exist.
  ids     = [aliecs_snapshot.first.id, aliecs_snapshot.second.id]
}

data "aliecs_snapshots" "latest" {
  disk_id     = %[1]q
  name_regex  = "^%[2]s-"
  most_recent = true
  depends_on  = [aliecs_snapshot.second]
}
`, env.DiskID, name)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.aliecs_snapshots.by_tag", tfjsonpath.New("total_count"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue("data.aliecs_snapshots.by_tag", tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact(name + "-second"), knownvalue.StringExact(name + "-first"),
				})),
				statecheck.ExpectKnownValue("data.aliecs_snapshots.by_tag", tfjsonpath.New("snapshots").AtSliceIndex(1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"description":    knownvalue.StringExact("aliecs_snapshots acceptance test"),
					"status":         knownvalue.StringExact("accomplished"),
					"progress":       knownvalue.Int64Exact(100),
					"source_disk_id": knownvalue.StringExact(env.DiskID),
					"snapshot_type":  knownvalue.StringExact("user"),
					"tags": knownvalue.MapExact(map[string]knownvalue.Check{
						"test": knownvalue.StringExact(name), "order": knownvalue.StringExact("first"),
					}),
				})),
				statecheck.ExpectKnownValue("data.aliecs_snapshots.latest", tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact(name + "-second"),
				})),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttrPair("data.aliecs_snapshots.by_tag", "ids.1", "aliecs_snapshot.first", "id"),
				resource.TestCheckResourceAttrPair("data.aliecs_snapshots.by_tag", "ids.0", "aliecs_snapshot.second", "id"),
				resource.TestCheckResourceAttrPair("data.aliecs_snapshots.latest", "snapshots.0.creation_time", "aliecs_snapshot.second", "creation_time"),
			),
		}},
	})
}

// TestAccSnapshotsDataSource_apiError shows the API's answer to a filter it refuses, dry run or not.
func TestAccSnapshotsDataSource_apiError(t *testing.T) {
	env := acctest.New(t)
	config := func(dryRun bool) string {
		return dsConfig(env, map[string]string{"unknown_chain": fmt.Sprintf(`
  snapshot_link_id = "sl-dsaccdoesnotexist"
  dry_run          = %t`, dryRun)})
	}
	want := dsPhrase("ECS DescribeSnapshots failed: InvalidSnapshotLinkId.NotFound")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{
			{Config: config(false), ExpectError: want},
			// A dry run checks the parameters too: only a request that would pass counts as success.
			{Config: config(true), ExpectError: want},
		},
	})
}
