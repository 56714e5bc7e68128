package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	ecdbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// control sends an unsigned control request and returns the status and body.
func control(t *testing.T, ts *TestServer, method, path, body string) (int, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	st, out, _ := send(t, req)
	return st, out
}

func wantControl(t *testing.T, ts *TestServer, method, path, body string, status int) string {
	t.Helper()
	st, out := control(t, ts, method, path, body)
	if st != status {
		t.Fatalf("%s %s: %d %s, want %d", method, path, st, out, status)
	}
	return out
}

func TestControlSnapshots_resetAndUsage(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	id := createSnapshot(t, c, diskRunningData)

	var snaps []backend.Snapshot
	if err := json.Unmarshal([]byte(wantControl(t, ts, "GET", "/_emulator/snapshots", "", 200)), &snaps); err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 1 || snaps[0].SnapshotId != id || snaps[0].Status != "accomplished" {
		t.Fatalf("snapshots %+v", snaps)
	}

	wantControl(t, ts, "POST", "/_emulator/snapshots/"+id+"/usage", `{"usage":"image"}`, 204)
	_, err := c.DeleteSnapshot(&ecs.DeleteSnapshotRequest{SnapshotId: tea.String(id), Force: tea.Bool(true)})
	wantAPIError(t, err, 403, "SnapshotCreatedImage")
	wantControl(t, ts, "POST", "/_emulator/snapshots/"+id+"/usage", `{"usage":"everything"}`, 404)
	wantControl(t, ts, "POST", "/_emulator/snapshots/s-nope/usage", `{"usage":"disk"}`, 404)

	wantControl(t, ts, "POST", "/_emulator/reset", "", 204)
	if out := wantControl(t, ts, "GET", "/_emulator/snapshots", "", 200); strings.TrimSpace(out) != "[]" {
		t.Fatalf("after reset: %s", out)
	}
}

func TestControlSeed_fixtureForm(t *testing.T) {
	ts := start(t)
	seed := `{"instances":[{"instance_id":"i-seeded","instance_name":"seeded","zone_id":"cn-hangzhou-i","status":"Running","ever_started":true}],
	  "disks":[{"disk_id":"d-seeded","instance_id":"i-seeded","zone_id":"cn-hangzhou-i","type":"data","category":"cloud_essd",
	  "status":"In_use","size_gib":64,"ever_attached":true,"ever_used":true}],"resource_groups":["rg-seeded"]}`
	wantControl(t, ts, "POST", "/_emulator/seed", seed, 204)
	c := sdk(t, ts)
	out, err := c.CreateSnapshot(&ecs.CreateSnapshotRequest{DiskId: tea.String("d-seeded"), ResourceGroupId: tea.String("rg-seeded")})
	mustOK(t, err)
	if s := describeOne(t, c, ts, tea.StringValue(out.Body.SnapshotId)); tea.StringValue(s.SourceDiskSize) != "64" {
		t.Fatalf("SourceDiskSize %s", tea.StringValue(s.SourceDiskSize))
	}
	wantControl(t, ts, "POST", "/_emulator/seed", `{"disks":[{"disk_id":"d-orphan","instance_id":"i-nowhere","type":"data"}]}`, 400)
	wantControl(t, ts, "POST", "/_emulator/seed", `{"disk":[]}`, 400) // misspelt field
	wantControl(t, ts, "POST", "/_emulator/seed", `{`, 400)
}

func TestControl_failNextAndDuration(t *testing.T) {
	clock := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clock.Now}, Config{})
	c := sdk(t, ts)
	wantControl(t, ts, "PUT", "/_emulator/snapshot-duration", `{"duration":"10s"}`, 204)
	wantControl(t, ts, "POST", "/_emulator/disks/"+diskRunningData+"/fail-next", "", 204) // count defaults to 1
	failing := createSnapshot(t, c, diskRunningData)
	if s := describeOne(t, c, ts, failing); tea.StringValue(s.Status) != "progressing" || tea.Int32Value(s.RemainTime) != 10 {
		t.Fatalf("with a 10s duration: %s %ds", tea.StringValue(s.Status), tea.Int32Value(s.RemainTime))
	}
	clock.Advance(time.Minute)
	if s := describeOne(t, c, ts, failing); tea.StringValue(s.Status) != "failed" {
		t.Fatalf("fail-next: %s", tea.StringValue(s.Status))
	}
	wantControl(t, ts, "PUT", "/_emulator/snapshot-duration", `{"duration":"0s"}`, 204)
	if s := describeOne(t, c, ts, createSnapshot(t, c, diskRunningData)); tea.StringValue(s.Status) != "accomplished" {
		t.Fatalf("after fail-next was spent, duration 0: %s", tea.StringValue(s.Status))
	}
	wantControl(t, ts, "POST", "/_emulator/disks/d-nope/fail-next", `{"count":2}`, 404)
	wantControl(t, ts, "PUT", "/_emulator/snapshot-duration", `{"duration":"-1s"}`, 400)
	wantControl(t, ts, "PUT", "/_emulator/snapshot-duration", `{"duration":"soon"}`, 400)
}

