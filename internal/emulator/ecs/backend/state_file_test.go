package backend

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestStateFile_survivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	clk := &fakeClock{t: time.Date(2024, 5, 22, 10, 0, 0, 0, time.UTC)}
	b, err := New(Options{Now: clk.Now, SnapshotDuration: 10 * time.Second, StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	tok := CreateSnapshotInput{DiskID: diskWebData, SnapshotName: "kept", ClientToken: "tok-1", Tags: []Tag{{Key: "env", Value: "prod"}}}
	id := mustCreate(t, b, tok)
	if err := b.FailNextSnapshots(diskWebSys, 1); err != nil {
		t.Fatal(err)
	}
	if err := b.Seed(Fixture{ResourceGroups: []string{"rg-seeded"}}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(4 * time.Second)

	// A new backend on the same file sees everything, and the progressing snapshot goes on by the clock.
	b2, err := New(Options{Now: clk.Now, SnapshotDuration: 10 * time.Second, StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	s := mustSnapshot(t, b2, id)
	if s.SnapshotName != "kept" || s.Status != "progressing" || s.Progress != "40%" || len(s.Tags.Tag) != 1 {
		t.Fatalf("after restart: %+v", s)
	}
	if again := mustCreate(t, b2, tok); again != id {
		t.Fatal("client token forgotten across restart")
	}
	clk.Advance(6 * time.Second)
	if s := mustSnapshot(t, b2, id); s.Status != "accomplished" {
		t.Fatalf("status %s", s.Status)
	}
	if err := b2.JoinResourceGroup(JoinResourceGroupInput{ResourceType: "snapshot", ResourceID: id, ResourceGroupID: "rg-seeded"}); err != nil {
		t.Fatalf("seeded group lost: %v", err)
	}
	failing := mustCreate(t, b2, CreateSnapshotInput{DiskID: diskWebSys})
	clk.Advance(time.Minute)
	if s := mustSnapshot(t, b2, failing); s.Status != "failed" {
		t.Fatalf("armed failure lost: %s", s.Status)
	}
	// No temporary files are left behind.
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("%d files next to the state file", len(entries))
	}
	// Reset is saved too.
	b2.Reset()
	b3, err := New(Options{Now: clk.Now, StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(b3.Snapshots()); n != 0 {
		t.Fatalf("%d snapshots after reset and restart", n)
	}
}

func TestStateFile_errors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{StateFile: bad}); err == nil {
		t.Fatal("a corrupt state file must be refused, not overwritten")
	}
	// A state file in a directory that does not exist cannot be written: the call reports InternalError.
	b, err := New(Options{StateFile: filepath.Join(dir, "missing", "state.json")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.CreateSnapshot(CreateSnapshotInput{DiskID: diskWebData})
	wantAPIError(t, err, 500, "InternalError")
}
