package ecs_test

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	sdkacctest "github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

// sdsFields are the attributes of one snapshot in aliecs_snapshots' elements, which aliecs_snapshot has too,
// with the same values.
var sdsFields = []string{
	"id", "status", "creation_time", "progress", "instant_access", "available", "remain_time", "source_disk_size",
	"retention_days", "source_disk_type", "source_storage_type", "usage", "last_modified_time", "encrypted",
	"snapshot_type", "source_disk_id", "snapshot_name", "instant_access_retention_days", "description", "snapshot_id",
	"region_id", "resource_group_id", "category", "kms_key_id", "snapshot_sn", "product_code", "source_snapshot_id",
	"source_region_id", "snapshot_link_id", "tags.%",
}

// sdsConfig renders one aliecs_snapshot block per name, in name order, after the provider block.
func sdsConfig(env *acctest.Env, blocks map[string]string) string {
	names := make([]string, 0, len(blocks))
	for n := range blocks {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(env.ProviderConfig())
	for _, n := range names {
		fmt.Fprintf(&b, "\ndata \"aliecs_snapshot\" %q {\n  %s\n}\n", n, blocks[n])
	}
	return b.String()
}

// sdsExpectID checks which snapshot a block found.
func sdsExpectID(name, id string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.aliecs_snapshot."+name, tfjsonpath.New("snapshot_id"), knownvalue.StringExact(id))
}

// sdsSameAsElement checks every field of a block against the first element of an aliecs_snapshots block.
func sdsSameAsElement(name, plural string) resource.TestCheckFunc {
	var checks []resource.TestCheckFunc
	for _, f := range sdsFields {
		checks = append(checks, resource.TestCheckResourceAttrPair("data.aliecs_snapshot."+name, f, "data.aliecs_snapshots."+plural, "snapshots.0."+f))
	}
	checks = append(checks, resource.TestCheckResourceAttrPair("data.aliecs_snapshot."+name, "disk_id", "data.aliecs_snapshots."+plural, "snapshots.0.source_disk_id"))
	return resource.ComposeAggregateTestCheckFunc(checks...)
}

func TestAccSnapshotDataSource_byID(t *testing.T) {
	clock := &dsClock{}
	env := dsSeededEnv(t, clock)
	s := dsSeedSnapshots(t, env.Emulator.Backend(), clock)
	config := sdsConfig(env, map[string]string{
		"enc":         fmt.Sprintf(`id = %q`, s.s3),
		"progressing": fmt.Sprintf(`id = %q`, s.s6),
		// With filters, the snapshot must match them too; tags then holds all the snapshot's tags.
		"tagged": fmt.Sprintf("id = %q\n  tags = { team = \"a\" }\n  status = \"all\"", s.s1),
	}) + fmt.Sprintf(`
data "aliecs_snapshots" "enc" {
  ids = [%q]
}

data "aliecs_snapshots" "progressing" {
  ids = [%q]
}
`, s.s3, s.s6)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.aliecs_snapshot.enc", tfjsonpath.New("id"), knownvalue.StringExact(s.s3)),
				sdsExpectID("enc", s.s3),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.enc", tfjsonpath.New("disk_id"), knownvalue.StringExact(dsDiskEnc)),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.enc", tfjsonpath.New("snapshot_name"), knownvalue.StringExact("db-enc-1")),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.enc", tfjsonpath.New("category"), knownvalue.StringExact("flash")),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.enc", tfjsonpath.New("encrypted"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.enc", tfjsonpath.New("kms_key_id"), knownvalue.StringExact(dsKMSKey)),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.enc", tfjsonpath.New("retention_days"), knownvalue.Int64Exact(30)),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.enc", tfjsonpath.New("region_id"), knownvalue.StringExact("cn-hangzhou")),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.enc", tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{})),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.progressing", tfjsonpath.New("status"), knownvalue.StringExact("progressing")),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.progressing", tfjsonpath.New("progress"), knownvalue.Int64Exact(0)),
				sdsExpectID("tagged", s.s1),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.tagged", tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.tagged", tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
					"env": knownvalue.StringExact("prod"), "team": knownvalue.StringExact("a"),
				})),
			},
			Check: resource.ComposeAggregateTestCheckFunc(sdsSameAsElement("enc", "enc"), sdsSameAsElement("progressing", "progressing")),
		}},
	})
}

