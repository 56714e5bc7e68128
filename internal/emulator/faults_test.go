package emulator

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// startWith runs an emulator after edit has set the server's test seams (before any request can read them).
func startWith(t *testing.T, opts backend.Options, edit func(*Server)) *TestServer {
	t.Helper()
	b, err := backend.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(b, Config{})
	edit(s)
	return serveTest(t, s, s)
}

func TestFault_errorMode(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	mustOK(t, ts.SetFaults([]Fault{{Action: "CreateSnapshot", Count: 2, Code: "Throttling", HTTPStatus: 403, Message: "slow down"}}))
	for range 2 {
		_, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData)})
		wantAPIError(t, err, 403, "Throttling")
	}
	if n := len(ts.Backend().Snapshots()); n != 0 {
		t.Fatalf("faulted calls reached the backend: %d snapshots", n)
	}
	_, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)})
	mustOK(t, err)                        // other actions are untouched
	createSnapshot(t, c, diskRunningData) // the fault is spent
	if got := ts.CallCounts(); got["CreateSnapshot"] != 3 || got["DescribeSnapshots"] != 1 {
		t.Fatalf("call counts %v: faulted calls count too", got)
	}
	if f := ts.Faults(); len(f) != 1 || f[0].Remaining != 0 {
		t.Fatalf("faults after use: %+v", f)
	}
}

func TestFault_defaultsAndAllActions(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	mustOK(t, ts.SetFaults([]Fault{{}})) // every call of every action, 500 InternalError
	_, err := c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: tea.String(ts.Region)})
	wantAPIError(t, err, 500, "InternalError")
	_, err = c.DeleteSnapshot(&ecs.DeleteSnapshotRequest{SnapshotId: tea.String("s-x")})
	wantAPIError(t, err, 500, "InternalError")
	ts.ClearFaults()
	_, err = c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: tea.String(ts.Region)})
	mustOK(t, err)
}

// A fault never hides an authentication failure, and is not spent on one.
func TestFault_afterAuthentication(t *testing.T) {
	ts := start(t)
	mustOK(t, ts.SetFaults([]Fault{{Count: 1, Code: "ServiceUnavailable", HTTPStatus: 503}}))
	st, body, _ := v1Call{params: url.Values{"Action": {"DescribeSnapshots"}, "RegionId": {ts.Region}}, secret: "wrong"}.do(t, ts)
	wantWireError(t, st, body, 400, "SignatureDoesNotMatch")
	st, body, _ = v1Call{params: url.Values{"Action": {"DescribeSnapshots"}, "RegionId": {ts.Region}}}.do(t, ts)
	wantWireError(t, st, body, 503, "ServiceUnavailable")
}

func TestFault_dropBefore(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	mustOK(t, ts.SetFaults([]Fault{{Action: "CreateSnapshot", Count: 1, Mode: FaultDropBefore}}))
	_, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData)})
	wantConnectionError(t, err)
	if n := len(ts.Backend().Snapshots()); n != 0 {
		t.Fatalf("drop-before acted: %d snapshots", n)
	}
	createSnapshot(t, c, diskRunningData)
	if n := ts.CallCounts()["CreateSnapshot"]; n != 2 {
		t.Fatalf("CreateSnapshot counted %d times, want 2", n)
	}
}

func TestFault_dropAfter(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	mustOK(t, ts.SetFaults([]Fault{{Action: "CreateSnapshot", Count: 1, Mode: FaultDropAfter}}))
	_, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), ClientToken: tea.String("tok-1")})
	wantConnectionError(t, err)
	snaps := ts.Backend().Snapshots()
	if len(snaps) != 1 {
		t.Fatalf("drop-after did not act: %d snapshots", len(snaps))
	}
	// The client's retry with the same token finds the snapshot the lost answer would have named.
	out, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(diskRunningData), ClientToken: tea.String("tok-1")})
	mustOK(t, err)
	if tea.StringValue(out.Body.SnapshotId) != snaps[0].SnapshotId {
		t.Fatalf("retry got %s, want %s", tea.StringValue(out.Body.SnapshotId), snaps[0].SnapshotId)
	}
}

// A fault with Each fires once per value of the parameter: the first call naming each disk loses its answer,
// its retry and later calls for that disk do not; the values it fired for are listed.
func TestFault_eachValueOnce(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	mustOK(t, ts.SetFaults([]Fault{{Action: "CreateSnapshot", Mode: FaultDropAfter, Each: "DiskId"}}))
	create := func(disk, token string) error {
		_, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String(disk), ClientToken: tea.String(token)})
		return err
	}
	wantConnectionError(t, create(diskRunningData, "tok-a"))
	mustOK(t, create(diskRunningData, "tok-a"))
	wantConnectionError(t, create(diskStoppedData, "tok-b"))
	mustOK(t, create(diskStoppedData, "tok-b"))
	mustOK(t, create(diskRunningData, "tok-a"))
	if n := len(ts.Backend().Snapshots()); n != 2 {
		t.Fatalf("%d snapshots, want one per disk", n)
	}
	if f := ts.Faults(); len(f) != 1 || !slices.Equal(f[0].Hit, []string{diskRunningData, diskStoppedData}) || f[0].Remaining != -1 {
		t.Fatalf("faults after use: %+v", f)
	}
}

