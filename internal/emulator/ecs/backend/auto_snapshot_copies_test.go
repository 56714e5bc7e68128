package backend

import (
	"slices"
	"testing"
	"time"
)

// A policy's tags go onto the automatic snapshots it takes (those of the time each is taken), and with
// cross-region copy on, each accomplished automatic snapshot is copied to the target region with the copy
// retention and encryption; the copy expires on its own retention, the source on the policy's.
func TestAutoSnapshots_tagsAndCrossRegionCopies(t *testing.T) {
	b, _ := newTestBackend(t, time.Minute)
	p := newPolicy(t, b, `["2"]`, `["1","2","3","4","5","6","7"]`, "7", func(in *CreateAutoSnapshotPolicyInput) {
		in.Tags = []Tag{{Key: "team", Value: "dr"}, {Key: "env", Value: ""}}
		in.EnableCrossRegionCopy, in.TargetCopyRegions, in.CopiedSnapshotsRetentionDays = "true", `["`+regionSH+`"]`, "3"
		in.CopyEncrypted, in.CopyKMSKeyID = "true", kmsKeySH
	})
	mustApply(t, b, p, diskWebData)
	// From Wednesday 18:00 UTC+8 to Thursday 04:00: one time point (02:00), its snapshot accomplished a minute later.
	mustAdvance(t, b, 10*time.Hour)

	autos := autoSnapshots(b)
	if len(autos) != 1 {
		t.Fatalf("%d automatic snapshots, want 1: %+v", len(autos), autos)
	}
	src := autos[0]
	wantTags := []SnapshotTag{{TagKey: "team", TagValue: "dr"}, {TagKey: "env", TagValue: ""}}
	if !slices.Equal(src.Tags.Tag, wantTags) {
		t.Errorf("automatic snapshot tags %+v, want the policy's %+v", src.Tags.Tag, wantTags)
	}
	var copies []Snapshot
	for _, s := range b.SnapshotsIn(regionSH) {
		if s.SourceSnapshotId != "" {
			copies = append(copies, s)
		}
	}
	if len(copies) != 1 {
		t.Fatalf("%d copies in %s, want 1: %+v", len(copies), regionSH, copies)
	}
	c := copies[0]
	if c.SourceSnapshotId != src.SnapshotId || c.SourceRegionId != region || c.RetentionDays != 3 || !c.Encrypted ||
		c.KMSKeyId != kmsKeySH || c.Status != "accomplished" || c.SnapshotType != "auto" || c.SourceDiskId != diskWebData ||
		!slices.Equal(c.Tags.Tag, wantTags) {
		t.Errorf("copy %+v of %s", c, src.SnapshotId)
	}
	srcCreated, _ := time.Parse(wireTime, src.CreationTime)
	copyCreated, _ := time.Parse(wireTime, c.CreationTime)
	if !copyCreated.Equal(srcCreated.Add(time.Minute)) {
		t.Errorf("copy started %s, want when its source was accomplished (%s + 1m)", copyCreated, srcCreated)
	}

	// A policy's later tags do not retag what it took; its copy is released after 3 days, the source kept 7.
	if err := b.UntagResources(UntagResourcesInput{RegionID: region, ResourceType: "snapshotpolicy", ResourceIDs: []string{p},
		TagKeys: []string{"team"}}); err != nil {
		t.Fatal(err)
	}
	if err := b.CancelAutoSnapshotPolicy(CancelAutoSnapshotPolicyInput{RegionID: region, DiskIDs: jsonList([]string{diskWebData})}); err != nil {
		t.Fatal(err)
	}
	mustAdvance(t, b, 3*24*time.Hour)
	if got := b.SnapshotsIn(regionSH); slices.ContainsFunc(got, func(s Snapshot) bool { return s.SnapshotId == c.SnapshotId }) {
		t.Errorf("the copy outlived its 3-day retention")
	}
	if autos := autoSnapshots(b); len(autos) != 1 || !slices.Equal(autos[0].Tags.Tag, wantTags) {
		t.Errorf("source after 3 days: %+v", autos)
	}
}

// Without cross-region copy, or with a failed source, nothing is copied.
func TestAutoSnapshots_noCopyWithoutCrossRegionOrOfFailed(t *testing.T) {
	b, _ := newTestBackend(t, time.Minute)
	off := newPolicy(t, b, `["2"]`, `["1","2","3","4","5","6","7"]`, "7")
	on := newPolicy(t, b, `["2"]`, `["1","2","3","4","5","6","7"]`, "7", func(in *CreateAutoSnapshotPolicyInput) {
		in.EnableCrossRegionCopy, in.TargetCopyRegions = "true", `["`+regionSH+`"]`
	})
	mustApply(t, b, off, diskWebData)
	mustApply(t, b, on, diskScratch)
	if err := b.FailNextSnapshots(diskScratch, 1); err != nil {
		t.Fatal(err)
	}
	mustAdvance(t, b, 10*time.Hour)
	if n := len(autoSnapshots(b)); n != 2 {
		t.Fatalf("%d automatic snapshots, want 2", n)
	}
	for _, s := range b.SnapshotsIn(regionSH) {
		if s.SourceSnapshotId != "" {
			t.Errorf("unexpected copy %+v", s)
		}
	}
}