func TestAccSnapshotDataSource_filtersMostRecent(t *testing.T) {
	clock := &dsClock{}
	env := dsSeededEnv(t, clock)
	s := dsSeedSnapshots(t, env.Emulator.Backend(), clock)
	blocks := map[string]string{
		"recent":             `most_recent = true`,
		"disk_recent":        fmt.Sprintf("disk_id = %q\n  most_recent = true", dsDiskData),
		"disk_accomplished":  fmt.Sprintf("disk_id = %q\n  status = \"accomplished\"\n  most_recent = true", dsDiskData),
		"regex_recent":       "name_regex = \"^app-\"\n  most_recent = true",
		"ids_recent":         fmt.Sprintf("ids = [%q, %q]\n  most_recent = true", s.s1, s.s2),
		"instance_and_image": fmt.Sprintf("instance_id = %q\n  usage = \"image\"", dsInstA),
		"one_by_name":        `snapshot_name = "app-data-1"`,
		"tags_subset":        `tags = { team = "a" }`,
		"category_any_case":  `category = "FLASH"`,
		"created_window": `creation_start_time = "2024-05-01T08:05Z"
  creation_end_time   = "2024-05-01T16:15:00+08:00"`,
	}
	config := sdsConfig(env, blocks) + `
data "aliecs_snapshots" "recent" {
  most_recent = true
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				sdsExpectID("recent", s.s6),
				sdsExpectID("disk_recent", s.s4), // newest of the disk, although it failed
				sdsExpectID("disk_accomplished", s.s2),
				sdsExpectID("regex_recent", s.s4),
				sdsExpectID("ids_recent", s.s2),
				sdsExpectID("instance_and_image", s.s5),
				sdsExpectID("one_by_name", s.s2),
				sdsExpectID("tags_subset", s.s1),
				sdsExpectID("category_any_case", s.s3),
				sdsExpectID("created_window", s.s2),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.disk_recent", tfjsonpath.New("status"), knownvalue.StringExact("failed")),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.disk_accomplished", tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.disk_accomplished", tfjsonpath.New("resource_group_id"), knownvalue.StringExact(dsRGOne)),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.tags_subset", tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
					"env": knownvalue.StringExact("prod"), "team": knownvalue.StringExact("a"),
				})),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.category_any_case", tfjsonpath.New("category"), knownvalue.StringExact("flash")),
				// Arguments that are not fields of a snapshot stay as configured.
				statecheck.ExpectKnownValue("data.aliecs_snapshot.created_window", tfjsonpath.New("creation_end_time"),
					knownvalue.StringExact("2024-05-01T16:15:00+08:00")),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.regex_recent", tfjsonpath.New("name_regex"), knownvalue.StringExact("^app-")),
			},
			Check: sdsSameAsElement("recent", "recent"),
		}},
	})
}

// sdsErrorCases are blocks that must each fail with their own message.
func sdsErrorCases(cases []invalidConfig) (map[string]string, map[string]invalidConfig) {
	blocks := map[string]string{}
	want := map[string]invalidConfig{}
	for _, tc := range cases {
		name := blockName(tc.name)
		blocks[name] = tc.body
		want[fmt.Sprintf(`in data "aliecs_snapshot" %q`, name)] = tc
	}
	return blocks, want
}

func TestAccSnapshotDataSource_noMatch(t *testing.T) {
	clock := &dsClock{}
	env := dsSeededEnv(t, clock)
	s := dsSeedSnapshots(t, env.Emulator.Backend(), clock)
	q := regexp.QuoteMeta
	blocks, want := sdsErrorCases([]invalidConfig{
		{"unknown id", `id = "s-dsaccdoesnotexist"`,
			`No snapshot found .*` + q(`No snapshot in region cn-hangzhou matches id = "s-dsaccdoesnotexist". A snapshot is looked for in the provider's region only`)},
		{"id excluded by a filter", fmt.Sprintf("id = %q\n  status = \"failed\"", s.s1),
			q(fmt.Sprintf(`No snapshot in region cn-hangzhou matches id = %q, status = "failed".`, s.s1))},
		{"filters", fmt.Sprintf("disk_id = %q\n  name_regex = \"^nothing-\"\n  most_recent = true", dsDiskData),
			q(fmt.Sprintf(`No snapshot in region cn-hangzhou matches disk_id = %q, name_regex = "^nothing-", most_recent = true.`, dsDiskData))},
		{"tags", `tags = { env = "prod", team = "b" }`,
			q(`No snapshot in region cn-hangzhou matches tags = {"env":"prod","team":"b"}.`)},
		{"empty ids", "ids = []\n  most_recent = true",
			q(`No snapshot in region cn-hangzhou matches ids = [], most_recent = true.`)},
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		ErrorCheck:               func(err error) error { return expectDiagnostics(err, want) },
		Steps:                    []resource.TestStep{{Config: sdsConfig(env, blocks), PlanOnly: true}},
	})
}

