package backend

import (
	"slices"
	"testing"
)

// TestFixtureView_showsWhichDisksAcceptSnapshots: the view agrees with CreateSnapshot in every region of the default
// fixture, names the refusal, and follows a seed.
func TestFixtureView_showsWhichDisksAcceptSnapshots(t *testing.T) {
	f := DefaultFixture()
	b, err := New(Options{Fixture: f})
	if err != nil {
		t.Fatal(err)
	}
	view := b.FixtureView()
	if got := len(view); got != len(f.RegionIDs()) {
		t.Fatalf("%d regions, want %d", got, len(f.RegionIDs()))
	}
	for i, r := range view {
		if r.Default != (i == 0) {
			t.Errorf("region %s: default %v", r.RegionID, r.Default)
		}
		var accepted []string
		for _, d := range r.Disks {
			if d.AcceptsSnapshots {
				accepted = append(accepted, d.DiskID)
				if d.Refusal != "" {
					t.Errorf("disk %s accepts snapshots yet has refusal %q", d.DiskID, d.Refusal)
				}
			} else if d.Refusal == "" {
				t.Errorf("disk %s refuses snapshots without saying why", d.DiskID)
			}
			_, err := b.CreateSnapshot(CreateSnapshotInput{RegionID: r.RegionID, DiskID: d.DiskID})
			if (err == nil) != d.AcceptsSnapshots {
				t.Errorf("disk %s: view says accepts=%v, CreateSnapshot answered %v", d.DiskID, d.AcceptsSnapshots, err)
			}
			if e, ok := err.(*Error); ok && e.Code != d.Refusal {
				t.Errorf("disk %s: refusal %q, CreateSnapshot answered %s", d.DiskID, d.Refusal, e.Code)
			}
		}
		want := f.SnapshottableDisksIn(r.RegionID)
		slices.Sort(want)
		slices.Sort(accepted)
		if !slices.Equal(accepted, want) {
			t.Errorf("region %s: accepting disks %v, want %v", r.RegionID, accepted, want)
		}
	}
	if err := b.Seed(Fixture{Disks: []Disk{{DiskID: "d-bp1seeded0000000000", InstanceID: "i-bp1h6jmbefj2cyqs6vrq",
		ZoneID: "cn-hangzhou-i", Type: "data", Category: "cloud_essd", Status: "In_use", SizeGiB: 10, EverAttached: true,
		EverUsed: true, ResourceGroupID: "rg-acfmzw2jz2z4fxa"}}}); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(b.FixtureView()[0].Disks, func(d DiskView) bool { return d.DiskID == "d-bp1seeded0000000000" && d.AcceptsSnapshots }) {
		t.Error("a seeded disk is missing from the view")
	}
}
