package ecs_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// The actions aliecs_snapshot calls when it has no tags or resource group to change.
var snapshotLifecycleActions = []string{"CreateSnapshot", "DescribeSnapshots", "DeleteSnapshot"}

// Fault kinds as the log of the emulator names them (see faultLog).
const (
	kindThrottling  = "Throttling"
	kindInternal    = "InternalError"
	kindUnavailable = "ServiceUnavailable"
	kindDropBefore  = "drop-before"
	kindDropAfter   = "drop-after"
)

// stormFaults makes a share rate of every call of each lifecycle action fail, split evenly among the kinds
// of failure the action can meet: throttling, 500, 503, a connection dropped before the server acts and,
// for the calls that change something, one dropped after it acted (the answer lost, the change made).
// The emulator draws the faults of a call one after the other, so each gets 1-(1-rate)^(1/kinds) for the
// call to fail with probability rate in all. Before them come a few faults that fire for certain on the
// first calls, so that every kind is exercised whatever the draws, the idempotence of CreateSnapshot and
// the "already gone" delete included; no call meets more than three of them.
func stormFaults(rate float64) []emulator.Fault {
	throttling := emulator.Fault{Code: kindThrottling, HTTPStatus: 403, Message: "Request was denied due to request throttling."}
	internal := emulator.Fault{Code: kindInternal, HTTPStatus: 500, Message: "The request processing has failed due to some unknown error."}
	unavailable := emulator.Fault{Code: kindUnavailable, HTTPStatus: 503, Message: "The request has failed due to a temporary failure of the server."}
	dropBefore := emulator.Fault{Mode: emulator.FaultDropBefore}
	dropAfter := emulator.Fault{Mode: emulator.FaultDropAfter}
	sure := func(f emulator.Fault, action string, n int) emulator.Fault {
		f.Action, f.Count = action, n
		return f
	}
	faults := []emulator.Fault{
		sure(dropAfter, "CreateSnapshot", 2), sure(internal, "CreateSnapshot", 1),
		sure(throttling, "DescribeSnapshots", 1), sure(dropBefore, "DescribeSnapshots", 1),
		sure(dropAfter, "DeleteSnapshot", 2), sure(unavailable, "DeleteSnapshot", 1),
	}
	for _, action := range snapshotLifecycleActions {
		kinds := []emulator.Fault{throttling, internal, unavailable, dropBefore}
		if action != "DescribeSnapshots" {
			kinds = append(kinds, dropAfter)
		}
		each := 1 - math.Pow(1-rate, 1/float64(len(kinds)))
		for _, k := range kinds {
			k.Action, k.Rate = action, each
			faults = append(faults, k)
		}
	}
	return faults
}

// faultLog counts, from the emulator's log, the faults it injected, by kind and action: proof that a storm
// really blew, and of what.
type faultLog struct {
	mu     sync.Mutex
	counts map[string]int // "kind action"
}

func (l *faultLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *faultLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *faultLog) WithGroup(string) slog.Handler            { return l }

func (l *faultLog) Handle(_ context.Context, r slog.Record) error {
	var action, code string
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "action":
			action = a.Value.String()
		case "code":
			code = a.Value.String()
		}
		return true
	})
	kind := ""
	switch {
	case strings.HasPrefix(r.Message, "api call dropped before"):
		kind = kindDropBefore
	case strings.HasPrefix(r.Message, "api call dropped after"):
		kind = kindDropAfter
	case r.Message == "api call" && (code == kindThrottling || code == kindInternal || code == kindUnavailable):
		kind = code
	default:
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.counts == nil {
		l.counts = map[string]int{}
	}
	l.counts[kind+" "+action]++
	return nil
}

func (l *faultLog) count(kind, action string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts[kind+" "+action]
}

func (l *faultLog) snapshot() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return maps.Clone(l.counts)
}

// total is how many faults of a kind fired, over every action.
func (l *faultLog) total(kind string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for k, c := range l.counts {
		if strings.HasPrefix(k, kind+" ") {
			n += c
		}
	}
	return n
}

