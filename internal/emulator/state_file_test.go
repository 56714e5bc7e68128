package emulator

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/tea"

	ecdbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
	stsbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/sts/backend"
)

// A standalone emulator killed and started again on its state file has every product's state: ECD's desktop
// snapshots with their status and progress, beside ECS's snapshots. Each save is a whole file renamed into
// place, so a kill between two changes is a restart from the first.
func TestStateFile_everyProductSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	clock := newFakeClock()
	opts := backend.Options{Now: clock.Now, SnapshotDuration: 10 * time.Second, StateFile: path}
	ts := StartTestServer(t, opts, Config{Now: time.Now})
	e := newECD(t, ts)
	done := e.create(ecdbackend.DesktopRunning, "system", "done-before")
	clock.Advance(10 * time.Second)
	inFlight := e.create(ecdbackend.DesktopRunning, "data", "in-flight")
	controlPost(t, ts, "/_emulator/ecd/desktops/"+ecdbackend.DesktopShanghai+"/fail-next", `{"count":1}`, http.StatusNoContent)
	controlPost(t, ts, "/_emulator/ecd/desktops/"+ecdbackend.DesktopStopped+"/status", `{"status":"Starting"}`, http.StatusNoContent)
	ecsID := createSnapshot(t, sdk(t, ts), diskRunningData)
	clock.Advance(3 * time.Second)

	// Nothing of the first server is shared with the second but the file: what it shows was read from there.
	ts2 := StartTestServer(t, opts, Config{Now: time.Now})
	e2 := newECD(t, ts2)
	if s := e2.one(done); s["Status"] != "ACCOMPLISHED" || s["Progress"] != "100%" || s["SnapshotName"] != "done-before" {
		t.Fatalf("finished snapshot after restart: %v", s)
	}
	if s := e2.one(inFlight); s["Status"] != "PROGRESSING" || s["Progress"] != "30%" || s["RemainTime"] != json.Number("7") ||
		s["SourceDiskType"] != "DATA" {
		t.Fatalf("snapshot in progress after restart: %v", s)
	}
	if _, ok := ts2.Backend().Snapshot(ecsID); !ok {
		t.Fatal("the ECS snapshot is gone after restart")
	}
	var desktops []map[string]any
	controlGet(t, ts2, "/_emulator/ecd/desktops", &desktops)
	for _, d := range desktops {
		if d["DesktopId"] == ecdbackend.DesktopStopped && d["DesktopStatus"] != "Starting" {
			t.Fatalf("desktop status after restart: %v", d)
		}
	}
	failing := e2.ok("CreateSnapshot", map[string]string{"RegionId": "cn-shanghai", "DesktopId": ecdbackend.DesktopShanghai,
		"SourceDiskType": "system", "SnapshotName": "armed"})["SnapshotId"]
	clock.Advance(time.Minute)
	list, _ := e2.snapshots(map[string]string{"RegionId": "cn-shanghai"})
	if len(list) != 1 || list[0]["SnapshotId"] != failing || list[0]["Status"] != "FAILED" {
		t.Fatalf("the armed failure was lost: %v", list)
	}
	if s := e2.one(inFlight); s["Status"] != "ACCOMPLISHED" {
		t.Fatalf("the restored snapshot does not go on by the clock: %v", s)
	}
}

// A state file written before ECD kept state (ECS's world alone at the top level) loads: ECS's snapshots are
// there, ECD starts from its fixture, and the next save keeps both.
func TestStateFile_oldFileWithoutECDLoads(t *testing.T) {
	dir := t.TempDir()
	// The ECS section of a state file is the whole of what the emulator wrote before sections existed.
	written := filepath.Join(dir, "new.json")
	old := StartTestServer(t, backend.Options{StateFile: written}, Config{})
	ecsID := createSnapshot(t, sdk(t, old), diskRunningData)
	raw, err := os.ReadFile(written)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Products map[string]json.RawMessage `json:"products"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil || doc.Products["ecs"] == nil {
		t.Fatalf("state file: %v %s", err, raw)
	}
	path := filepath.Join(dir, "old.json")
	if err := os.WriteFile(path, doc.Products["ecs"], 0o600); err != nil {
		t.Fatal(err)
	}

	ts := StartTestServer(t, backend.Options{StateFile: path}, Config{})
	if _, ok := ts.Backend().Snapshot(ecsID); !ok {
		t.Fatal("the old file's ECS snapshot did not load")
	}
	e := newECD(t, ts)
	if list, _ := e.snapshots(nil); len(list) != 0 {
		t.Fatalf("ECD snapshots from nowhere: %v", list)
	}
	ecdID := e.create(ecdbackend.DesktopRunning, "system", "after-upgrade")

	ts2 := StartTestServer(t, backend.Options{StateFile: path}, Config{})
	if _, ok := ts2.Backend().Snapshot(ecsID); !ok {
		t.Fatal("the ECS snapshot was lost when ECD saved")
	}
	newECD(t, ts2).one(ecdID)
}

func TestOpen_refusesABrokenSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte(`{"products":{"ecd":{"regions":"cn-hangzhou"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := backend.New(backend.Options{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(b, Config{}); err == nil {
		t.Fatal("a state file whose ECD section cannot be read must be refused, not overwritten")
	}
}

// The temporary keys STS handed out keep signing after a restart, until they expire as they would have.
func TestStateFile_stsSessionsSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	opts := backend.Options{StateFile: path}
	ts := StartTestServer(t, opts, Config{})
	out, err := ts.STS().AssumeRole(stsbackend.AssumeRoleInput{
		RoleArn: "acs:ram::" + DefaultAccountID + ":role/" + stsbackend.DefaultRoleName, RoleSessionName: "before-restart"})
	if err != nil {
		t.Fatal(err)
	}
	ts2 := StartTestServer(t, opts, Config{})
	c := sdk(t, ts2, func(cfg *openapi.Config) {
		cfg.AccessKeyId = tea.String(out.Credentials.AccessKeyId)
		cfg.AccessKeySecret = tea.String(out.Credentials.AccessKeySecret)
		cfg.SecurityToken = tea.String(out.Credentials.SecurityToken)
	})
	createSnapshot(t, c, diskRunningData)
	if s, ok := ts2.STS().Session(out.Credentials.AccessKeyId); !ok || s.SessionName != "before-restart" {
		t.Fatalf("session after restart: %+v %v", s, ok)
	}
}
