package ecs_test

import (
	"fmt"
	"regexp"
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
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

var snapshotIDPattern = regexp.MustCompile(`^s-[0-9a-z]+$`)

// wrapped compiles an expected error pattern in which every space also matches the line breaks Terraform
// puts into long diagnostics.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

func TestAccSnapshot_allArgumentsAndImport(t *testing.T) {
	env := acctest.New(t)
	body := `
  snapshot_name                 = "acc-all"
  description                   = "every argument"
  retention_days                = 30
  instant_access                = true
  instant_access_retention_days = 3
  resource_group_id             = "rg-aek2bsxtc4tgwfq"
  tags = {
    env  = "test"
    team = ""
  }
`
	if env.Emulator == nil {
		body = strings.Replace(body, `resource_group_id             = "rg-aek2bsxtc4tgwfq"`, "", 1)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: resConfig(env, body),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(snapshotIDPattern)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("disk_id"), knownvalue.StringExact(env.DiskID)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("snapshot_name"), knownvalue.StringExact("acc-all")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("description"), knownvalue.StringExact("every argument")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("retention_days"), knownvalue.Int64Exact(30)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("instant_access"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("instant_access_retention_days"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
						"env": knownvalue.StringExact("test"), "team": knownvalue.StringExact(""),
					})),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("force_delete"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("progress"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("creation_time"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("snapshot_type"), knownvalue.StringExact("user")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("usage"), knownvalue.StringExact("none")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("region_id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("source_disk_size"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("resource_group_id"), knownvalue.NotNull()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resCheckBackend(env, func(s backend.Snapshot) error {
						if s.SnapshotName != "acc-all" || s.Description != "every argument" || s.RetentionDays != 30 ||
							!s.InstantAccess || s.InstantAccessRetentionDays != 3 || s.ResourceGroupId != "rg-aek2bsxtc4tgwfq" ||
							s.SourceDiskId != env.DiskID || s.Status != "accomplished" {
							return fmt.Errorf("emulator has %+v", s)
						}
						return expectTags(s, map[string]string{"env": "test", "team": ""})
					}),
				),
			},
			{
				ResourceName:            resAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_delete", "timeouts"},
			},
			{
				ResourceName:    resAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

func TestAccSnapshot_updateInPlace(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // moves between the emulator's resource groups
	before := `
  snapshot_name     = "acc-before"
  description       = "before"
  retention_days    = 7
  category          = "Standard"
  resource_group_id = "rg-acfmzw2jz2z4fxa"
  tags = {
    keep   = "k"
    change = "1"
    drop   = "d"
  }
`
	after := `
  snapshot_name     = "acc-after"
  description       = "after"
  retention_days    = 30
  category          = "Standard"
  resource_group_id = "rg-aek3ppbydwdkrvy"
  force_delete      = true
  tags = {
    keep   = "k"
    change = "2"
    add    = ""
  }
`
	afterWithoutTags := `
  snapshot_name     = "acc-after"
  description       = "after"
  retention_days    = 30
  category          = "Standard"
  resource_group_id = "rg-aek3ppbydwdkrvy"
  force_delete      = true
`
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: resConfig(env, before),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("category"), knownvalue.StringExact("Standard")),
				},
			},
			{
				Config: resConfig(env, after),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(resAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("snapshot_name"), knownvalue.StringExact("acc-after")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("retention_days"), knownvalue.Int64Exact(30)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("force_delete"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("resource_group_id"), knownvalue.StringExact("rg-aek3ppbydwdkrvy")),
				},
				Check: resCheckBackend(env, func(s backend.Snapshot) error {
					if s.SnapshotName != "acc-after" || s.Description != "after" || s.RetentionDays != 30 || s.ResourceGroupId != "rg-aek3ppbydwdkrvy" {
						return fmt.Errorf("emulator has %+v", s)
					}
					return expectTags(s, map[string]string{"keep": "k", "change": "2", "add": ""})
				}),
			},
			{
				// Removing every tag removes them from the snapshot too.
				Config: resConfig(env, afterWithoutTags),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionUpdate)},
				},
				Check: resCheckBackend(env, func(s backend.Snapshot) error { return expectTags(s, map[string]string{}) }),
			},
		},
	})
}

