package backend

import (
	"testing"
	"time"
)

// Automatic snapshots are released 3 days after they were taken, on the emulator's clock; snapshots a user took
// stay. The release is seen by DescribeSnapshots, the control listing and DeleteSnapshot alike.
func TestAutoSnapshots_releasedAfterThreeDays(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b, err := New(Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	auto, err := b.TakeAutoSnapshot(DesktopRunning, "system")
	if err != nil {
		t.Fatal(err)
	}
	user, err := b.CreateSnapshot(CreateSnapshotInput{RegionID: "cn-hangzhou", DesktopID: DesktopRunning, SnapshotName: "mine",
		SourceDiskType: "data"})
	if err != nil {
		t.Fatal(err)
	}
	ids := func() map[string]bool {
		t.Helper()
		out, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: "cn-hangzhou", DesktopID: DesktopRunning})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, s := range out.Snapshots {
			got[s.SnapshotID] = true
		}
		return got
	}
	now = now.Add(72*time.Hour - time.Second)
	if got := ids(); !got[auto] || !got[user.SnapshotID] {
		t.Fatalf("a second before 3 days: %v, want both %s and %s", got, auto, user.SnapshotID)
	}
	now = now.Add(time.Second)
	if got := ids(); got[auto] || !got[user.SnapshotID] {
		t.Fatalf("after 3 days: %v, want %s released and %s kept", got, auto, user.SnapshotID)
	}
	for _, r := range b.Snapshots() {
		if r.SnapshotID == auto {
			t.Fatalf("the control still lists the released %s", auto)
		}
	}
	if err := b.DeleteSnapshot(DeleteSnapshotInput{RegionID: "cn-hangzhou", SnapshotIDs: []string{auto}}); err == nil {
		t.Fatalf("DeleteSnapshot of the released %s succeeded", auto)
	}
}
