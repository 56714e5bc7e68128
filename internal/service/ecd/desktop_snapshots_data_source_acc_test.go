package ecd_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

// idsOf reads a data source's ids list from the state.
func idsOf(s *terraform.State, addr string) ([]string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, fmt.Errorf("%s not in the state", addr)
	}
	n, err := strconv.Atoi(rs.Primary.Attributes["ids.#"])
	if err != nil {
		return nil, fmt.Errorf("%s: ids.#: %w", addr, err)
	}
	ids := make([]string, n)
	for i := range n {
		ids[i] = rs.Primary.Attributes["ids."+strconv.Itoa(i)]
	}
	return ids, nil
}

// expectIDs checks that the data source at addr lists every resource of want and none of notWant.
func expectIDs(addr string, want, notWant []string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ids, err := idsOf(s, addr)
		if err != nil {
			return err
		}
		idOf := func(res string) string { return s.RootModule().Resources[res].Primary.ID }
		for _, res := range want {
			if !slices.Contains(ids, idOf(res)) {
				return fmt.Errorf("%s lists %v, without %s (%s)", addr, ids, res, idOf(res))
			}
		}
		for _, res := range notWant {
			if slices.Contains(ids, idOf(res)) {
				return fmt.Errorf("%s lists %s (%s): %v", addr, res, idOf(res), ids)
			}
		}
		return nil
	}
}

// Every filter of ECD DescribeSnapshots, and ids and name_regex, each shown to select the snapshot it names and
// leave out the other; every field of a snapshot is read.
func TestAccDesktopSnapshotsDataSource_everyFilter(t *testing.T) {
	env := acctest.New(t)
	desktop := env.RunningDesktopID(t)
	const sys, data = "aliecs_desktop_snapshot.sys", "aliecs_desktop_snapshot.data"
	cfg := env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_desktop_snapshot" "sys" {
  desktop_id       = %[1]q
  snapshot_name    = "acc-ds-sys"
  source_disk_type = "system"
  description      = "system disk"
}

resource "aliecs_desktop_snapshot" "data" {
  desktop_id       = %[1]q
  snapshot_name    = "acc-ds-data"
  source_disk_type = "DATA"
}

data "aliecs_desktop_snapshots" "by_id" {
  snapshot_id = aliecs_desktop_snapshot.sys.id
}

locals {
  sys = data.aliecs_desktop_snapshots.by_id.snapshots[0]
}

data "aliecs_desktop_snapshots" "by_desktop" {
  desktop_id = aliecs_desktop_snapshot.sys.desktop_id
  depends_on = [aliecs_desktop_snapshot.data]
}

data "aliecs_desktop_snapshots" "by_desktop_name" {
  desktop_name = local.sys.desktop_name
  depends_on   = [aliecs_desktop_snapshot.data]
}

data "aliecs_desktop_snapshots" "by_name" {
  snapshot_name = aliecs_desktop_snapshot.sys.snapshot_name
  depends_on    = [aliecs_desktop_snapshot.data]
}

data "aliecs_desktop_snapshots" "by_disk_type" {
  desktop_id       = aliecs_desktop_snapshot.data.desktop_id
  source_disk_type = "Data"
  depends_on       = [aliecs_desktop_snapshot.sys]
}

data "aliecs_desktop_snapshots" "user" {
  desktop_id    = aliecs_desktop_snapshot.sys.desktop_id
  snapshot_type = "USER"
  depends_on    = [aliecs_desktop_snapshot.data]
}

data "aliecs_desktop_snapshots" "auto" {
  desktop_id    = aliecs_desktop_snapshot.sys.desktop_id
  snapshot_type = "auto"
  depends_on    = [aliecs_desktop_snapshot.data]
}

data "aliecs_desktop_snapshots" "by_creator" {
  creator    = local.sys.creator
  depends_on = [aliecs_desktop_snapshot.data]
}

data "aliecs_desktop_snapshots" "in_range" {
  desktop_id = aliecs_desktop_snapshot.sys.desktop_id
  start_time = timeadd(aliecs_desktop_snapshot.sys.creation_time, "-1s")
  end_time   = timeadd(aliecs_desktop_snapshot.sys.creation_time, "1s")
  depends_on = [aliecs_desktop_snapshot.data]
}

