package ecd_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	ecdwire "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd"
	ecdbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd/backend"
)

const resAddr = "aliecs_desktop_snapshot.test"

var (
	snapshotIDPattern = regexp.MustCompile(`^s-[0-9a-z]+$`)
	timePattern       = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
)

// wrapped compiles an expected error pattern in which every space also matches the line breaks Terraform
// puts into long diagnostics.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}

func resConfig(env *acctest.Env, body string) string {
	return env.ProviderConfig() + fmt.Sprintf("\nresource \"aliecs_desktop_snapshot\" \"test\" {\n%s\n}\n", body)
}

// checkDestroyed asks ECD, through a client of its own, for every desktop snapshot the test's state held:
// none may be left.
func checkDestroyed(t *testing.T, env *acctest.Env) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ecd := env.ECDClient(t)
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "aliecs_desktop_snapshot" {
				continue
			}
			found, err := ecd.DescribeSnapshots(t.Context(), ecdclient.DescribeSnapshotsInput{SnapshotID: rs.Primary.ID})
			if err != nil {
				return err
			}
			for _, snap := range found {
				if snap.SnapshotID == rs.Primary.ID {
					return fmt.Errorf("desktop snapshot %s still exists (%s)", rs.Primary.ID, snap.Status)
				}
			}
		}
		return nil
	}
}

// checkAPI reads the resource's snapshot through a client of the test's own and checks it.
func checkAPI(t *testing.T, env *acctest.Env, check func(ecdclient.Snapshot) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[resAddr]
		if !ok {
			return fmt.Errorf("%s not in the state", resAddr)
		}
		found, err := env.ECDClient(t).DescribeSnapshots(t.Context(), ecdclient.DescribeSnapshotsInput{SnapshotID: rs.Primary.ID})
		if err != nil {
			return err
		}
		if len(found) != 1 {
			return fmt.Errorf("DescribeSnapshots by %s found %d", rs.Primary.ID, len(found))
		}
		return check(found[0])
	}
}

// Create on a running desktop, wait until accomplished, read back, import (CLI and import block), a change of
// case only is an update without any API call, never a replacement nor drift; destroy leaves nothing.
func TestAccDesktopSnapshot_createWaitReadImport(t *testing.T) {
	env := acctest.New(t)
	desktop := env.RunningDesktopID(t)
	body := func(diskType string) string {
		return fmt.Sprintf(`
  desktop_id       = %q
  snapshot_name    = "acc-desktop"
  source_disk_type = %q
  description      = "made by an acceptance test"
`, desktop, diskType)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             checkDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: resConfig(env, body("system")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(snapshotIDPattern)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("desktop_id"), knownvalue.StringExact(desktop)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("snapshot_name"), knownvalue.StringExact("acc-desktop")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("source_disk_type"), knownvalue.StringExact("system")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("description"), knownvalue.StringExact("made by an acceptance test")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("status"), knownvalue.StringExact("ACCOMPLISHED")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("progress"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("snapshot_type"), knownvalue.StringExact("USER")),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("creation_time"), knownvalue.StringRegexp(timePattern)),
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("source_disk_size"), knownvalue.NotNull()),
				},
				Check: checkAPI(t, env, func(s ecdclient.Snapshot) error {
					if s.DesktopID != desktop || s.SnapshotName != "acc-desktop" || s.SourceDiskType != ecdclient.SourceDiskTypeSystem ||
						s.Status != ecdclient.StatusAccomplished || s.SourceDiskSize <= 0 || s.Description != "made by an acceptance test" {
						return fmt.Errorf("the API has %+v", s)
					}
					return nil
				}),
			},
			{
				// The API answers SYSTEM: a refresh and plan of the same configuration shows nothing.
				Config:             resConfig(env, body("system")),
				PlanOnly:           true,
				ExpectNonEmptyPlan: false,
			},
			{
				ResourceName:            resAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:    resAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				// Only the case changes: the same disk, updated in place, never replaced.
				Config: resConfig(env, body("SYSTEM")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resAddr, tfjsonpath.New("source_disk_type"), knownvalue.StringExact("SYSTEM")),
				},
			},
			{
				// Another disk is another snapshot.
				Config: resConfig(env, body("Data")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: checkAPI(t, env, func(s ecdclient.Snapshot) error {
					if s.SourceDiskType != ecdclient.SourceDiskTypeData {
						return fmt.Errorf("the API has %+v", s)
					}
					return nil
				}),
			},
		},
	})
}

