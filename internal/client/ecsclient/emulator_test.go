package ecsclient

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
)

// Disks of the emulator's default fixture.
const (
	emuDataDisk    = "d-bp1c8n4x2w6yz0t5pq3s" // web-prod-01-data, 100 GiB cloud_essd, default resource group
	emuScratchDisk = "d-bp1t7y2u9i4o6p1a3sd5" // batch-worker-02-scratch
	emuOtherGroup  = "rg-aek2bsxtc4tgwfq"
)

// newEmulatorClient starts the emulator and returns the real client, signing with the emulator's key pair,
// with the fake clock in place of real waits between retries.
func newEmulatorClient(t *testing.T) (*sdkClient, *emulator.TestServer) {
	t.Helper()
	ts := emulator.StartTestServer(t, backend.Options{}, emulator.Config{})
	c, _ := newClockedClient(t, client.Config{Region: ts.Region, Endpoint: ts.URL, Credential: accessKeyCredential(t, ts.AccessKeyID, ts.AccessKeySecret)})
	return c, ts
}

func describeOne(t *testing.T, c Client, id string) (Snapshot, bool) {
	t.Helper()
	got, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{SnapshotIDs: []string{id}})
	if err != nil {
		t.Fatalf("DescribeSnapshots: %v", err)
	}
	switch len(got) {
	case 0:
		return Snapshot{}, false
	case 1:
		return got[0], true
	}
	t.Fatalf("DescribeSnapshots of one ID answered %d snapshots", len(got))
	return Snapshot{}, false
}

func TestEmulator_roundTrip(t *testing.T) {
	c, _ := newEmulatorClient(t)
	ctx := context.Background()

	id, err := c.CreateSnapshot(ctx, CreateSnapshotInput{
		DiskID: emuDataDisk, SnapshotName: "roundtrip", Description: "first", RetentionDays: 7,
		Tags: map[string]string{"env": "test", "team": "storage"},
	})
	if err != nil {
		t.Fatalf("CreateSnapshot: %v", err)
	}
	s, ok := describeOne(t, c, id)
	if !ok {
		t.Fatalf("snapshot %s not found", id)
	}
	if s.SnapshotName != "roundtrip" || s.Description != "first" || s.RetentionDays != 7 || s.SourceDiskID != emuDataDisk ||
		s.SourceDiskSize != 100 || s.Status != "accomplished" || s.Progress != 100 || s.RegionID != "cn-hangzhou" ||
		s.CreationTime.IsZero() || len(s.Tags) != 2 || s.Tags["env"] != "test" {
		t.Errorf("created snapshot reads back as %+v", s)
	}

	name, desc, days := "renamed", "second", 30
	if err := c.ModifySnapshotAttribute(ctx, ModifySnapshotAttributeInput{SnapshotID: id, SnapshotName: &name, Description: &desc, RetentionDays: &days}); err != nil {
		t.Fatalf("ModifySnapshotAttribute: %v", err)
	}
	if err := c.TagResources(ctx, ResourceTypeSnapshot, []string{id}, map[string]string{"env": "prod", "owner": "me"}); err != nil {
		t.Fatalf("TagResources: %v", err)
	}
	if err := c.UntagResources(ctx, ResourceTypeSnapshot, []string{id}, []string{"team"}); err != nil {
		t.Fatalf("UntagResources: %v", err)
	}
	if err := c.JoinResourceGroup(ctx, ResourceTypeSnapshot, id, emuOtherGroup); err != nil {
		t.Fatalf("JoinResourceGroup: %v", err)
	}
	s, _ = describeOne(t, c, id)
	if s.SnapshotName != "renamed" || s.Description != "second" || s.RetentionDays != 30 || s.ResourceGroupID != emuOtherGroup ||
		len(s.Tags) != 2 || s.Tags["env"] != "prod" || s.Tags["owner"] != "me" {
		t.Errorf("modified snapshot reads back as %+v", s)
	}

	byTag, err := c.DescribeSnapshots(ctx, DescribeSnapshotsInput{Tags: map[string]string{"owner": "me"}, DiskID: emuDataDisk})
	if err != nil || len(byTag) != 1 || byTag[0].SnapshotID != id {
		t.Errorf("by tag: %v, %v", byTag, err)
	}

	if err := c.DeleteSnapshot(ctx, id, false); err != nil {
		t.Fatalf("DeleteSnapshot: %v", err)
	}
	if _, ok := describeOne(t, c, id); ok {
		t.Error("snapshot still described after delete")
	}
	// The API ignores unknown IDs on delete.
	if err := c.DeleteSnapshot(ctx, id, false); err != nil {
		t.Errorf("second DeleteSnapshot: %v", err)
	}
}