data "aliecs_desktop_snapshots" "before" {
  desktop_id = aliecs_desktop_snapshot.sys.desktop_id
  end_time   = timeadd(aliecs_desktop_snapshot.sys.creation_time, "-1h")
  depends_on = [aliecs_desktop_snapshot.data]
}

data "aliecs_desktop_snapshots" "by_os" {
  os_type    = local.sys.os_type
  depends_on = [aliecs_desktop_snapshot.data]
}

data "aliecs_desktop_snapshots" "other_os" {
  os_type    = local.sys.os_type == "Windows" ? "Linux" : "Windows"
  desktop_id = aliecs_desktop_snapshot.sys.desktop_id
  depends_on = [aliecs_desktop_snapshot.data]
}

data "aliecs_desktop_snapshots" "all" {
  depends_on = [aliecs_desktop_snapshot.sys, aliecs_desktop_snapshot.data]
}

data "aliecs_desktop_snapshots" "ids_regex" {
  ids        = [aliecs_desktop_snapshot.sys.id, aliecs_desktop_snapshot.data.id]
  name_regex = "-sys$"
}

data "aliecs_desktop_snapshots" "no_ids" {
  ids = []
}
`, desktop)
	const by = "data.aliecs_desktop_snapshots."
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             checkDestroyed(t, env),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				// A number, as in aliecs_snapshots and the aliecs_desktop_snapshot resource; an absent time is null.
				statecheck.ExpectKnownValue(by+"by_id", tfjsonpath.New("snapshots").AtSliceIndex(0).AtMapKey("progress"), knownvalue.Int64Exact(100)),
				statecheck.ExpectKnownValue(by+"by_id", tfjsonpath.New("snapshots").AtSliceIndex(0).AtMapKey("deletion_time"), knownvalue.Null()),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				expectIDs(by+"by_id", []string{sys}, []string{data}),
				resource.TestCheckResourceAttr(by+"by_id", "ids.#", "1"),
				resource.TestCheckResourceAttrPair(by+"by_id", "snapshots.0.id", sys, "id"),
				resource.TestCheckResourceAttr(by+"by_id", "snapshots.0.snapshot_name", "acc-ds-sys"),
				resource.TestCheckResourceAttr(by+"by_id", "snapshots.0.description", "system disk"),
				resource.TestCheckResourceAttr(by+"by_id", "snapshots.0.desktop_id", desktop),
				resource.TestCheckResourceAttrSet(by+"by_id", "snapshots.0.desktop_name"),
				resource.TestCheckResourceAttr(by+"by_id", "snapshots.0.desktop_status", "Running"),
				resource.TestCheckResourceAttr(by+"by_id", "snapshots.0.status", "ACCOMPLISHED"),
				resource.TestCheckResourceAttr(by+"by_id", "snapshots.0.remain_time", "0"),
				resource.TestCheckResourceAttr(by+"by_id", "snapshots.0.snapshot_type", "USER"),
				resource.TestCheckResourceAttr(by+"by_id", "snapshots.0.source_disk_type", "SYSTEM"),
				resource.TestCheckResourceAttrPair(by+"by_id", "snapshots.0.source_disk_size", sys, "source_disk_size"),
				resource.TestCheckResourceAttrPair(by+"by_id", "snapshots.0.creation_time", sys, "creation_time"),
				resource.TestCheckResourceAttrSet(by+"by_id", "snapshots.0.creator"),
				resource.TestCheckResourceAttrSet(by+"by_id", "snapshots.0.protocol_type"),
				resource.TestCheckResourceAttrSet(by+"by_id", "snapshots.0.os_type"),
				resource.TestCheckResourceAttrSet(by+"by_id", "snapshots.0.volume_encryption_enabled"),
				resource.TestCheckResourceAttrSet(by+"by_id", "snapshots.0.disk_status"),
				expectIDs(by+"by_desktop", []string{sys, data}, nil),
				expectIDs(by+"by_desktop_name", []string{sys, data}, nil),
				expectIDs(by+"by_name", []string{sys}, []string{data}),
				expectIDs(by+"by_disk_type", []string{data}, []string{sys}),
				resource.TestCheckResourceAttr(by+"by_disk_type", "snapshots.0.source_disk_type", "DATA"),
				expectIDs(by+"user", []string{sys, data}, nil),
				expectIDs(by+"auto", nil, []string{sys, data}),
				expectIDs(by+"by_creator", []string{sys, data}, nil),
				expectIDs(by+"in_range", []string{sys}, nil),
				expectIDs(by+"before", nil, []string{sys, data}),
				expectIDs(by+"by_os", []string{sys, data}, nil),
				expectIDs(by+"other_os", nil, []string{sys, data}),
				expectIDs(by+"all", []string{sys, data}, nil),
				expectIDs(by+"ids_regex", []string{sys}, []string{data}),
				resource.TestCheckResourceAttr(by+"ids_regex", "total_count", "1"),
				resource.TestCheckResourceAttr(by+"ids_regex", "names.0", "acc-ds-sys"),
				resource.TestCheckResourceAttr(by+"no_ids", "ids.#", "0"),
				resource.TestCheckResourceAttr(by+"no_ids", "total_count", "0"),
			),
		}},
	})
}

// An automatic snapshot (taken by ECD itself) is found by snapshot_type = "auto" and not by "user".
func TestAccDesktopSnapshotsDataSource_automaticSnapshots(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // takes an automatic snapshot through the emulator's controls
	desktop := env.RunningDesktopID(t)
	autoID, err := env.Emulator.ECD().TakeAutoSnapshot(desktop, "system")
	if err != nil {
		t.Fatal(err)
	}
	cfg := env.ProviderConfig() + fmt.Sprintf(`
