package backend

import (
	"sync"
	"testing"
	"time"
)

func TestControls_resetAndSeed(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	newDisk := Disk{DiskID: "d-bp1newdisk0000000000", DiskName: "new", InstanceID: "i-bp1newinst0000000000", Type: "data", Category: "cloud_essd", SizeGiB: 30, EverAttached: true, EverUsed: true}
	if err := b.Seed(Fixture{
		Instances:      []Instance{{InstanceID: "i-bp1newinst0000000000", Status: "Running", EverStarted: true}, {InstanceID: instBatch, Status: "Pending"}},
		Disks:          []Disk{newDisk},
		ResourceGroups: []string{"rg-new"},
	}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, b, CreateSnapshotInput{DiskID: newDisk.DiskID, ResourceGroupID: "rg-new"})
	// The replaced instance is now Pending, so its disks refuse snapshots.
	_, err := b.CreateSnapshot(CreateSnapshotInput{DiskID: diskBatchSys})
	wantAPIError(t, err, 400, "IncorrectInstanceStatus")

	wantAPIError(t, b.Seed(Fixture{RegionID: "cn-beijing"}), 400, "InvalidParameter")
	wantAPIError(t, b.Seed(Fixture{Disks: []Disk{{DiskID: "d-x", Type: "data", Category: "c", SizeGiB: 1, InstanceID: "i-nosuch"}}}), 400, "InvalidParameter")

	b.Reset()
	if n := len(b.Snapshots()); n != 0 {
		t.Fatalf("%d snapshots after reset", n)
	}
	_, err = b.CreateSnapshot(CreateSnapshotInput{DiskID: newDisk.DiskID})
	wantAPIError(t, err, 404, "InvalidDiskId.NotFound")
	mustCreate(t, b, CreateSnapshotInput{DiskID: diskBatchSys})
}

func TestControls_setSnapshotUsageAndDuration(t *testing.T) {
	b, clk := newTestBackend(t, 0)
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	wantAPIError(t, b.SetSnapshotUsage(id, "imagery"), 404, "InvalidUsage")
	wantAPIError(t, b.SetSnapshotUsage("s-nosuch", "disk"), 404, "InvalidSnapshotId.NotFound")
	if err := b.SetSnapshotUsage(id, "image_disk"); err != nil {
		t.Fatal(err)
	}
	if s := mustSnapshot(t, b, id); s.Usage != "image_disk" {
		t.Fatal(s.Usage)
	}
	b.SetSnapshotDuration(time.Minute)
	slow := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebSys})
	b.SetSnapshotDuration(0) // applies to later snapshots only
	if s := mustSnapshot(t, b, slow); s.Status != "progressing" || s.RemainTime != 60 {
		t.Fatalf("%+v", s)
	}
	clk.Advance(time.Minute)
	all := b.Snapshots()
	if len(all) != 2 || all[0].SnapshotId != id || all[1].Status != "accomplished" {
		t.Fatalf("Snapshots(): %+v", all)
	}
}

func TestBackend_concurrentUse(t *testing.T) {
	b, clk := newTestBackend(t, 0)
	disks := []string{diskWebData, diskWebSys, diskBatchSys, diskEncrypted, diskScratch, diskDetached}
	var wg sync.WaitGroup
	for i, d := range disks {
		wg.Go(func() {
			for j := range 20 {
				id := mustCreate(t, b, CreateSnapshotInput{DiskID: d})
				if _, err := b.DescribeSnapshots(DescribeSnapshotsInput{RegionID: region, DiskID: d}); err != nil {
					t.Error(err)
				}
				if err := b.TagResources(TagResourcesInput{RegionID: region, ResourceType: "snapshot", ResourceIDs: []string{id}, Tags: []Tag{{Key: "n", Value: "v"}}}); err != nil {
					t.Error(err)
				}
				if j%2 == i%2 {
					if err := b.DeleteSnapshot(DeleteSnapshotInput{SnapshotID: id}); err != nil {
						t.Error(err)
					}
				}
				clk.Advance(time.Millisecond)
			}
		})
	}
	wg.Wait()
	if n := len(b.Snapshots()); n != 60 {
		t.Fatalf("%d snapshots, want 60", n)
	}
}