func TestEmulator_errors(t *testing.T) {
	c, _ := newEmulatorClient(t)
	ctx := context.Background()
	_, err := c.CreateSnapshot(ctx, CreateSnapshotInput{DiskID: "d-doesnotexist000000000"})
	if !client.IsNotFound(err) {
		t.Errorf("unknown disk: %v, want a NotFound error", err)
	}
	apiErr, _ := errors.AsType[*client.APIError](err)
	if apiErr == nil || apiErr.RequestID == "" || apiErr.HTTPStatus != 404 || apiErr.Attempts != 1 {
		t.Errorf("unknown disk error %+v lacks request ID, status or attempts", apiErr)
	}

	_, err = c.DescribeSnapshots(ctx, DescribeSnapshotsInput{DryRun: true})
	if !client.IsDryRunOK(err) {
		t.Errorf("dry run: %v, want DryRunOperation", err)
	}
}

func TestEmulator_pagingPastOneHundred(t *testing.T) {
	c, ts := newEmulatorClient(t)
	ctx := context.Background()
	var ids []string
	for i := range 130 {
		id, err := c.CreateSnapshot(ctx, CreateSnapshotInput{DiskID: emuScratchDisk, SnapshotName: fmt.Sprintf("page-%03d", i)})
		if err != nil {
			t.Fatalf("CreateSnapshot %d: %v", i, err)
		}
		ids = append(ids, id)
	}
	ts.ResetCallCounts()

	all, err := c.DescribeSnapshots(ctx, DescribeSnapshotsInput{DiskID: emuScratchDisk})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 130 {
		t.Errorf("%d snapshots by disk, want 130", len(all))
	}
	if n := ts.CallCounts()["DescribeSnapshots"]; n != 2 {
		t.Errorf("%d DescribeSnapshots calls for 130 snapshots, want 2", n)
	}

	ts.ResetCallCounts()
	byID, err := c.DescribeSnapshots(ctx, DescribeSnapshotsInput{SnapshotIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, s := range byID {
		got[s.SnapshotID] = true
	}
	for _, id := range ids {
		if !got[id] {
			t.Errorf("%s missing when described by ID", id)
		}
	}
	if n := ts.CallCounts()["DescribeSnapshots"]; n != 2 {
		t.Errorf("%d DescribeSnapshots calls for 130 IDs, want 2 (100 + 30)", n)
	}
}

func TestEmulator_droppedCreateMakesOneSnapshot(t *testing.T) {
	c, ts := newEmulatorClient(t)
	if err := ts.SetFaults([]emulator.Fault{{Action: "CreateSnapshot", Mode: emulator.FaultDropAfter, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	id, err := c.CreateSnapshot(context.Background(), CreateSnapshotInput{DiskID: emuDataDisk})
	if err != nil {
		t.Fatalf("CreateSnapshot: %v", err)
	}
	if n := ts.CallCounts()["CreateSnapshot"]; n != 2 {
		t.Errorf("%d CreateSnapshot calls, want 2 (the dropped one and its retry)", n)
	}
	snaps := ts.Backend().Snapshots()
	if len(snaps) != 1 || snaps[0].SnapshotId != id {
		t.Errorf("the emulator holds %d snapshots (%+v), want exactly %s", len(snaps), snaps, id)
	}
}

func TestEmulator_throttlingIsRetried(t *testing.T) {
	c, ts := newEmulatorClient(t)
	if err := ts.SetFaults([]emulator.Fault{{Action: "DescribeSnapshots", Code: "Throttling.User", HTTPStatus: 403, Count: 2}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DescribeSnapshots(context.Background(), DescribeSnapshotsInput{}); err != nil {
		t.Fatalf("DescribeSnapshots: %v", err)
	}
	if n := ts.CallCounts()["DescribeSnapshots"]; n != 3 {
		t.Errorf("%d DescribeSnapshots calls, want 3", n)
	}
}
