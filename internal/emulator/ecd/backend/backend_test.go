package backend

import (
	"regexp"
	"testing"
	"time"
)

// IDs in the shapes the documents show: ecd-gx2x1dhsmucyy**** (ecd- and 17 characters), disks d-<20>.
func TestDefaultFixture_idsInECDShapes(t *testing.T) {
	desktopID := regexp.MustCompile(`^ecd-[a-z0-9]{17}$`)
	diskID := regexp.MustCompile(`^d-[a-z0-9]{20}$`)
	seen := map[string]bool{}
	statuses := map[string]bool{}
	for _, r := range DefaultFixture() {
		for _, d := range r.Desktops {
			if !desktopID.MatchString(d.DesktopID) {
				t.Errorf("desktop ID %q", d.DesktopID)
			}
			for _, disk := range []Disk{d.SystemDisk, d.DataDisk} {
				if !diskID.MatchString(disk.DiskID) || disk.SizeGiB <= 0 {
					t.Errorf("%s: disk %+v", d.DesktopID, disk)
				}
				if seen[disk.DiskID] {
					t.Errorf("disk %s twice", disk.DiskID)
				}
				seen[disk.DiskID] = true
			}
			if !validDesktopStatus(d.Status) {
				t.Errorf("%s: status %q", d.DesktopID, d.Status)
			}
			if r.RegionID == "cn-hangzhou" {
				statuses[d.Status] = true
			}
		}
	}
	for _, st := range []string{StatusRunning, StatusStopped, StatusStarting, StatusPending, StatusExpired} {
		if !statuses[st] {
			t.Errorf("no %s desktop in the default region", st)
		}
	}
}

func TestSnapshot_failedStopsHalfWay(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := &snap{Created: now, Duration: 10 * time.Second, Fail: true}
	if st, pct, remain := s.progress(now.Add(4 * time.Second)); st != SnapshotProgressing || pct != 40 || remain != 6 {
		t.Fatalf("before failing: %s %d %d", st, pct, remain)
	}
	if st, pct, remain := s.progress(now.Add(time.Hour)); st != SnapshotFailed || pct != 50 || remain != 0 {
		t.Fatalf("failed: %s %d %d", st, pct, remain)
	}
}

func TestBackend_usesInjectedDuration(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b, err := New(Options{Now: func() time.Time { return now }, Duration: func() time.Duration { return time.Minute }})
	if err != nil {
		t.Fatal(err)
	}
	out, err := b.CreateSnapshot(CreateSnapshotInput{RegionID: "cn-hangzhou", DesktopID: DesktopRunning, SnapshotName: "ab", SourceDiskType: "system"})
	if err != nil {
		t.Fatal(err)
	}
	got := b.Snapshots()
	if len(got) != 1 || got[0].SnapshotID != out.SnapshotID || got[0].RemainTime != 60 || got[0].Creator != DefaultCreator {
		t.Fatalf("%+v", got)
	}
}