func TestAccSnapshot_retentionOnlyExtends(t *testing.T) {
	env := acctest.New(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(env),
		Steps: []resource.TestStep{
			{Config: resConfig(env, `retention_days = 30`)},
			{
				Config:      resConfig(env, `retention_days = 7`),
				PlanOnly:    true,
				ExpectError: wrapped(`(?s)retention_days cannot go from 30 down to 7.*can only extend`),
			},
			{
				// Removed from the configuration: the retention stays, and nothing is planned.
				Config: resConfig(env, ``),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("retention_days"), knownvalue.Int64Exact(30)),
				},
				Check: resCheckBackend(env, func(s backend.Snapshot) error {
					if s.RetentionDays != 30 {
						return fmt.Errorf("emulator retention %d, want 30", s.RetentionDays)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccSnapshot_driftRecreates(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // deletes the snapshot behind Terraform's back through the emulator
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(env),
		Steps: []resource.TestStep{
			{Config: resConfig(env, `snapshot_name = "acc-drift"`), Check: resStateID(&firstID)},
			{
				PreConfig: func() {
					if err := env.Emulator.Backend().DeleteSnapshot(backend.DeleteSnapshotInput{RegionID: env.Emulator.Region, SnapshotID: firstID}); err != nil {
						t.Fatalf("deleting %s in the emulator: %v", firstID, err)
					}
				},
				Config: resConfig(env, `snapshot_name = "acc-drift"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
						if v == firstID {
							return fmt.Errorf("id is still the deleted %s", v)
						}
						return nil
					})),
				},
			},
		},
	})
}

func TestAccSnapshot_failedIsTaintedNotLost(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // makes the snapshot fail through the emulator
	var failedID string
	// An hour to wait: the apply ends because the snapshot failed, not because time ran out.
	body := "snapshot_name = \"acc-failed\"\n  timeouts {\n    create = \"1h\"\n  }"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(env),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if err := env.Emulator.Backend().FailNextSnapshots(env.DiskID, 1); err != nil {
						t.Fatal(err)
					}
					env.Emulator.ResetCallCounts()
				},
				Config:      resConfig(env, body),
				ExpectError: wrapped(`snapshot s-[0-9a-z]+ failed to be created \(status "failed" at 50%\)`),
			},
			{
				PreConfig: func() {
					failed := snapshotsWithStatus(env, "failed")
					if len(failed) != 1 {
						t.Fatalf("emulator has failed snapshots %v, want exactly one", failed)
					}
					failedID = failed[0]
					// The snapshot fails half-way through its 2s: a wait that ends at the failure polls a few
					// times, one that went on to the hour's timeout would poll hundreds of times (10s apart at most).
					if n := env.Emulator.CallCounts()["DescribeSnapshots"]; n > 20 {
						t.Fatalf("%d DescribeSnapshots calls: the wait did not stop when the snapshot failed", n)
					}
				},
				Config: resConfig(env, body),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectReplacedBecauseTainted(resAddr, func() string { return failedID })},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("status"), knownvalue.StringExact("accomplished")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(_ *terraform.State) error {
						if _, ok := env.Emulator.Backend().Snapshot(failedID); ok {
							return fmt.Errorf("the failed snapshot %s was not deleted by the replacement", failedID)
						}
						return nil
					},
					// Nothing left over: the emulator holds the replacement and only it.
					expectEmulatorHoldsExactly(env, 1),
				),
			},
		},
	})
}

func TestAccSnapshot_createTimeoutKeepsSnapshot(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: time.Hour})
	env.SkipIfRealCloud(t) // needs a snapshot that takes an hour
	var slowID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config:      resConfig(env, "timeouts {\n    create = \"1s\"\n  }"),
				ExpectError: wrapped(`timed out waiting for snapshot s-[0-9a-z]+ to be created \(last seen progressing at \d+%`),
			},
			{
				PreConfig: func() {
					progressing := snapshotsWithStatus(env, "progressing")
					if len(progressing) != 1 {
						t.Fatalf("emulator has progressing snapshots %v, want exactly one", progressing)
					}
					slowID = progressing[0]
					env.Emulator.Backend().SetSnapshotDuration(0)
				},
				Config: resConfig(env, ``),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectReplacedBecauseTainted(resAddr, func() string { return slowID })},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(_ *terraform.State) error {
						if _, ok := env.Emulator.Backend().Snapshot(slowID); ok {
							return fmt.Errorf("the timed-out snapshot %s was not deleted by the replacement", slowID)
						}
						return nil
					},
					expectEmulatorHoldsExactly(env, 1),
				),
			},
		},
	})
}

func TestAccSnapshot_deleteUsedSnapshot(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // marks the snapshot used through the emulator
	var id string
	// setUsage also checks that the snapshot survived the refused destroy before it.
	setUsage := func(usage string) func() {
		return func() {
			if s, ok := env.Emulator.Backend().Snapshot(id); !ok || s.Status != "accomplished" {
				t.Fatalf("snapshot %s is gone or broken after a refused destroy: %+v", id, s)
			}
			if err := env.Emulator.Backend().SetSnapshotUsage(id, usage); err != nil {
				t.Fatal(err)
			}
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(env),
		Steps: []resource.TestStep{
			{Config: resConfig(env, `snapshot_name = "acc-used"`), Check: resStateID(&id)},
			{
				PreConfig:   setUsage("disk"),
				Config:      env.ProviderConfig(),
				ExpectError: wrapped(`(?s)was used to create disks.*force_delete = true.*terraform apply`),
			},
			{
				PreConfig:   setUsage("image"),
				Config:      env.ProviderConfig(),
				ExpectError: wrapped(`(?s)was used to create custom images.*Delete those images first`),
			},
			{
				PreConfig: setUsage("disk"),
				Config:    resConfig(env, "snapshot_name = \"acc-used\"\n  force_delete = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionUpdate)},
				},
			},
			{
				// With force_delete applied, destroying works although disks were made from the snapshot.
				Config: env.ProviderConfig(),
				Check: func(_ *terraform.State) error {
					if _, ok := env.Emulator.Backend().Snapshot(id); ok {
						return fmt.Errorf("snapshot %s still exists", id)
					}
					return nil
				},
			},
		},
	})
}
