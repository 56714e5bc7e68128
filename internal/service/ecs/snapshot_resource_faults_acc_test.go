package ecs_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecsclient"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// The actions aliecs_snapshot calls when it has no tags or resource group to change.
var snapshotLifecycleActions = []string{"CreateSnapshot", "DescribeSnapshots", "DeleteSnapshot"}

// stormFaults makes a share rate of every call of each lifecycle action fail, split evenly among the kinds
// of failure the action can meet: throttling, 500, 503, a connection dropped before the server acts and,
// for the calls that change something, one dropped after it acted (the answer lost, the change made).
// The emulator draws the faults of a call one after the other, so each gets 1-(1-rate)^(1/kinds) for the
// call to fail with probability rate in all. Before them come a few faults that fire for certain on the
// first calls, so that every kind is exercised whatever the draws, the idempotence of CreateSnapshot and
// the "already gone" delete included; no call meets more than three of them.
func stormFaults(rate float64) []emulator.Fault {
	throttling := emulator.Fault{Code: acctest.FaultThrottling, HTTPStatus: 403, Message: "Request was denied due to request throttling."}
	internal := emulator.Fault{Code: acctest.FaultInternal, HTTPStatus: 500, Message: "The request processing has failed due to some unknown error."}
	unavailable := emulator.Fault{Code: acctest.FaultUnavailable, HTTPStatus: 503, Message: "The request has failed due to a temporary failure of the server."}
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
	acctest.Long(t)
	env, log := acctest.StartFaultEmulator(t, time.Second, nil)
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
	checkDestroyed := resCheckDestroyed(t, env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy: func(st *terraform.State) error {
			// Through the API, while the storm still blows: the client's retries ride it out.
			if err := checkDestroyed(st); err != nil {
				return err
			}
			// The storm really blew, in every way, on both the way up and the way down.
			for _, kind := range []string{acctest.FaultThrottling, acctest.FaultInternal, acctest.FaultUnavailable, acctest.FaultDropBefore} {
				if log.Total(kind) == 0 {
					return fmt.Errorf("no %s fault was injected (injected: %v)", kind, log.Snapshot())
				}
			}
			for _, action := range []string{"CreateSnapshot", "DeleteSnapshot"} {
				if n := log.Count(acctest.FaultDropAfter, action); n < 2 {
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
	acctest.Long(t)
	env, _ := acctest.StartFaultEmulator(t, 300*time.Millisecond, nil)
	config := env.ProviderConfig() + fmt.Sprintf(`
resource "aliecs_snapshot" "queued" {
  count         = 4
  disk_id       = %q
  snapshot_name = "queued-${count.index}"
}
`, env.DiskID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy:             resCheckDestroyed(t, env),
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
	acctest.Long(t)
	env, _ := acctest.StartFaultEmulator(t, time.Hour, nil)
	busy, err := env.Emulator.Backend().CreateSnapshot(backend.CreateSnapshotInput{RegionID: env.Emulator.Region, DiskID: env.DiskID})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
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
	acctest.Long(t)
	env, _ := acctest.StartFaultEmulator(t, -1, nil)
	resource.ParallelTest(t, resource.TestCase{
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
	acctest.Long(t)
	var rec *recordingClient
	var recMu sync.Mutex
	factory := func(ctx context.Context, cfg client.Config) (ecsclient.Client, error) {
		c, err := ecsclient.New(ctx, cfg)
		if err != nil {
			return nil, err
		}
		recMu.Lock()
		defer recMu.Unlock()
		rec = &recordingClient{Client: c}
		return rec, nil
	}
	env, log := acctest.StartFaultEmulator(t, -1, factory)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if err := env.Emulator.SetFaults([]emulator.Fault{{Code: acctest.FaultThrottling, HTTPStatus: 403, Message: "Request was denied due to request throttling."}}); err != nil {
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
			ExpectError: wrapped(`(?s)Creating a snapshot of disk d-[0-9a-z]+ in region ` + env.Region() + `: .*ECS CreateSnapshot .*after \d+ attempts.*Throttling: Request was denied due to request throttling.*The API kept refusing calls for flow control until the retries or the timeout ran out`),
		}},
	})
	recMu.Lock()
	defer recMu.Unlock()
	if rec == nil {
		t.Fatal("the provider was never configured")
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var apiErr *client.APIError
	if !errors.As(rec.createErr, &apiErr) || !client.IsThrottling(rec.createErr) {
		t.Fatalf("CreateSnapshot returned %v, want a throttling APIError", rec.createErr)
	}
	// Every call the API saw was throttled, and the error counts them all.
	calls := env.Emulator.CallCounts()["CreateSnapshot"]
	if throttled := log.Count(acctest.FaultThrottling, "CreateSnapshot"); calls < 3 || int64(throttled) != calls {
		t.Errorf("the emulator saw %d CreateSnapshot calls and throttled %d; want all of them, at least 3", calls, throttled)
	}
	if !strings.Contains(rec.createErr.Error(), fmt.Sprintf("after %d attempts", calls)) {
		t.Errorf("error %q does not say that %d attempts were made", rec.createErr, calls)
	}
	if got := env.Emulator.Backend().Snapshots(); len(got) != 0 {
		t.Errorf("the emulator holds %d snapshots, want none", len(got))
	}
}

// restartableEmulator serves the emulator on a fixed loopback address with a state file, and is stopped
// and started again on the same address from that file, as a user restarts `ecs-emulator -state-file`. One
// socket listens on the address for the whole test (portHandoff), so that no other test's server can be given
// the port between a stop and the next start, as happened with a port closed and listened on again.
type restartableEmulator struct {
	addr, stateFile string
	duration        time.Duration
	port            *portHandoff

	mu     sync.Mutex
	http   *http.Server
	server *emulator.Server
}

func startRestartableEmulator(t *testing.T, duration time.Duration) *restartableEmulator {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := newPortHandoff(ln)
	e := &restartableEmulator{addr: ln.Addr().String(), stateFile: filepath.Join(t.TempDir(), "state.json"), duration: duration, port: port}
	if err := e.serve(port.phase()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = e.stop()
		_ = ln.Close()
	})
	return e
}

// portHandoff accepts every connection on one listening socket and hands each to the listener of the current
// phase (a server, or the gap that drops connections while the emulator is down); between phases, and after a
// phase's listener is closed, it drops them as the gap does.
type portHandoff struct {
	addr net.Addr
	mu   sync.Mutex
	cur  *phaseListener
}

func newPortHandoff(ln net.Listener) *portHandoff {
	h := &portHandoff{addr: ln.Addr()}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			h.mu.Lock()
			cur := h.cur
			h.mu.Unlock()
			if cur == nil {
				_ = c.Close()
				continue
			}
			select {
			case cur.conns <- c:
			case <-cur.done:
				_ = c.Close()
			}
		}
	}()
	return h
}

// phase is the listener that receives the connections from now on, until it is closed.
func (h *portHandoff) phase() net.Listener {
	p := &phaseListener{conns: make(chan net.Conn), done: make(chan struct{}), h: h}
	h.mu.Lock()
	h.cur = p
	h.mu.Unlock()
	return p
}

type phaseListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
	h     *portHandoff
}

func (p *phaseListener) Accept() (net.Conn, error) {
	select {
	case c := <-p.conns:
		return c, nil
	case <-p.done:
		return nil, net.ErrClosed
	}
}

func (p *phaseListener) Close() error {
	p.once.Do(func() {
		close(p.done)
		p.h.mu.Lock()
		if p.h.cur == p {
			p.h.cur = nil
		}
		p.h.mu.Unlock()
	})
	return nil
}

func (p *phaseListener) Addr() net.Addr { return p.h.addr }

// serve starts an emulator over the state file (loaded if present) on ln.
func (e *restartableEmulator) serve(ln net.Listener) error {
	b, err := backend.New(backend.Options{SnapshotDuration: e.duration, StateFile: e.stateFile})
	if err != nil {
		_ = ln.Close()
		return err
	}
	s := emulator.NewServer(b, emulator.Config{})
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	e.mu.Lock()
	e.http, e.server = hs, s
	e.mu.Unlock()
	return nil
}

// stop lets the calls in progress finish (so that every change they made is in the state file) and closes
// every connection.
func (e *restartableEmulator) stop() error {
	e.mu.Lock()
	hs := e.http
	e.http = nil
	e.mu.Unlock()
	if hs == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return hs.Shutdown(ctx)
}

func (e *restartableEmulator) current() *emulator.Server {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.server
}

func (e *restartableEmulator) snapshots() []backend.Snapshot {
	return e.current().Backend().Snapshots()
}

// restartWhileWaiting waits until a snapshot is progressing (the apply is in its wait), stops the emulator,
// drops every connection made to its address until the provider has run into at least one, then starts it
// again from the state file on the same address. It returns how many connections it dropped.
func (e *restartableEmulator) restartWhileWaiting() (int, error) {
	deadline := time.Now().Add(time.Minute)
	for !hasProgressing(e.snapshots()) {
		if time.Now().After(deadline) {
			return 0, errors.New("no snapshot started progressing")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := e.stop(); err != nil {
		return 0, fmt.Errorf("stopping the emulator: %w", err)
	}
	gap := e.port.phase()
	dropped := make(chan struct{}, 1)
	go func() {
		for {
			conn, err := gap.Accept()
			if err != nil {
				return
			}
			_ = conn.Close()
			select {
			case dropped <- struct{}{}:
			default:
			}
		}
	}()
	n := 0
	select {
	case <-dropped:
		n++
	case <-time.After(time.Minute):
	}
	_ = gap.Close()
	if n == 0 {
		return 0, errors.New("the provider made no call while the emulator was down")
	}
	return n, e.serve(e.port.phase())
}

func hasProgressing(snapshots []backend.Snapshot) bool {
	for _, s := range snapshots {
		if s.Status == "progressing" {
			return true
		}
	}
	return false
}

// The emulator is restarted from its state file while an apply waits for its snapshots: the provider
// retries through the dropped and refused connections, the restarted emulator knows every snapshot, and
// the state and the emulator agree, with nothing lost or made twice.
func TestAccSnapshot_faultEmulatorRestart(t *testing.T) {
	acctest.Long(t)
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: -1})
	env.SkipIfRealCloud(t) // restarts the emulator
	if len(env.DiskIDs) < 3 {
		t.Fatalf("the fixture has %d snapshottable disks, want 3", len(env.DiskIDs))
	}
	e := startRestartableEmulator(t, 3*time.Second)
	config := fmt.Sprintf(`
provider "aliecs" {
  region     = %q
  endpoint   = "http://%s"
  access_key = %q
  secret_key = %q
}

locals {
  disks = [%q, %q, %q]
}

resource "aliecs_snapshot" "restart" {
  count         = 3
  disk_id       = local.disks[count.index]
  snapshot_name = "restart-${count.index}"
}
`, e.current().Backend().Region(), e.addr, emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret,
		env.DiskIDs[0], env.DiskIDs[1], env.DiskIDs[2])

	type restartResult struct {
		dropped int
		err     error
	}
	restarted := make(chan restartResult, 1)
	// The emulator the provider talks to is e, not env's: CheckDestroy asks e's API.
	api := acctest.EmulatorECSClient(t, "http://"+e.addr, e.current().Backend().Region(), emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories,
		CheckDestroy: func(st *terraform.State) error {
			for _, id := range stateSnapshotIDs(st) {
				if err := expectSnapshotGone(t.Context(), api, id); err != nil {
					return fmt.Errorf("after destroy: %w", err)
				}
			}
			left, err := api.DescribeSnapshots(t.Context(), ecsclient.DescribeSnapshotsInput{})
			if err != nil {
				return fmt.Errorf("listing the snapshots left after destroy: %w", err)
			}
			if len(left) != 0 {
				return fmt.Errorf("%d snapshots left after destroy", len(left))
			}
			return nil
		},
		Steps: []resource.TestStep{{
			PreConfig: func() {
				go func() {
					n, err := e.restartWhileWaiting()
					restarted <- restartResult{n, err}
				}()
			},
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				func(_ *terraform.State) error {
					r := <-restarted
					if r.err != nil {
						return fmt.Errorf("restarting the emulator: %w", r.err)
					}
					return nil
				},
				expectSnapshotsExactly(e.snapshots, 3),
				func(_ *terraform.State) error {
					perDisk := map[string]int{}
					for _, s := range e.snapshots() {
						if s.Status != "accomplished" {
							return fmt.Errorf("snapshot %s is %s", s.SnapshotId, s.Status)
						}
						perDisk[s.SourceDiskId]++
					}
					for _, d := range env.DiskIDs[:3] {
						if perDisk[d] != 1 {
							return fmt.Errorf("disk %s has %d snapshots, want 1", d, perDisk[d])
						}
					}
					return nil
				},
			),
		}},
	})
}

