package ecs_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
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
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
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
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
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
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
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
	api := env.ECSClient(t) // deletes the snapshot behind Terraform's back through the API
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{Config: resConfig(env, `snapshot_name = "acc-drift"`), Check: resStateID(&firstID)},
			{
				PreConfig: func() {
					if err := deleteSnapshotOutsideTerraform(t.Context(), api, firstID); err != nil {
						t.Fatal(err)
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

// TestAccSnapshot_disappears: a snapshot deleted outside Terraform (through the API, as a user of the console
// or the CLI would) leaves the state at the next refresh, and the plan creates it again.
func TestAccSnapshot_disappears(t *testing.T) {
	env := acctest.New(t)
	api := env.ECSClient(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{{
			Config: resConfig(env, `snapshot_name = "acc-disappears"`),
			Check: func(st *terraform.State) error {
				rs, ok := st.RootModule().Resources[resAddr]
				if !ok {
					return fmt.Errorf("%s not in the state", resAddr)
				}
				return deleteSnapshotOutsideTerraform(t.Context(), api, rs.Primary.ID)
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionCreate)},
			},
			ExpectNonEmptyPlan: true,
		}},
	})
}

func TestAccSnapshot_failedIsTaintedNotLost(t *testing.T) {
	acctest.Long(t)
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // makes the snapshot fail through the emulator
	var failedID string
	// An hour to wait: the apply ends because the snapshot failed, not because time ran out.
	body := "snapshot_name = \"acc-failed\"\n  timeouts {\n    create = \"1h\"\n  }"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
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
	acctest.Long(t)
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: time.Hour})
	env.SkipIfRealCloud(t) // needs a snapshot that takes an hour
	var slowID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
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
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
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

const resAddr = "aliecs_snapshot.test"