// A snapshot deleted outside Terraform is planned again.
func TestAccDesktopSnapshot_deletedOutside(t *testing.T) {
	env := acctest.New(t)
	desktop := env.RunningDesktopID(t)
	cfg := resConfig(env, fmt.Sprintf(`
  desktop_id       = %q
  snapshot_name    = "acc-gone"
  source_disk_type = "data"
`, desktop))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             checkDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					return env.ECDClient(t).DeleteSnapshot(t.Context(), []string{s.RootModule().Resources[resAddr].Primary.ID})
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// Plan-time validation: each rule is named with the attribute and the value, before any API call.
func TestAccDesktopSnapshot_refusedAtPlan(t *testing.T) {
	env := acctest.New(t)
	// One test case, a plan-only step per rule: each step costs one plan, where a test case of its own would
	// cost five terraform commands (two version checks, init, plan, state), and the tests are bound by CPU.
	cases := []struct{ body, want string }{
		{`desktop_id = "i-bp1"
  snapshot_name = "ok-name"
  source_disk_type = "system"`, `Attribute desktop_id must be a cloud desktop ID: "ecd-" followed by lower-case letters and digits`},
		{`desktop_id = "ecd-bp1r7k2m9x4q6w3e5"
  snapshot_name = "auto_daily"
  source_disk_type = "system"`, `snapshot_name must not start with "auto"`},
		{`desktop_id = "ecd-bp1r7k2m9x4q6w3e5"
  snapshot_name = "a"
  source_disk_type = "system"`, `snapshot_name must be 2 to 127 characters`},
		{fmt.Sprintf(`desktop_id = "ecd-bp1r7k2m9x4q6w3e5"
  snapshot_name = %q
  source_disk_type = "system"`, "a"+strings.Repeat("b", 127)), `snapshot_name must be 2 to 127 characters`},
		{`desktop_id = "ecd-bp1r7k2m9x4q6w3e5"
  snapshot_name = "a:b"
  source_disk_type = "system"`, `snapshot_name must contain only letters, digits, underscores`},
		{`desktop_id = "ecd-bp1r7k2m9x4q6w3e5"
  snapshot_name = "1abc"
  source_disk_type = "system"`, `snapshot_name must start with a letter`},
		{`desktop_id = "ecd-bp1r7k2m9x4q6w3e5"
  snapshot_name = "ok-name"
  source_disk_type = "boot"`, `source_disk_type value must be one of:.*"system".*"data".*got: "boot"`},
		{fmt.Sprintf(`desktop_id = "ecd-bp1r7k2m9x4q6w3e5"
  snapshot_name = "ok-name"
  source_disk_type = "system"
  description = %q`, strings.Repeat("d", 129)), `description string length must be at most 128`},
		{`desktop_id = "ecd-bp1r7k2m9x4q6w3e5"
  snapshot_name = "ok-name"
  source_disk_type = "system"
  timeouts { create = "-5m" }`, `must be a positive duration`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config: resConfig(env, c.body), PlanOnly: true, ExpectError: wrapped(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.Factories, Steps: steps})
}

// What the API would refuse: a desktop neither Running nor Stopped, an unknown desktop (both at plan time, from
// DescribeDesktops), a status refusal at apply (a desktop whose status changed after the plan: the error names
// the status the desktop is in, the region and what to check, not the API's bare text), an import of what is no
// desktop snapshot. Nothing is left in the state.
func TestAccDesktopSnapshot_refusedByAPI(t *testing.T) {
	acctest.Long(t)
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // uses the emulator's fixture desktops
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             checkDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: resConfig(env, fmt.Sprintf(`
  desktop_id       = %q
  snapshot_name    = "acc-starting"
  source_disk_type = "system"
`, ecdbackend.DesktopStarting)),
				PlanOnly: true,
				ExpectError: wrapped(`Cannot snapshot this cloud desktop.*Cloud desktop ` + ecdbackend.DesktopStarting + ` \(desktop_id\) in region ` +
					env.Region() + ` is Starting, and CreateSnapshot takes a snapshot only of a desktop that is Running or Stopped`),
			},
			{
				Config: resConfig(env, `
  desktop_id       = "ecd-nosuchdesktop1"
  snapshot_name    = "acc-unknown"
  source_disk_type = "system"
`),
				PlanOnly:    true,
				ExpectError: wrapped(`Attribute desktop_id \("ecd-nosuchdesktop1"\) names no cloud desktop in region ` + env.Region()),
			},
			{
				PreConfig: func() {
					if err := env.Emulator.SetFaults([]emulator.Fault{{Action: ecdwire.CallPrefix + "CreateSnapshot", Count: 1, Code: "IncorrectInstanceStatus",
						HTTPStatus: 400, Message: "The current status of the resource does not support this operation."}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: resConfig(env, fmt.Sprintf(`
  desktop_id       = %q
  snapshot_name    = "acc-refused"
  source_disk_type = "system"
`, ecdbackend.DesktopRunning)),
				ExpectError: wrapped(`Cannot create desktop snapshot.*Creating a snapshot of the system disk of cloud desktop ` +
					ecdbackend.DesktopRunning + ` in region ` + env.Region() + `: ECD CreateSnapshot failed: IncorrectInstanceStatus: ` +
					`.*The API refused the call because of the current status of cloud desktop ` + ecdbackend.DesktopRunning +
					` \(it is Running now\). The operation is allowed only in status Running or Stopped. Check its status in region ` + env.Region()),
			},
			{
				Config: resConfig(env, fmt.Sprintf(`
  desktop_id       = %q
  snapshot_name    = "acc-import"
  source_disk_type = "system"
`, ecdbackend.DesktopRunning)),
				ResourceName:  resAddr,
				ImportState:   true,
				ImportStateId: "s-nosuchsnapshot",
				ExpectError:   wrapped(`Cannot import desktop snapshot s-nosuchsnapshot: there is no desktop snapshot with this ID in region`),
			},
			{
				Config: resConfig(env, fmt.Sprintf(`
  desktop_id       = %q
  snapshot_name    = "acc-import"
  source_disk_type = "system"
`, ecdbackend.DesktopRunning)),
				ResourceName:  resAddr,
				ImportState:   true,
				ImportStateId: "ecd-bp1r7k2m9x4q6w3e5",
				ExpectError:   wrapped(`The import ID "ecd-bp1r7k2m9x4q6w3e5" is not a desktop snapshot ID`),
			},
		},
	})
}

// A snapshot that ends FAILED fails the apply at once and stays in the state, tainted: the next apply
// replaces it, and destroy removes both.
func TestAccDesktopSnapshot_failedStaysTainted(t *testing.T) {
	acctest.Long(t)
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // makes a snapshot fail through the emulator's controls
	desktop := env.RunningDesktopID(t)
	cfg := resConfig(env, fmt.Sprintf(`
  desktop_id       = %q
  snapshot_name    = "acc-failed"
  source_disk_type = "system"
`, desktop))
	var failedID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy: func(s *terraform.State) error {
			if err := checkDestroyed(t, env)(s); err != nil {
				return err
			}
			found, err := env.ECDClient(t).DescribeSnapshots(t.Context(), ecdclient.DescribeSnapshotsInput{DesktopID: desktop})
			if err != nil {
				return err
			}
			for _, snap := range found {
				if snap.SnapshotName == "acc-failed" {
					return fmt.Errorf("snapshot %s (%s) left behind", snap.SnapshotID, snap.Status)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if err := env.Emulator.ECD().FailNextSnapshots(desktop, 1); err != nil {
						t.Fatal(err)
					}
				},
				Config:      cfg,
				ExpectError: wrapped(`Desktop snapshot not created.*failed to be created \(status "FAILED"`),
			},
			{
				Config: cfg,
				PreConfig: func() {
					found, err := env.ECDClient(t).DescribeSnapshots(t.Context(), ecdclient.DescribeSnapshotsInput{DesktopID: desktop, SnapshotName: "acc-failed"})
					if err != nil || len(found) != 1 || found[0].Status != ecdclient.StatusFailed {
						t.Fatalf("after the failed apply: %+v, %v", found, err)
					}
					failedID = found[0].SnapshotID
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(s *terraform.State) error {
					if id := s.RootModule().Resources[resAddr].Primary.ID; id == failedID {
						return fmt.Errorf("the failed snapshot %s was kept", id)
					}
					return nil
				},
			},
		},
	})
}