data "aliecs_desktop_snapshots" "auto" {
  desktop_id    = %[1]q
  snapshot_type = "Auto"
}

data "aliecs_desktop_snapshots" "user" {
  desktop_id    = %[1]q
  snapshot_type = "user"
}
`, desktop)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.aliecs_desktop_snapshots.auto", "ids.#", "1"),
				resource.TestCheckResourceAttr("data.aliecs_desktop_snapshots.auto", "ids.0", autoID),
				resource.TestCheckResourceAttr("data.aliecs_desktop_snapshots.auto", "snapshots.0.snapshot_type", "AUTO"),
				resource.TestCheckResourceAttr("data.aliecs_desktop_snapshots.user", "ids.#", "0"),
			),
		}},
	})
}

// Every page is read: more snapshots than one page (100) holds are all listed.
func TestAccDesktopSnapshotsDataSource_everyPage(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // takes 120 snapshots through the emulator's controls
	desktop := env.RunningDesktopID(t)
	for range 120 {
		if _, err := env.Emulator.ECD().TakeAutoSnapshot(desktop, "data"); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig() + fmt.Sprintf(`
data "aliecs_desktop_snapshots" "all" {
  desktop_id = %q
}
`, desktop),
			Check: resource.TestCheckResourceAttr("data.aliecs_desktop_snapshots.all", "ids.#", "120"),
		}},
	})
}

// Plan-time validation of the filters.
func TestAccDesktopSnapshotsDataSource_refusedAtPlan(t *testing.T) {
	env := acctest.New(t)
	// One test case, a plan-only step per rule (five terraform commands a test case, one a step).
	cases := []struct{ body, want string }{
		{`desktop_id = "ECD-1"`, `Attribute desktop_id must be a cloud desktop ID`},
		{`snapshot_id = "d-123"`, `Attribute snapshot_id must be a snapshot ID`},
		{`source_disk_type = "root"`, `source_disk_type value must be one of`},
		{`snapshot_type = "manual"`, `snapshot_type value must be one of`},
		{`start_time = "2026-01-01 00:00:00"`, `start_time.*must be a UTC time in the form yyyy-MM-ddTHH:mm:ssZ`},
		{`end_time = "2026-01-01T00:00:00+08:00"`, `end_time.*must be a UTC time in the form yyyy-MM-ddTHH:mm:ssZ`},
		{`start_time = "2026-02-01T00:00:00Z"
  end_time = "2026-01-01T00:00:00Z"`, `end_time "2026-01-01T00:00:00Z" is before start_time "2026-02-01T00:00:00Z"`},
		{`snapshot_name = "auto_x"`, `snapshot_name must not start with "auto"`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.ProviderConfig() + "\ndata \"aliecs_desktop_snapshots\" \"x\" {\n  " + c.body + "\n}\n",
			PlanOnly:    true,
			ExpectError: wrapped(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.Factories, Steps: steps})
}