func TestAccSnapshotDataSource_severalMatch(t *testing.T) {
	clock := &dsClock{}
	env := dsSeededEnv(t, clock)
	s := dsSeedSnapshots(t, env.Emulator.Backend(), clock)
	q := regexp.QuoteMeta
	blocks, want := sdsErrorCases([]invalidConfig{
		{"no filter", ``,
			`Several snapshots found .*` + q(fmt.Sprintf(`6 snapshots in region cn-hangzhou exist and no filter is set (newest first: %s, %s, %s, %s, %s and 1 more), `+
				`and aliecs_snapshot reads one. Set most_recent = true to take the newest, or narrow the filters`, s.s6, s.s5, s.s4, s.s3, s.s2))},
		{"regex", `name_regex = "^app-"`,
			q(fmt.Sprintf(`3 snapshots in region cn-hangzhou match name_regex = "^app-" (newest first: %s, %s, %s)`, s.s4, s.s2, s.s1))},
		{"accomplished", "status = \"accomplished\"\n  most_recent = false",
			q(fmt.Sprintf(`4 snapshots in region cn-hangzhou match status = "accomplished", most_recent = false (newest first: %s, %s, %s, %s)`,
				s.s5, s.s3, s.s2, s.s1))},
		{"ids", fmt.Sprintf(`ids = [%q, %q]`, s.s1, s.s2),
			q(fmt.Sprintf(`2 snapshots in region cn-hangzhou match ids = [%q,%q] (newest first: %s, %s)`, s.s1, s.s2, s.s2, s.s1))},
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		ErrorCheck:               func(err error) error { return expectDiagnostics(err, want) },
		Steps:                    []resource.TestStep{{Config: sdsConfig(env, blocks), PlanOnly: true}},
	})
}

// TestAccSnapshotDataSource_validation: the filters keep aliecs_snapshots' plan-time rules, and id its own; every
// invalid block is refused at plan, naming the attribute and the rule, before any API call.
func TestAccSnapshotDataSource_validation(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	var cases []invalidConfig
	for _, tc := range append(dataSourceInvalidConfigs(), tagsInvalidConfigs()...) {
		if !strings.Contains(tc.body, "dry_run") { // not an argument here
			cases = append(cases, tc)
		}
	}
	cases = append(cases, []invalidConfig{
		{"id empty", `id = ""`, `Attribute id must be a snapshot ID: "s-" followed by lower-case letters and digits`},
		{"id upper case", `id = "s-ABC123"`, `Attribute id must be a snapshot ID: "s-" followed by lower-case letters and digits, such as s-[a-z0-9]+, got: "s-ABC123"`},
		{"id of a disk", `id = "d-bp1abc"`, `Attribute id must be a snapshot ID: .*, got: "d-bp1abc"`},
		{"id with ids", "id = \"s-bp1abc\"\n  ids = [\"s-bp1abc\"]", `Attribute "ids" cannot be specified when "id" is specified`},
		{"dry_run", `dry_run = true`, `An argument named "dry_run" is not expected here`},
	}...)
	blocks, want := sdsErrorCases(cases)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		ErrorCheck:               func(err error) error { return expectDiagnostics(err, want) },
		Steps:                    []resource.TestStep{{Config: sdsConfig(env, blocks), PlanOnly: true}},
	})
	expectNoAPICalls(t, env)
}

// TestAccSnapshotDataSource_resource reads a snapshot that aliecs_snapshot made, by id and by filters, and finds
// the resource's values under the resource's names; it needs no emulator control, so it runs against the real
// cloud as well.
func TestAccSnapshotDataSource_resource(t *testing.T) {
	env := acctest.New(t)
	name := sdkacctest.RandomWithPrefix("sdsacc")
	config := env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_snapshot" "test" {
  disk_id        = %[1]q
  snapshot_name  = %[2]q
  description    = "aliecs_snapshot data source acceptance test"
  retention_days = 3
  tags           = { test = %[2]q }
}

data "aliecs_snapshot" "by_id" {
  id = aliecs_snapshot.test.id
}

data "aliecs_snapshot" "by_filters" {
  disk_id     = aliecs_snapshot.test.disk_id
  tags        = { test = %[2]q }
  name_regex  = "^%[2]s$"
  most_recent = true
}
`, env.DiskID, name)
	shared := []string{"id", "disk_id", "snapshot_name", "description", "retention_days", "tags.%", "tags.test",
		"resource_group_id", "category", "instant_access", "instant_access_retention_days", "status", "progress",
		"creation_time", "source_disk_size", "source_disk_type", "encrypted", "kms_key_id", "snapshot_type", "usage",
		"region_id", "snapshot_sn", "snapshot_link_id"}
	var checks []resource.TestCheckFunc
	for _, ds := range []string{"data.aliecs_snapshot.by_id", "data.aliecs_snapshot.by_filters"} {
		for _, a := range shared {
			checks = append(checks, resource.TestCheckResourceAttrPair(ds, a, "aliecs_snapshot.test", a))
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.aliecs_snapshot.by_id", tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.by_id", tfjsonpath.New("snapshot_name"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue("data.aliecs_snapshot.by_id", tfjsonpath.New("source_disk_id"), knownvalue.StringExact(env.DiskID)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(checks...),
		}},
	})
}