// The create timeout ends the wait with where the snapshot got; the snapshot stays, tainted.
func TestAccDesktopSnapshot_createTimeout(t *testing.T) {
	acctest.Long(t)
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: 10 * 60e9})
	env.SkipIfRealCloud(t)
	desktop := env.RunningDesktopID(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             checkDestroyed(t, env),
		Steps: []resource.TestStep{{
			Config: resConfig(env, fmt.Sprintf(`
  desktop_id       = %q
  snapshot_name    = "acc-slow"
  source_disk_type = "data"
  timeouts { create = "3s" }
`, desktop)),
			ExpectError: wrapped(`timed out waiting for desktop snapshot s-[0-9a-z]+ to be created \(last seen PROGRESSING.*terraform untaint`),
		}},
	})
}

// A replacement whose create would fail is refused at plan time, before anything is destroyed: desktop_id changed
// to a Starting desktop, or to one that does not exist, fails the plan with the reason, and the old snapshot is
// still there (read through a client of the test's own) and still in the state.
func TestAccDesktopSnapshot_replacementCheckedAtPlan(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // uses the emulator's fixture desktops
	body := func(desktop string) string {
		return resConfig(env, fmt.Sprintf(`
  desktop_id       = %q
  snapshot_name    = "acc-replace"
  source_disk_type = "data"
`, desktop))
	}
	var first string
	stillThere := checkAPI(t, env, func(s ecdclient.Snapshot) error {
		if s.SnapshotID != first || s.Status != ecdclient.StatusAccomplished {
			return fmt.Errorf("the snapshot in the state is %s (%s), want the first one, %s, accomplished", s.SnapshotID, s.Status, first)
		}
		return nil
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             checkDestroyed(t, env),
		Steps: []resource.TestStep{
			{
				Config: body(ecdbackend.DesktopRunning),
				Check: func(s *terraform.State) error {
					first = s.RootModule().Resources[resAddr].Primary.ID
					return nil
				},
			},
			{
				Config:      body(ecdbackend.DesktopStarting),
				ExpectError: wrapped(`Cloud desktop ` + ecdbackend.DesktopStarting + ` \(desktop_id\) in region ` + env.Region() + ` is Starting`),
			},
			{
				Config:      body("ecd-nosuchdesktop1"),
				ExpectError: wrapped(`names no cloud desktop in region ` + env.Region()),
			},
			{
				// Back to the first configuration: nothing to do, and the first snapshot is the one there.
				Config: body(ecdbackend.DesktopRunning),
				Check:  stillThere,
			},
		},
	})
}