// startFaultEmulator starts an emulator whose injected faults are counted, and an acceptance test
// environment around it. It needs the emulator's controls, so it skips against the real cloud.
func startFaultEmulator(t *testing.T, duration time.Duration, factory ecsclient.Factory) (*acctest.Env, *faultLog) {
	t.Helper()
	acctest.PreCheck(t)
	if acctest.RealCloud() {
		t.Skip("injects faults through the emulator; skipped against the real cloud")
	}
	log := &faultLog{}
	env := acctest.NewWithOptions(t, acctest.Options{
		SnapshotDuration: duration, ClientFactory: factory, Emulator: emulator.Config{Logger: slog.New(log)},
	})
	return env, log
}

// seedStormDisks gives the emulator n more snapshottable disks, one snapshot each at a time being the rule.
func seedStormDisks(t *testing.T, env *acctest.Env, n int) []string {
	t.Helper()
	f := backend.Fixture{Instances: []backend.Instance{{
		InstanceID: "i-stormfaults0000001", InstanceName: "storm", ZoneID: "cn-hangzhou-i", Status: "Running", EverStarted: true,
	}}}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("d-stormfaults%07d", i)
		f.Disks = append(f.Disks, backend.Disk{
			DiskID: ids[i], DiskName: fmt.Sprintf("storm-%02d", i), InstanceID: "i-stormfaults0000001", ZoneID: "cn-hangzhou-i",
			Type: "data", Category: "cloud_essd", Status: "In_use", SizeGiB: 20, EverAttached: true, EverUsed: true,
		})
	}
	if err := env.Emulator.Backend().Seed(f); err != nil {
		t.Fatal(err)
	}
	return ids
}

