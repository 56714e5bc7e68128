package backend

import (
	"testing"
	"time"
)

func TestDeleteSnapshot_removesSnapshot(t *testing.T) {
	b, _ := newTestBackend(t, 0)
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	wantAPIError(t, b.DeleteSnapshot(DeleteSnapshotInput{}), 400, "MissingParameter")
	wantAPIError(t, b.DeleteSnapshot(DeleteSnapshotInput{SnapshotID: id, Force: "sure"}), 400, "InvalidParameter")
	wantAPIError(t, b.DeleteSnapshot(DeleteSnapshotInput{RegionID: "cn-beijing", SnapshotID: id}), 404, "InvalidRegionId.NotFound")
	if err := b.DeleteSnapshot(DeleteSnapshotInput{RegionID: region, SnapshotID: id}); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Snapshot(id); ok {
		t.Fatal("snapshot still there")
	}
	// Unknown (or already deleted) IDs are ignored.
	if err := b.DeleteSnapshot(DeleteSnapshotInput{SnapshotID: id}); err != nil {
		t.Fatalf("deleting twice: %v", err)
	}
}

func TestDeleteSnapshot_cancelsCreation(t *testing.T) {
	b, _ := newTestBackend(t, time.Hour)
	id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
	if err := b.DeleteSnapshot(DeleteSnapshotInput{SnapshotID: id}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData}) // the disk is free again
}

func TestDeleteSnapshot_usage(t *testing.T) {
	cases := []struct {
		usage, force string
		status       int
		code         string
	}{
		{"image", "", 403, "SnapshotCreatedImage"},
		{"image", "true", 403, "SnapshotCreatedImage"},
		{"image_disk", "true", 403, "SnapshotCreatedImage"},
		{"disk", "", 403, "SnapshotCreatedDisk"},
		{"disk", "false", 403, "SnapshotCreatedDisk"},
		{"disk", "true", 0, ""},
		{"none", "", 0, ""},
	}
	for _, tc := range cases {
		b, _ := newTestBackend(t, 0)
		id := mustCreate(t, b, CreateSnapshotInput{DiskID: diskWebData})
		if err := b.SetSnapshotUsage(id, tc.usage); err != nil {
			t.Fatal(err)
		}
		err := b.DeleteSnapshot(DeleteSnapshotInput{SnapshotID: id, Force: tc.force})
		if tc.code == "" {
			if err != nil {
				t.Fatalf("usage %s force %q: %v", tc.usage, tc.force, err)
			}
			continue
		}
		wantAPIError(t, err, tc.status, tc.code)
		mustSnapshot(t, b, id)
	}
}