func TestControl_faultsLatencyCalls(t *testing.T) {
	ts := start(t)
	c := sdk(t, ts)
	wantControl(t, ts, "PUT", "/_emulator/faults",
		`[{"action":"DescribeSnapshots","count":1,"code":"Throttling","http_status":403,"message":"slow down"}]`, 204)
	var faults []ActiveFault
	if err := json.Unmarshal([]byte(wantControl(t, ts, "GET", "/_emulator/faults", "", 200)), &faults); err != nil {
		t.Fatal(err)
	}
	if len(faults) != 1 || faults[0].Remaining != 1 || faults[0].Mode != FaultError || faults[0].Rate != 1 {
		t.Fatalf("faults %+v", faults)
	}
	_, err := c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)})
	wantAPIError(t, err, 403, "Throttling")
	wantControl(t, ts, "PUT", "/_emulator/faults", `[{"mode":"explode"}]`, 400)
	wantControl(t, ts, "PUT", "/_emulator/faults", `[{"action":"CreateSnapshot"}]`, 204)
	wantControl(t, ts, "DELETE", "/_emulator/faults", "", 204)
	if len(ts.Faults()) != 0 {
		t.Fatal("DELETE /_emulator/faults left faults")
	}

	wantControl(t, ts, "PUT", "/_emulator/latency", `{"action":"","latency":"1ms"}`, 204)
	wantControl(t, ts, "PUT", "/_emulator/latency", `{"action":"CreateSnapshot","latency":"20ms"}`, 204)
	var lat map[string]string
	if err := json.Unmarshal([]byte(wantControl(t, ts, "GET", "/_emulator/latency", "", 200)), &lat); err != nil {
		t.Fatal(err)
	}
	if lat[""] != "1ms" || lat["CreateSnapshot"] != "20ms" || len(lat) != 2 {
		t.Fatalf("latency %v", lat)
	}
	wantControl(t, ts, "PUT", "/_emulator/latency", `{"action":"","latency":"0s"}`, 204)
	wantControl(t, ts, "PUT", "/_emulator/latency", `{"action":"CreateSnapshot","latency":"0s"}`, 204)
	wantControl(t, ts, "PUT", "/_emulator/latency", `{"latency":"fast"}`, 400)

	_, err = c.DescribeSnapshots(&ecs.DescribeSnapshotsRequest{RegionId: tea.String(ts.Region)})
	mustOK(t, err)
	var calls map[string]int64
	if err := json.Unmarshal([]byte(wantControl(t, ts, "GET", "/_emulator/calls", "", 200)), &calls); err != nil {
		t.Fatal(err)
	}
	if calls["DescribeSnapshots"] != 2 || len(calls) != 1 {
		t.Fatalf("calls %v", calls)
	}
	wantControl(t, ts, "DELETE", "/_emulator/calls", "", 204)
	if out := wantControl(t, ts, "GET", "/_emulator/calls", "", 200); strings.TrimSpace(out) != "{}" {
		t.Fatalf("calls after DELETE: %s", out)
	}
}

func TestControl_routing(t *testing.T) {
	ts := start(t)
	if out := wantControl(t, ts, "GET", "/_emulator/", "", 200); !strings.Contains(out, "/_emulator/faults") {
		t.Fatalf("GET /_emulator/: %s", out)
	}
	wantControl(t, ts, "GET", "/_emulator/reset", "", 405)
	wantControl(t, ts, "GET", "/_emulator/nothing-here", "", 404)
	// Controls are not API calls: they are not counted.
	if got := ts.CallCounts(); len(got) != 0 {
		t.Fatalf("controls counted as calls: %v", got)
	}
}

// ECS's controls answer under /_emulator/ecs/ as at their old unprefixed paths, and each product's reset leaves
// the other products alone.
func TestControls_byProduct(t *testing.T) {
	ts, e := startECD(t)
	ecsID := createSnapshot(t, sdk(t, ts), diskRunningData)
	e.create(ecdbackend.DesktopRunning, "system", "kept-by-ecs-reset")
	wantControl(t, ts, http.MethodPost, "/_emulator/ecs/snapshots/"+ecsID+"/usage", `{"usage":"image"}`, http.StatusNoContent)
	if s, _ := ts.Backend().Snapshot(ecsID); s.Usage != "image" {
		t.Fatalf("usage through /_emulator/ecs/: %q", s.Usage)
	}
	if prefixed, old := wantControl(t, ts, http.MethodGet, "/_emulator/ecs/snapshots", "", http.StatusOK),
		wantControl(t, ts, http.MethodGet, "/_emulator/snapshots", "", http.StatusOK); prefixed != old || !strings.Contains(old, ecsID) {
		t.Fatalf("/_emulator/ecs/snapshots %s, /_emulator/snapshots %s", prefixed, old)
	}

	wantControl(t, ts, http.MethodPost, "/_emulator/ecs/reset", "", http.StatusNoContent)
	if n := len(ts.Backend().Snapshots()); n != 0 {
		t.Fatalf("%d ECS snapshots after ECS's reset", n)
	}
	if n := len(ts.ECD().Snapshots()); n != 1 {
		t.Fatalf("ECS's reset touched ECD: %d snapshots", n)
	}
	createSnapshot(t, sdk(t, ts), diskRunningData)
	wantControl(t, ts, http.MethodPost, "/_emulator/ecd/reset", "", http.StatusNoContent)
	if n := len(ts.ECD().Snapshots()); n != 0 {
		t.Fatalf("%d ECD snapshots after ECD's reset", n)
	}
	if n := len(ts.Backend().Snapshots()); n != 1 {
		t.Fatalf("ECD's reset touched ECS: %d snapshots", n)
	}
	wantControl(t, ts, http.MethodPost, "/_emulator/sts/reset", "", http.StatusNotFound) // STS has nothing to reset
}