// stateSnapshotIDs are the IDs of every aliecs_snapshot instance in the state.
func stateSnapshotIDs(st *terraform.State) []string {
	var ids []string
	for _, rs := range st.RootModule().Resources {
		if rs.Type == "aliecs_snapshot" {
			ids = append(ids, rs.Primary.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// expectEmulatorHoldsExactly checks that the emulator's snapshots are exactly those of the state: none
// lost, none doubled, none orphaned.
func expectEmulatorHoldsExactly(env *acctest.Env, want int) func(*terraform.State) error {
	return expectSnapshotsExactly(func() []backend.Snapshot { return env.Emulator.Backend().Snapshots() }, want)
}

// expectSnapshotsExactly checks that the snapshots an emulator has are exactly the want snapshots of the state.
func expectSnapshotsExactly(snapshots func() []backend.Snapshot, want int) func(*terraform.State) error {
	return func(st *terraform.State) error {
		inState := stateSnapshotIDs(st)
		var inEmulator []string
		for _, s := range snapshots() {
			inEmulator = append(inEmulator, s.SnapshotId)
		}
		sort.Strings(inEmulator)
		if len(inState) != want || !slices.Equal(inState, inEmulator) {
			return fmt.Errorf("state holds %d snapshots %v, the emulator %d %v; want the same %d", len(inState), inState, len(inEmulator), inEmulator, want)
		}
		return nil
	}
}

// The storm: 20 snapshots are created, refreshed and destroyed while 30% of the calls fail in every way a
// network and a busy API fail. Nothing is lost, doubled or left over.
//
// Flake probability: calls fail independently with p = 0.3, and the provider's default of 15 retries
// gives up a call only when all 16 attempts fail: 0.3^16 = 4.3e-9 per call. The few calls that meet the
// certain faults first (seven at most, three certain failures each at worst) are lost with 0.3^13 = 1.6e-6.
// The test makes at most about 350 calls (20 creates, polls, the refreshes of three plans, 20 deletes, their
// polls; fewer when reads share DescribeSnapshots calls), so it fails by chance at most
// 350*4.3e-9 + 7*1.6e-6 = 1.3e-5 of the time: once in 80,000 runs. With the old default of 5 retries it
// was up to 350*0.3^6 = 0.26, one run in four.
func TestAccSnapshot_faultStorm(t *testing.T) {
	env, log := startFaultEmulator(t, time.Second, nil)
	disks := seedStormDisks(t, env, 20)
	config := env.ProviderConfig() + fmt.Sprintf(`
locals {
  disks = [%s]
}

resource "aliecs_snapshot" "storm" {
  count         = 20
  disk_id       = local.disks[count.index]
  snapshot_name = "storm-${count.index}"
}
`, `"`+strings.Join(disks, `", "`)+`"`)

	checkEachDiskOnce := func(_ *terraform.State) error {
		perDisk := map[string]int{}
		for _, s := range env.Emulator.Backend().Snapshots() {
			perDisk[s.SourceDiskId]++
			if s.Status != "accomplished" {
				return fmt.Errorf("snapshot %s is %s", s.SnapshotId, s.Status)
			}
		}
		for _, d := range disks {
			if perDisk[d] != 1 {
				return fmt.Errorf("disk %s has %d snapshots, want 1", d, perDisk[d])
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy: func(st *terraform.State) error {
			if err := resCheckDestroyed(env)(st); err != nil {
				return err
			}
			// The storm really blew, in every way, on both the way up and the way down.
			for _, kind := range []string{kindThrottling, kindInternal, kindUnavailable, kindDropBefore} {
				if log.total(kind) == 0 {
					return fmt.Errorf("no %s fault was injected (injected: %v)", kind, log.snapshot())
				}
			}
			for _, action := range []string{"CreateSnapshot", "DeleteSnapshot"} {
				if n := log.count(kindDropAfter, action); n < 2 {
					return fmt.Errorf("%d %s calls were dropped after the server acted, want at least 2", n, action)
				}
			}
			for action := range env.Emulator.CallCounts() {
				if !slices.Contains(snapshotLifecycleActions, action) {
					return fmt.Errorf("the provider called %s, which the storm does not cover", action)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if err := env.Emulator.SetFaults(stormFaults(0.3)); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(expectEmulatorHoldsExactly(env, 20), checkEachDiskOnce),
			},
			{
				// Refreshing under the storm changes nothing either.
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

// A snapshot queued behind another on the same disk: the API refuses it (IncorrectDiskStatus.CreatingSnapshot)
// while the first is progressing, and the provider waits its turn by retrying.
func TestAccSnapshot_faultSameDiskQueues(t *testing.T) {
	env, _ := startFaultEmulator(t, 300*time.Millisecond, nil)
	config := env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_snapshot" "queued" {
  count         = 4
  disk_id       = %q
  snapshot_name = "queued-${count.index}"
}
`, env.DiskID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(env),
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				expectEmulatorHoldsExactly(env, 4),
				func(_ *terraform.State) error {
					// Four snapshots of one disk at once cannot all be accepted at their first attempt.
					if n := env.Emulator.CallCounts()["CreateSnapshot"]; n <= 4 {
						return fmt.Errorf("%d CreateSnapshot calls: the disk was never busy, the test proves nothing", n)
					}
					return nil
				},
			),
		}},
	})
}

// Waiting for a busy disk is bounded: by max_retries (here 2), not only by the create timeout.
func TestAccSnapshot_faultBusyDiskRetriesBounded(t *testing.T) {
	env, _ := startFaultEmulator(t, time.Hour, nil)
	busy, err := env.Emulator.Backend().CreateSnapshot(backend.CreateSnapshotInput{RegionID: env.Emulator.Region, DiskID: env.DiskID})
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			Config: env.ProviderConfigWith("max_retries = 2") + fmt.Sprintf(`
resource "aliecs_snapshot" "test" {
  disk_id = %q
}
`, env.DiskID),
			ExpectError: wrapped(`(?s)IncorrectDiskStatus.CreatingSnapshot.*after 3 attempts`),
		}},
	})
	if n := env.Emulator.CallCounts()["CreateSnapshot"]; n != 3 {
		t.Errorf("%d CreateSnapshot calls, want 3 (one and max_retries = 2 retries)", n)
	}
	if got := env.Emulator.Backend().Snapshots(); len(got) != 1 || got[0].SnapshotId != busy.SnapshotId {
		t.Errorf("the emulator holds %v, want only the busy disk's snapshot %s", got, busy.SnapshotId)
	}
}

// max_retries = 0 means one attempt: a transient error reaches the user at once.
func TestAccSnapshot_faultNoRetries(t *testing.T) {
	env, _ := startFaultEmulator(t, -1, nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if err := env.Emulator.SetFaults([]emulator.Fault{{Action: "CreateSnapshot", Count: 1, Code: "ServiceUnavailable", HTTPStatus: 503}}); err != nil {
					t.Fatal(err)
				}
			},
			Config: env.ProviderConfigWith("max_retries = 0") + fmt.Sprintf(`
resource "aliecs_snapshot" "test" {
  disk_id = %q
}
`, env.DiskID),
			ExpectError: wrapped(`(?s)ECS CreateSnapshot failed: ServiceUnavailable: .*\(HTTP 503, request ID [0-9A-F-]+\)`),
		}},
	})
	if n := env.Emulator.CallCounts()["CreateSnapshot"]; n != 1 {
		t.Errorf("%d CreateSnapshot calls, want 1", n)
	}
	if got := env.Emulator.Backend().Snapshots(); len(got) != 0 {
		t.Errorf("the emulator holds %d snapshots, want none", len(got))
	}
}

// recordingClient keeps the last error CreateSnapshot returned, to compare it with what the API saw.
type recordingClient struct {
	ecsclient.Client
	mu        sync.Mutex
	createErr error
}

func (c *recordingClient) CreateSnapshot(ctx context.Context, in ecsclient.CreateSnapshotInput) (string, error) {
	id, err := c.Client.CreateSnapshot(ctx, in)
	c.mu.Lock()
	c.createErr = err
	c.mu.Unlock()
	return id, err
}

// Persistent throttling: every call is throttled. The retries (allowed far more than the time permits)
// stop at the create timeout, and the error says that the API throttled the call and how many attempts
// were made; the count is the one the API saw.
func TestAccSnapshot_faultPersistentThrottling(t *testing.T) {
	var rec *recordingClient
	var recMu sync.Mutex
	factory := func(ctx context.Context, cfg ecsclient.Config) (ecsclient.Client, error) {
		c, err := ecsclient.New(ctx, cfg)
		if err != nil {
			return nil, err
		}
		recMu.Lock()
		defer recMu.Unlock()
		rec = &recordingClient{Client: c}
		return rec, nil
	}
	env, log := startFaultEmulator(t, -1, factory)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if err := env.Emulator.SetFaults([]emulator.Fault{{Code: kindThrottling, HTTPStatus: 403, Message: "Request was denied due to request throttling."}}); err != nil {
					t.Fatal(err)
				}
			},
			Config: env.ProviderConfigWith("max_retries = 1000") + fmt.Sprintf(`
resource "aliecs_snapshot" "test" {
  disk_id = %q
  timeouts {
    create = "3s"
  }
}
`, env.DiskID),
			ExpectError: wrapped(`(?s)Creating a snapshot of disk d-[0-9a-z]+: .*ECS CreateSnapshot .*after \d+ attempts.*Throttling: Request was denied due to request throttling`),
		}},
	})
	recMu.Lock()
	defer recMu.Unlock()
	if rec == nil {
		t.Fatal("the provider was never configured")
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var apiErr *ecsclient.APIError
	if !errors.As(rec.createErr, &apiErr) || !ecsclient.IsThrottling(rec.createErr) {
		t.Fatalf("CreateSnapshot returned %v, want a throttling APIError", rec.createErr)
	}
	// Every call the API saw was throttled, and the error counts them all.
	calls := env.Emulator.CallCounts()["CreateSnapshot"]
	if throttled := log.count(kindThrottling, "CreateSnapshot"); calls < 3 || int64(throttled) != calls {
		t.Errorf("the emulator saw %d CreateSnapshot calls and throttled %d; want all of them, at least 3", calls, throttled)
	}
	if !strings.Contains(rec.createErr.Error(), fmt.Sprintf("after %d attempts", calls)) {
		t.Errorf("error %q does not say that %d attempts were made", rec.createErr, calls)
	}
	if got := env.Emulator.Backend().Snapshots(); len(got) != 0 {
		t.Errorf("the emulator holds %d snapshots, want none", len(got))
	}
}