// A plan of many new snapshots of the same few desktops checks each desktop through shared DescribeDesktops calls
// (terraform plans up to -parallelism resources at once), not a call per snapshot; a desktop that cannot be
// snapshotted is still refused, by name, among them.
func TestAccDesktopSnapshot_planChecksShareCalls(t *testing.T) {
	env := acctest.New(t)
	env.SkipIfRealCloud(t) // counts the emulator's calls
	t.Parallel()
	const n = 20
	config := env.ProviderConfig() + fmt.Sprintf(`
locals {
  desktops = [%q, %q]
}

resource "aliecs_desktop_snapshot" "s" {
  count            = %d
  desktop_id       = local.desktops[count.index %% 2]
  snapshot_name    = "plan-${count.index}"
  source_disk_type = "data"
}
`, ecdbackend.DesktopRunning, ecdbackend.DesktopStopped, n)
	w := acctest.NewCLIWorkspace(t, config)
	// A round trip of a real API's order, so that checks overlap however slowly a busy machine runs terraform.
	env.Emulator.SetLatency(ecdwire.CallPrefix+"DescribeDesktops", 20*time.Millisecond)
	env.Emulator.ResetCallCounts()
	w.Run("plan", "-input=false", "-no-color", "-parallelism=10")
	// One call per snapshot before the checks shared them; 4 in runs on a 2-core machine, idle or busy.
	got := env.Emulator.CallCounts()[ecdwire.CallPrefix+"DescribeDesktops"]
	if got < 1 || got > n/2 {
		t.Errorf("a plan of %d new snapshots of 2 desktops made %d DescribeDesktops calls, want 1 to %d", n, got, n/2)
	}

	w.SetConfig(config + fmt.Sprintf(`
resource "aliecs_desktop_snapshot" "starting" {
  desktop_id       = %q
  snapshot_name    = "plan-starting"
  source_disk_type = "data"
}
`, ecdbackend.DesktopStarting))
	out, err := w.Command("plan", "-input=false", "-no-color", "-parallelism=10").CombinedOutput()
	if said := strings.Join(strings.Fields(string(out)), " "); err == nil || !strings.Contains(said, "Cloud desktop "+ecdbackend.DesktopStarting+" (desktop_id)") ||
		strings.Count(said, "Cannot snapshot this cloud desktop") != 1 {
		t.Errorf("the plan must refuse the starting desktop's snapshot, and only it; err %v:\n%s", err, out)
	}
}