// resConfig is the provider block and one aliecs_snapshot of env's disk with the given body.
func resConfig(env *acctest.Env, body string) string {
	return env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_snapshot" "test" {
  disk_id = %q
%s
}
`, env.DiskID, body)
}

// resStateID reads the snapshot ID from the state into *id, for later steps.
func resStateID(id *string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[resAddr]
		if !ok {
			return fmt.Errorf("%s not in the state", resAddr)
		}
		*id = rs.Primary.ID
		return nil
	}
}

// resCheckBackend checks the snapshot in the emulator's backend, behind the API: what the provider sent
// really arrived. Against the real cloud it checks nothing (the attribute checks still run).
func resCheckBackend(env *acctest.Env, check func(s backend.Snapshot) error) func(*terraform.State) error {
	return func(st *terraform.State) error {
		if env.Emulator == nil {
			return nil
		}
		rs, ok := st.RootModule().Resources[resAddr]
		if !ok {
			return fmt.Errorf("%s not in the state", resAddr)
		}
		s, ok := env.Emulator.Backend().Snapshot(rs.Primary.ID)
		if !ok {
			return fmt.Errorf("snapshot %s is in the state but not in the emulator", rs.Primary.ID)
		}
		return check(s)
	}
}

// resCheckDestroyed is CheckDestroy: the API, asked through a client of the test's environment, knows none of
// the snapshots the state held. Against the emulator, whose account belongs to this test alone, it holds no
// snapshot at all either: nothing was orphaned.
func resCheckDestroyed(t *testing.T, env *acctest.Env) resource.TestCheckFunc {
	t.Helper()
	api := env.ECSClient(t)
	return func(st *terraform.State) error {
		for _, rs := range st.RootModule().Resources {
			if rs.Type != "aliecs_snapshot" {
				continue
			}
			if err := expectSnapshotGone(t.Context(), api, rs.Primary.ID); err != nil {
				return fmt.Errorf("after destroy: %w", err)
			}
		}
		if env.Emulator == nil {
			return nil
		}
		left, err := api.DescribeSnapshots(t.Context(), ecsclient.DescribeSnapshotsInput{})
		if err != nil {
			return fmt.Errorf("listing the snapshots left after destroy: %w", err)
		}
		if len(left) > 0 {
			return fmt.Errorf("%d snapshot(s) left in the emulator after destroy, first %s (status %s)", len(left), left[0].SnapshotID, left[0].Status)
		}
		return nil
	}
}

// expectSnapshotGone asks the API for the snapshot by ID and fails if it still answers it.
func expectSnapshotGone(ctx context.Context, api ecsclient.Client, id string) error {
	found, err := api.DescribeSnapshots(ctx, ecsclient.DescribeSnapshotsInput{SnapshotIDs: []string{id}})
	if err != nil {
		return fmt.Errorf("asking for snapshot %s: %w", id, err)
	}
	if len(found) > 0 {
		return fmt.Errorf("snapshot %s still exists (status %s)", id, found[0].Status)
	}
	return nil
}

// deleteSnapshotOutsideTerraform deletes a snapshot through the API, as a user would from the console, and waits
// until the API no longer answers it (the real cloud deletes asynchronously).
func deleteSnapshotOutsideTerraform(ctx context.Context, api ecsclient.Client, id string) error {
	if id == "" {
		return fmt.Errorf("no snapshot ID to delete")
	}
	if err := api.DeleteSnapshot(ctx, id, true); err != nil {
		return fmt.Errorf("deleting snapshot %s outside Terraform: %w", id, err)
	}
	deadline := time.Now().Add(5 * time.Minute)
	for {
		err := expectSnapshotGone(ctx, api, id)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

func backendTags(s backend.Snapshot) map[string]string {
	tags := map[string]string{}
	for _, t := range s.Tags.Tag {
		tags[t.TagKey] = t.TagValue
	}
	return tags
}

func expectTags(s backend.Snapshot, want map[string]string) error {
	if got := backendTags(s); !maps.Equal(got, want) {
		return fmt.Errorf("emulator has tags %v, want %v", got, want)
	}
	return nil
}

// expectReplacedBecauseTainted checks that the prior state holds the resource tainted, as wantID() when that
// is not empty, and that the plan replaces it.
func expectReplacedBecauseTainted(addr string, wantID func() string) plancheck.PlanCheck {
	return taintedCheck{addr: addr, wantID: wantID}
}

type taintedCheck struct {
	addr   string
	wantID func() string
}

func (c taintedCheck) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	prior := req.Plan.PriorState
	if prior == nil || prior.Values == nil || prior.Values.RootModule == nil {
		resp.Error = fmt.Errorf("the plan has no prior state")
		return
	}
	var found *tfjson.StateResource
	for _, r := range prior.Values.RootModule.Resources {
		if r.Address == c.addr {
			found = r
		}
	}
	switch {
	case found == nil:
		resp.Error = fmt.Errorf("%s is not in the prior state: it was lost", c.addr)
		return
	case !found.Tainted:
		resp.Error = fmt.Errorf("%s is in the state but not tainted", c.addr)
		return
	}
	if want := c.wantID(); want != "" && found.AttributeValues["id"] != want {
		resp.Error = fmt.Errorf("%s in the state is %v, want %s", c.addr, found.AttributeValues["id"], want)
		return
	}
	replace := plancheck.ExpectResourceAction(c.addr, plancheck.ResourceActionReplace)
	replace.CheckPlan(ctx, req, resp)
}

// snapshotsWithStatus lists the emulator's snapshots in a status.
func snapshotsWithStatus(env *acctest.Env, status string) []string {
	var ids []string
	for _, s := range env.Emulator.Backend().Snapshots() {
		if strings.EqualFold(s.Status, status) {
			ids = append(ids, s.SnapshotId)
		}
	}
	return ids
}

// invalidConfig is one configuration that breaks one validation rule, and the diagnostic that must refuse it:
// want names the attribute and the rule.
type invalidConfig struct {
	name string
	body string
	want string // a regular expression in which every space also matches a line break
}

// resourceInvalidConfigs breaks every plan-time rule of aliecs_snapshot that needs no prior state (the
// retention rule, which does, is TestAccValidation_retentionShrinkRefusedWithoutAPICall).
func resourceInvalidConfigs() []invalidConfig {
	long := func(n int) string { return "a" + strings.Repeat("b", n-1) }
	return []invalidConfig{
		{"disk_id empty", `disk_id = ""`, `Attribute disk_id must be a disk ID: "d-" followed by lower-case letters and digits, such as d-bp1a3r2m5jxl7hq0w8ke, got: ""`},
		{"disk_id upper case", `disk_id = "D-BP1"`, `Attribute disk_id must be a disk ID: "d-" followed by lower-case letters and digits, such as d-bp1a3r2m5jxl7hq0w8ke, got: "D-BP1"`},
		{"disk_id of another kind", `disk_id = "vol-bp1"`, `Attribute disk_id must be a disk ID: "d-" followed by lower-case letters and digits, such as d-bp1a3r2m5jxl7hq0w8ke, got: "vol-bp1"`},
		{"disk_id missing", `snapshot_name = "x1"`, `The argument "disk_id" is required`},
		{"snapshot_name too short", `snapshot_name = "x"`, `Attribute snapshot_name must be 2 to 128 characters long, got: "x"`},
		{"snapshot_name too long", fmt.Sprintf(`snapshot_name = %q`, long(129)), `Attribute snapshot_name must be 2 to 128 characters long, got: "ab{128}"`},
		{"snapshot_name url", `snapshot_name = "http://x"`, `Attribute snapshot_name must not start with "http://" or "https://"`},
		{"snapshot_name first character", `snapshot_name = "1st"`, `Attribute snapshot_name must start with a letter, got: "1st"`},
		{"snapshot_name auto", `snapshot_name = "auto-nightly"`, `Attribute snapshot_name must not start with "auto", got: "auto-nightly"`},
		{"snapshot_name characters", `snapshot_name = "my snap"`, `Attribute snapshot_name must contain only letters, digits, colons \(:\), underscores \(_\) and hyphens \(-\), got: "my snap"`},
		{"description too short", `description = "x"`, `Attribute description must be 2 to 256 characters long, got: "x"`},
		{"description too long", fmt.Sprintf(`description = %q`, long(257)), `Attribute description must be 2 to 256 characters long, got: "ab{256}"`},
		{"description url", `description = "https://example.com"`, `Attribute description must not start with "http://" or "https://"`},
		{"retention_days low", `retention_days = 0`, `Attribute retention_days value must be between 1 and 65536, got: 0`},
		{"retention_days high", `retention_days = 65537`, `Attribute retention_days value must be between 1 and 65536, got: 65537`},
		{"resource_group_id empty", `resource_group_id = ""`, `Attribute resource_group_id string length must be at least 1, got: 0`},
		{"category value", `category = "archive"`, `(?s)Attribute category value must be one of: \["standard" "flash"\], got: "archive"`},
		// category with instant_access = false, or standard with instant access, is no conflict.
		{"category flash with instant_access", "category = \"Flash\"\n  instant_access = true",
			`(?s)Attribute category \("Flash"\) cannot be used with instant_access = true`},
		{"instant_access_retention_days without instant_access", `instant_access_retention_days = 3`,
			`(?s)Attribute "instant_access" must be specified when "instant_access_retention_days" is specified`},
		{"instant_access_retention_days with instant_access false", "instant_access = false\n  instant_access_retention_days = 3",
			`Attribute instant_access_retention_days \(3\) is only valid with instant_access = true, got instant_access = false`},
		{"instant_access_retention_days low", "instant_access = true\n  instant_access_retention_days = 0",
			`Attribute instant_access_retention_days value must be between 1 and 65535, got: 0`},
		{"instant_access_retention_days high", "instant_access = true\n  instant_access_retention_days = 65536",
			`Attribute instant_access_retention_days value must be between 1 and 65535, got: 65536`},
		// The timeouts block's own diagnostic names the attribute only in the source line it quotes.
		{"timeouts create", "timeouts {\n    create = \"forever\"\n  }",
			`(?s)Invalid Attribute Value Time Duration.*create = "forever".*"forever" must be a string containing a sequence of decimal numbers`},
		{"timeouts update", "timeouts {\n    update = \"10\"\n  }",
			`(?s)Invalid Attribute Value Time Duration.*update = "10".*"10" must be a string containing a sequence of decimal numbers`},
		{"timeouts delete", "timeouts {\n    delete = \"5 minutes\"\n  }",
			`(?s)Invalid Attribute Value Time Duration.*delete = "5 minutes".*"5 minutes" must be a string containing a sequence of decimal numbers`},
		{"timeouts create negative", "timeouts {\n    create = \"-5m\"\n  }",
			`Attribute timeouts.create must be a positive duration such as 30s, 40m or 2h, got: "-5m"`},
		{"timeouts delete zero", "timeouts {\n    delete = \"0s\"\n  }",
			`Attribute timeouts.delete must be a positive duration such as 30s, 40m or 2h, got: "0s"`},
	}
}

// tagsInvalidConfigs breaks every rule on tags, shared by the resource and the data source.
func tagsInvalidConfigs() []invalidConfig {
	many := make([]string, 21)
	for i := range many {
		many[i] = fmt.Sprintf("k%02d = \"v\"", i)
	}
	return []invalidConfig{
		{"tags count", "tags = {\n" + strings.Join(many, "\n") + "\n}", `Attribute tags map must contain at most 20 elements, got: 21`},
		{"tag key empty", `tags = { "" = "v" }`, `Attribute tags\[""\] must be 1 to 128 characters long, got: ""`},
		{"tag key too long", fmt.Sprintf(`tags = { %q = "v" }`, strings.Repeat("k", 129)), `Attribute tags\["k{129}"\] must be 1 to 128 characters long, got: "k{129}"`},
		{"tag key aliyun", `tags = { "aliyun-env" = "x" }`, `Attribute tags\["aliyun-env"\] must not start with "aliyun" or "acs:", got: "aliyun-env"`},
		{"tag key acs", `tags = { "acs:owner" = "x" }`, `Attribute tags\["acs:owner"\] must not start with "aliyun" or "acs:", got: "acs:owner"`},
		{"tag key url", `tags = { "see-https://x" = "v" }`, `Attribute tags\["see-https://x"\] must not contain "http://" or "https://", got: "see-https://x"`},
		{"tag value too long", fmt.Sprintf(`tags = { env = %q }`, strings.Repeat("v", 129)), `Attribute tags\["env"\] must be 0 to 128 characters long, got: "v{129}"`},
		{"tag value acs", `tags = { env = "acs:prod" }`, `Attribute tags\["env"\] must not start with "acs:", got: "acs:prod"`},
		{"tag value url", `tags = { env = "see http://x" }`, `Attribute tags\["env"\] must not contain "http://" or "https://", got: "see http://x"`},
	}
}

// dataSourceInvalidConfigs breaks every plan-time rule of aliecs_snapshots.
func dataSourceInvalidConfigs() []invalidConfig {
	var cases []invalidConfig
	for _, attr := range []string{"instance_id", "disk_id", "snapshot_link_id", "snapshot_name", "resource_group_id", "kms_key_id"} {
		cases = append(cases, invalidConfig{attr + " empty", attr + ` = ""`, `Attribute ` + attr + ` string length must be at least 1, got: 0`})
	}
	return append(cases, []invalidConfig{
		{"ids element empty", `ids = ["s-1", ""]`, `Attribute ids\[1\] string length must be at least 1, got: 0`},
		{"status", `status = "done"`, `Attribute status value must be one of: \["progressing" "accomplished" "failed" "all"\], got: "done"`},
		{"snapshot_type", `snapshot_type = "manual"`, `Attribute snapshot_type value must be one of: \["auto" "timer" "user" "all"\], got: "manual"`},
		{"usage", `usage = "images"`, `Attribute usage value must be one of: \["image" "disk" "image_disk" "none"\], got: "images"`},
		{"source_disk_type", `source_disk_type = "root"`, `Attribute source_disk_type value must be one of: \["system" "data"\], got: "root"`},
		{"category", `category = "premium"`, `Attribute category value must be one of: \["Standard" "Flash" "archive"\], got: "premium"`},
		{"name_regex", `name_regex = "app-("`, `Attribute name_regex value must be a valid regular expression \(Go RE2 syntax\)`},
		{"creation_start_time format", `creation_start_time = "2024-05-01"`,
			`Attribute creation_start_time value must be a time as yyyy-MM-ddTHH:mmZ or RFC 3339`},
		{"creation_end_time format", `creation_end_time = "yesterday"`,
			`Attribute creation_end_time value must be a time as yyyy-MM-ddTHH:mmZ or RFC 3339`},
		{"creation_start_time year", `creation_start_time = "0001-01-01T00:30:00+01:00"`,
			`Attribute creation_start_time value must be a time .* is outside the years 0001 to 9999`},
		{"creation window", "creation_start_time = \"2024-05-01T09:00Z\"\n  creation_end_time = \"2024-05-01T16:30:00+08:00\"",
			`Attribute creation_end_time \("2024-05-01T16:30:00\+08:00", 2024-05-01T08:30Z UTC\) must not be earlier than creation_start_time`},
	}...)
}

// TestAccValidation_refusedAtPlanWithoutAPICalls: every invalid configuration of the tables fails at plan with a
// diagnostic, attached to its own block, that names the attribute and the rule; and not one API call reaches the
// emulator. All cases share one configuration (one block each), since Terraform reports every block's
// diagnostics at once: one plan instead of sixty keeps the test fast.
func TestAccValidation_refusedAtPlanWithoutAPICalls(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	var config strings.Builder
	config.WriteString(env.ProviderConfig())
	// want maps each block's header, as Terraform quotes it in a diagnostic, to the diagnostic it must get.
	want := map[string]invalidConfig{}
	for _, tc := range append(resourceInvalidConfigs(), tagsInvalidConfigs()...) {
		name := blockName(tc.name)
		disk := fmt.Sprintf("disk_id = %q", env.DiskID)
		if tc.name == "disk_id missing" || strings.HasPrefix(tc.body, "disk_id") {
			disk = ""
		}
		fmt.Fprintf(&config, "\nresource \"aliecs_snapshot\" %q {\n  %s\n  %s\n}\n", name, disk, tc.body)
		want[fmt.Sprintf(`in resource "aliecs_snapshot" %q`, name)] = tc
	}
	for _, tc := range append(dataSourceInvalidConfigs(), tagsInvalidConfigs()...) {
		name := blockName(tc.name)
		fmt.Fprintf(&config, "\ndata \"aliecs_snapshots\" %q {\n  %s\n}\n", name, tc.body)
		want[fmt.Sprintf(`in data "aliecs_snapshots" %q`, name)] = tc
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		// No ExpectError: ErrorCheck reads the whole error and finds each case's diagnostic in it. A plan that
		// succeeded would not be empty, and PlanOnly would fail the step.
		ErrorCheck: func(err error) error { return expectDiagnostics(err, want) },
		Steps:      []resource.TestStep{{Config: config.String(), PlanOnly: true}},
	})
	expectNoAPICalls(t, env)
}

// expectDiagnostics checks that err holds, for every block of want, a diagnostic matching the block's case.
func expectDiagnostics(err error, want map[string]invalidConfig) error {
	var diags []string
	for _, d := range strings.Split(err.Error(), "Error: ")[1:] {
		diags = append(diags, strings.Join(strings.Fields(d), " ")) // undo Terraform's line wrapping
	}
	var problems []string
	for _, block := range slices.Sorted(maps.Keys(want)) {
		tc := want[block]
		pattern := wrapped(tc.want)
		var found, matched bool
		for _, d := range diags {
			if strings.Contains(d, block+":") {
				found = true
				matched = matched || pattern.MatchString(d)
			}
		}
		switch {
		case !found:
			problems = append(problems, fmt.Sprintf("%s (%s): accepted, want %q", block, tc.body, tc.want))
		case !matched:
			problems = append(problems, fmt.Sprintf("%s (%s): refused, but no diagnostic matches %q", block, tc.body, tc.want))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%d of %d invalid configurations were not refused as expected:\n%s\n\nthe plan said:\n%v",
			len(problems), len(want), strings.Join(problems, "\n"), err)
	}
	return nil
}

// blockName turns a case name into a block label.
func blockName(caseName string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, strings.ToLower(caseName))
}

// TestAccValidation_retentionShrinkRefusedWithoutAPICall: the one rule that needs the prior state refuses a
// shorter retention at plan, having only read the snapshot, never modified it.
func TestAccValidation_retentionShrinkRefusedWithoutAPICall(t *testing.T) {
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	env.SkipIfRealCloud(t) // reads the emulator's call counts
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{
			{Config: resConfig(env, `retention_days = 30`)},
			{
				PreConfig:   env.Emulator.ResetCallCounts,
				Config:      resConfig(env, `retention_days = 7`),
				PlanOnly:    true,
				ExpectError: wrapped(`(?s)Retention can only be extended.*retention_days cannot go from 30 down to 7`),
			},
			{
				PreConfig: func() {
					for action, n := range env.Emulator.CallCounts() {
						if !strings.HasPrefix(action, "Describe") {
							t.Errorf("the refused plan made %d %s call(s); only reads are expected", n, action)
						}
					}
				},
				Config: resConfig(env, `retention_days = 30`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// expectNoAPICalls fails the test if the emulator received any API call, naming them.
func expectNoAPICalls(t *testing.T, env *acctest.Env) {
	t.Helper()
	if env.Emulator == nil {
		return
	}
	counts := env.Emulator.CallCounts()
	if len(counts) == 0 {
		return
	}
	var calls []string
	for _, action := range slices.Sorted(maps.Keys(counts)) {
		calls = append(calls, fmt.Sprintf("%s=%d", action, counts[action]))
	}
	t.Errorf("an invalid configuration reached the API: %s", strings.Join(calls, ", "))
	env.Emulator.ResetCallCounts()
}

// dsPhrase matches text however terraform wraps it across lines.
func dsPhrase(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

// TestAccSnapshot_throttledWaitsFinish creates several snapshots at once while the API throttles the first
// DescribeSnapshots calls more times than one call retries (max_retries = 1: two attempts): the waits share
// their checks, back off and go on, so the apply ends without an error. Without that, each wait would fail on
// its first throttled check.
func TestAccSnapshot_throttledWaitsFinish(t *testing.T) {
	acctest.Long(t)
	const snapshots, throttled = 4, 4
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: time.Second})
	env.SkipIfRealCloud(t)
	if len(env.DiskIDs) < snapshots {
		t.Fatalf("the fixture has %d disks that accept snapshots, want %d", len(env.DiskIDs), snapshots)
	}
	if err := env.Emulator.SetFaults([]emulator.Fault{{Action: "DescribeSnapshots", Count: throttled,
		Code: "Throttling.User", HTTPStatus: 400, Message: "Request was denied due to user flow control."}}); err != nil {
		t.Fatal(err)
	}
	var cfg strings.Builder
	cfg.WriteString(env.ProviderConfigWith("max_retries = 1"))
	checks := []resource.TestCheckFunc{func(*terraform.State) error {
		if got := env.Emulator.CallCounts()["DescribeSnapshots"]; got <= throttled {
			return fmt.Errorf("%d DescribeSnapshots calls: the throttling (%d calls) cannot all have been met", got, throttled)
		}
		return nil
	}}
	for i := range snapshots {
		fmt.Fprintf(&cfg, "resource \"aliecs_snapshot\" \"s%d\" {\n  disk_id = %q\n}\n", i, env.DiskIDs[i])
		checks = append(checks, resource.TestCheckResourceAttr(fmt.Sprintf("aliecs_snapshot.s%d", i), "status", "accomplished"))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
		Steps: []resource.TestStep{{
			Config: cfg.String(),
			Check:  resource.ComposeAggregateTestCheckFunc(checks...),
		}},
	})
}