func wantConnectionError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("want a connection error, got success")
	}
	var se *tea.SDKError
	if errors.As(err, &se) && tea.IntValue(se.StatusCode) != 0 {
		t.Fatalf("want a connection error, got an HTTP answer: %v", err)
	}
}

// The share of calls a fault takes follows the sampler: with rate 0.5, draws below 0.5 fail.
func TestFault_rate(t *testing.T) {
	draws := []float64{0.1, 0.9, 0.49, 0.5, 0.7}
	var mu sync.Mutex
	ts := startWith(t, backend.Options{}, func(s *Server) {
		s.sample = func() float64 {
			mu.Lock()
			defer mu.Unlock()
			d := draws[0]
			draws = draws[1:]
			return d
		}
	})
	mustOK(t, ts.SetFaults([]Fault{{Action: "DescribeSnapshots", Rate: 0.5, Code: "Throttling.User", HTTPStatus: 400}}))
	c := sdk(t, ts)
	var failed []bool
	for range 5 {
		_, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)})
		failed = append(failed, err != nil)
		if err != nil {
			wantAPIError(t, err, 400, "Throttling.User")
		}
	}
	if want := []bool{true, false, true, false, false}; !slices.Equal(failed, want) {
		t.Fatalf("failed %v, want %v", failed, want)
	}
}

func TestFault_validation(t *testing.T) {
	ts := start(t)
	mustOK(t, ts.SetFaults([]Fault{{Action: "CreateSnapshot"}}))
	for _, bad := range []Fault{{Rate: 1.5}, {Rate: -0.1}, {Mode: "explode"}, {HTTPStatus: 200}, {Count: -1}} {
		if err := ts.SetFaults([]Fault{bad}); err == nil {
			t.Fatalf("SetFaults(%+v) accepted", bad)
		}
	}
	if f := ts.Faults(); len(f) != 1 || f[0].Action != "CreateSnapshot" {
		t.Fatalf("a refused SetFaults replaced the faults: %+v", f)
	}
}

func TestLatency_perActionAndDefault(t *testing.T) {
	var mu sync.Mutex
	var slept []string
	ts := startWith(t, backend.Options{}, func(s *Server) {
		s.sleep = func(_ context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			slept = append(slept, d.String())
			return nil
		}
	})
	c := sdk(t, ts)
	ts.SetLatency("", 5*time.Millisecond)
	ts.SetLatency("CreateSnapshot", 20*time.Millisecond)
	createSnapshot(t, c, diskRunningData)
	_, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)})
	mustOK(t, err)
	ts.SetLatency("CreateSnapshot", 0)
	ts.SetLatency("", 0)
	_, err = c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)})
	mustOK(t, err)
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(slept, ","); got != "20ms,5ms,0s" {
		t.Fatalf("slept %s, want 20ms,5ms,0s", got)
	}
}

func TestSleepContext_stopsWhenTheCallerLeaves(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepContext(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("sleepContext on a cancelled context: %v", err)
	}
	if err := sleepContext(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
}

// Every call that names an action is counted: refused, unknown or served.
func TestCallCounts_everyNamedAction(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	_, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)})
	mustOK(t, err)
	_, err = c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String("mars-1")})
	wantAPIError(t, err, 404, "InvalidRegionId.NotFound")
	v1Call{params: url.Values{"Action": {"DescribeSnapshots"}}, secret: "wrong"}.do(t, ts)
	v1Call{params: url.Values{"Action": {"StopInstance"}}}.do(t, ts)
	got := ts.CallCounts()
	if len(got) != 2 || got["DescribeSnapshots"] != 3 || got["StopInstance"] != 1 {
		t.Fatalf("counts %v", got)
	}
	got["DescribeSnapshots"] = 100 // a copy
	if ts.CallCounts()["DescribeSnapshots"] != 3 {
		t.Fatal("CallCounts handed out its own map")
	}
	ts.ResetCallCounts()
	if got := ts.CallCounts(); len(got) != 0 {
		t.Fatalf("after reset: %v", got)
	}
}

// Faults, latency and counts are shared by concurrent calls; run with -race. The calls are V1-signed by hand:
// the SDK's shared HTTP client pool itself races (tea.DoRequest sets http.Client.Timeout while others use it).
func TestServer_concurrentCalls(t *testing.T) {
	ts := start(t)
	mustOK(t, ts.SetFaults([]Fault{{Action: "DescribeSnapshots", Count: 5, Code: "Throttling", HTTPStatus: 403}}))
	ts.SetLatency("DescribeSnapshots", time.Microsecond)
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				st, _, _ := v1Call{params: url.Values{"Action": {"DescribeSnapshots"}, "RegionId": {ts.Region}}}.do(t, ts)
				mu.Lock()
				statuses[st]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if statuses[403] != 5 || statuses[200] != 35 || ts.CallCounts()["DescribeSnapshots"] != 40 {
		t.Fatalf("statuses %v (want 5 x 403, 35 x 200), counted %d (want 40)", statuses, ts.CallCounts()["DescribeSnapshots"])
	}
}
