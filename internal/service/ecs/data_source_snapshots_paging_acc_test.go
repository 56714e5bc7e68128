package ecs_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

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
	resource.Test(t, resource.TestCase{
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
