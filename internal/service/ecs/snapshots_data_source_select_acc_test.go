package ecs_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// TestAccSnapshotsDataSource_mostRecentSameSecond: snapshots created within one second have the same
// creation_time; most_recent picks the one the API lists first (DescribeSnapshots lists the newest first),
// and the list keeps the API's order, whatever their IDs.
func TestAccSnapshotsDataSource_mostRecentSameSecond(t *testing.T) {
	clock := &dsClock{}
	env := dsSeededEnv(t, clock)
	b := env.Emulator.Backend()
	dsSeedFixture(t, b)
	second, _ := time.Parse(time.RFC3339, "2024-05-01T08:00:00Z")

	// Made 100 ms apart within one second, oldest first. IDs are random: go on until the newest does not have
	// the greatest ID, so that picking by ID would pick another one.
	var made []string
	for i := 0; len(made) < 3 || slices.Max(made) == made[len(made)-1]; i++ {
		if i == 9 {
			t.Fatalf("nine snapshots in one second and the newest always had the greatest ID: %v", made)
		}
		clock.Set(second.Add(time.Duration(i) * 100 * time.Millisecond))
		made = append(made, dsSeedSnapshot(t, b, backend.CreateSnapshotInput{DiskID: dsDiskData, SnapshotName: fmt.Sprintf("same-%d", i)}))
	}
	newestFirst := slices.Clone(made)
	slices.Reverse(newestFirst)

	blocks := map[string]string{
		"all":    fmt.Sprintf(`disk_id = %q`, dsDiskData),
		"recent": fmt.Sprintf("disk_id     = %q\n  most_recent = true", dsDiskData),
		"ids":    fmt.Sprintf("ids         = %s\n  most_recent = true", dsHCLList(made)),
	}
	checks := slices.Concat(
		dsExpectIDs("all", newestFirst...),
		dsExpectIDs("recent", newestFirst[0]),
		dsExpectIDs("ids", newestFirst[0]),
		[]statecheck.StateCheck{statecheck.ExpectKnownValue("data.aliecs_snapshots.recent", tfjsonpath.New("snapshots").AtSliceIndex(0).AtMapKey("creation_time"),
			knownvalue.StringExact("2024-05-01T08:00:00Z"))},
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config:            dsConfig(env, blocks),
			ConfigStateChecks: checks,
		}},
	})
}

// TestAccSnapshotsDataSource_emptyIDs: an input variable that is an empty list, as a module passes it on, gets
// no snapshot (and the API is not asked), not every snapshot of the region; an unset ids still places no
// restriction.
func TestAccSnapshotsDataSource_emptyIDs(t *testing.T) {
	clock := &dsClock{}
	env := dsSeededEnv(t, clock)
	s := dsSeedSnapshots(t, env.Emulator.Backend(), clock)
	withVariable := env.ProviderConfig() + `
variable "snapshot_ids" {
  type = list(string)
}

data "aliecs_snapshots" "these" {
  ids = var.snapshot_ids
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{
			{
				PreConfig: env.Emulator.ResetCallCounts,
				Config:    withVariable,
				// A non-nil empty slice: ListVariable() alone would send null, an unset variable.
				ConfigVariables: config.Variables{"snapshot_ids": config.ListVariable([]config.Variable{}...)},
				ConfigStateChecks: append(dsExpectIDs("these"),
					statecheck.ExpectKnownValue("data.aliecs_snapshots.these", tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{}))),
				Check: func(*terraform.State) error {
					if n := env.Emulator.CallCounts()["DescribeSnapshots"]; n != 0 {
						return fmt.Errorf("ids = [] made %d DescribeSnapshots calls, want none", n)
					}
					return nil
				},
			},
			{
				Config:            withVariable,
				ConfigVariables:   config.Variables{"snapshot_ids": config.ListVariable(config.StringVariable(s.s2), config.StringVariable(s.s5))},
				ConfigStateChecks: dsExpectIDs("these", s.s5, s.s2),
			},
			{
				Config:            env.ProviderConfig() + "\ndata \"aliecs_snapshots\" \"unset\" {}\n",
				ConfigStateChecks: dsExpectIDs("unset", s.s6, s.s5, s.s4, s.s3, s.s2, s.s1),
			},
		},
	})
}
