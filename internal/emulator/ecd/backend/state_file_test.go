package backend

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/statefile"
)

func TestStateFile_survivesRestart(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	open := func() *Backend {
		t.Helper()
		f, err := statefile.Open(path, "ecs")
		if err != nil {
			t.Fatal(err)
		}
		b, err := New(Options{Now: clock, Duration: func() time.Duration { return 10 * time.Second }, State: f})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b := open()
	kept, err := b.CreateSnapshot(CreateSnapshotInput{RegionID: "cn-hangzhou", DesktopID: DesktopRunning, SnapshotName: "kept",
		SourceDiskType: "data", Description: "before the crash"})
	if err != nil {
		t.Fatal(err)
	}
	gone, err := b.CreateSnapshot(CreateSnapshotInput{RegionID: "cn-hangzhou", DesktopID: DesktopRunning, SnapshotName: "gone", SourceDiskType: "system"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.DeleteSnapshot(DeleteSnapshotInput{RegionID: "cn-hangzhou", SnapshotIDs: []string{gone.SnapshotID}}); err != nil {
		t.Fatal(err)
	}
	auto, err := b.TakeAutoSnapshot(DesktopShanghai, "system")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetDesktopStatus(DesktopStopped, StatusStarting); err != nil {
		t.Fatal(err)
	}
	if err := b.FailNextSnapshots(DesktopShanghai, 1); err != nil {
		t.Fatal(err)
	}
	now = now.Add(4 * time.Second)

	// A backend on the same file, with nothing else in common, sees what the first one made, and the
	// snapshot in progress goes on by the clock.
	b2 := open()
	snaps := b2.Snapshots()
	if len(snaps) != 2 {
		t.Fatalf("after restart: %+v", snaps)
	}
	s := snaps[0]
	if s.SnapshotID != kept.SnapshotID || s.SnapshotName != "kept" || s.Description != "before the crash" ||
		s.Status != SnapshotProgressing || s.Progress != "40%" || s.RemainTime != 6 || s.SourceDiskType != DiskData {
		t.Fatalf("after restart: %+v", s)
	}
	if a := snaps[1]; a.SnapshotID != auto || a.RegionID != "cn-shanghai" || a.SnapshotType != TypeAuto {
		t.Fatalf("automatic snapshot after restart: %+v", a)
	}
	if _, err := b2.CreateSnapshot(CreateSnapshotInput{RegionID: "cn-hangzhou", DesktopID: DesktopStopped, SnapshotName: "ab",
		SourceDiskType: "system"}); err == nil {
		t.Fatal("the desktop's status was lost: a Starting desktop took a snapshot")
	}
	failing, err := b2.CreateSnapshot(CreateSnapshotInput{RegionID: "cn-shanghai", DesktopID: DesktopShanghai, SnapshotName: "ab", SourceDiskType: "system"})
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Minute)
	for _, s := range b2.Snapshots() {
		switch s.SnapshotID {
		case kept.SnapshotID:
			if s.Status != SnapshotAccomplished || s.Progress != "100%" {
				t.Fatalf("kept: %+v", s)
			}
		case failing.SnapshotID:
			if s.Status != SnapshotFailed {
				t.Fatalf("the armed failure was lost: %+v", s)
			}
		}
	}

	// Reset is saved too.
	b2.Reset()
	if n := len(open().Snapshots()); n != 0 {
		t.Fatalf("%d snapshots after reset and restart", n)
	}
}

func TestStateFile_withoutECDSection(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	// A file another product wrote, from before ECD kept state: ECD starts from its fixture.
	if err := os.WriteFile(path, []byte(`{"products":{"ecs":{"regions":[]}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := statefile.Open(path, "ecs")
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Options{State: f})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Snapshots()) != 0 || len(b.Desktops()) != len(DefaultFixture()[0].Desktops)+len(DefaultFixture()[1].Desktops) {
		t.Fatalf("not the fixture: %d desktops", len(b.Desktops()))
	}
}

func TestStateFile_refusesABrokenSection(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, section := range map[string]string{
		"not an object": `[1]`,
		"no regions":    `{"regions":[],"seq":0}`,
		"no region ID":  `{"regions":[{"desktops":[]}],"seq":0}`,
		"out of order": `{"regions":[{"region_id":"cn-hangzhou","desktops":[],"snapshots":[{"id":"s-2","seq":2},{"id":"s-1","seq":1}]}],
			"seq":2}`,
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(`{"products":{"ecd":`+section+`}}`), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := statefile.Open(path, "ecs")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := New(Options{State: f}); err == nil {
			t.Errorf("%s: a section that cannot be read must be refused, not overwritten", name)
		}
	}
}