// snapshotsInCLIState lists the aliecs_snapshot resources of a state by address.
func snapshotsInCLIState(st *tfjson.State) map[string]*tfjson.StateResource {
	found := map[string]*tfjson.StateResource{}
	if st.Values == nil || st.Values.RootModule == nil {
		return found
	}
	for _, r := range st.Values.RootModule.Resources {
		if r.Type == "aliecs_snapshot" {
			found[r.Address] = r
		}
	}
	return found
}

// An apply stopped while it waits for the snapshot (terraform gets SIGINT, as from Ctrl-C or a CI job
// being cancelled) keeps the snapshot in the state, tainted; nothing is orphaned, and the next apply
// replaces it and destroy leaves nothing.
func TestAccSnapshot_interruptedApply(t *testing.T) {
	acctest.Long(t)
	env := acctest.NewWithOptions(t, acctest.Options{SnapshotDuration: time.Hour})
	env.SkipIfRealCloud(t) // needs a snapshot that takes an hour, and the emulator's view of what exists
	// In parallel like the tests of resource.ParallelTest: it runs terraform itself, with an environment of its own.
	t.Parallel()
	w := acctest.NewCLIWorkspace(t, env.ProviderConfig()+fmt.Sprintf(`
resource "aliecs_snapshot" "interrupted" {
  disk_id       = %q
  snapshot_name = "interrupted"
}
`, env.DiskID))
	const addr = "aliecs_snapshot.interrupted"
	b := env.Emulator.Backend()
	api := env.ECSClient(t)

	apply := acctest.StartBackground(t, "terraform apply", w.Command("apply", "-auto-approve", "-input=false", "-no-color"))
	// Interrupt once the provider is waiting: the snapshot exists and has been polled at least once.
	apply.Until(func() bool {
		return len(snapshotsWithStatus(env, "progressing")) > 0 && env.Emulator.CallCounts()["DescribeSnapshots"] > 0
	}, 20*time.Millisecond, 2*time.Minute, "the snapshot never started progressing")
	err := apply.Interrupt(2 * time.Minute)
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		t.Fatalf("an interrupted apply must fail, got %v\n%s", err, apply.Output())
	}
	if !strings.Contains(apply.Output(), "Interrupt received") || !strings.Contains(apply.Output(), "cancelled waiting for snapshot") {
		t.Errorf("the output should show the interrupt and the cancelled wait:\n%s", apply.Output())
	}

	progressing := snapshotsWithStatus(env, "progressing")
	if all := b.Snapshots(); len(all) != 1 || len(progressing) != 1 {
		t.Fatalf("the emulator holds %d snapshots (%v progressing), want exactly the interrupted one", len(all), progressing)
	}
	interrupted := progressing[0]
	if list := w.Run("state", "list"); strings.TrimSpace(list) != addr {
		t.Fatalf("terraform state list says %q, want %s", list, addr)
	}
	res := snapshotsInCLIState(w.State())[addr]
	switch {
	case res == nil:
		t.Fatalf("%s is not in the state", addr)
	case res.AttributeValues["id"] != interrupted:
		t.Fatalf("the state holds %s as %v, the emulator has %s", addr, res.AttributeValues["id"], interrupted)
	case !res.Tainted:
		t.Errorf("%s is in the state but not tainted: the next plan would not replace an unfinished snapshot", addr)
	}

	// The error says the snapshot is kept and how to keep it rather than have it replaced; and that works: once
	// untainted, the next plan keeps the snapshot, which goes on being created.
	if said := strings.Join(strings.Fields(apply.Output()), " "); !strings.Contains(said, "Snapshot "+interrupted+" is kept") ||
		!strings.Contains(said, "terraform untaint <address>") {
		t.Errorf("the error should name the kept snapshot %s and the terraform untaint command:\n%s", interrupted, apply.Output())
	}
	w.Run("untaint", "-no-color", addr)
	if code := w.PlanExitCode(); code != 0 {
		t.Errorf("after terraform untaint, terraform plan -detailed-exitcode exits %d, want 0 (nothing to do)", code)
	}
	w.Run("taint", "-no-color", addr)

	// The next apply replaces the unfinished snapshot, leaving only its replacement.
	b.SetSnapshotDuration(0)
	w.Run("apply", "-auto-approve", "-input=false", "-no-color")
	res = snapshotsInCLIState(w.State())[addr]
	all := b.Snapshots()
	switch {
	case len(all) != 1:
		t.Fatalf("after the next apply the emulator holds %d snapshots, want 1", len(all))
	case all[0].SnapshotId == interrupted:
		t.Fatalf("the interrupted snapshot %s was not replaced", interrupted)
	case res == nil || res.AttributeValues["id"] != all[0].SnapshotId || res.Tainted:
		t.Fatalf("the state holds %+v, the emulator %s", res, all[0].SnapshotId)
	}

	w.Run("destroy", "-auto-approve", "-input=false", "-no-color")
	// What CheckDestroy would check, through the API.
	left, err := api.DescribeSnapshots(t.Context(), ecsclient.DescribeSnapshotsInput{})
	if err != nil {
		t.Fatalf("listing the snapshots left after destroy: %v", err)
	}
	if len(left) != 0 {
		t.Fatalf("destroy left %d snapshots", len(left))
	}
	if got := snapshotsInCLIState(w.State()); len(got) != 0 {
		t.Fatalf("destroy left %d resources in the state", len(got))
	}
}
