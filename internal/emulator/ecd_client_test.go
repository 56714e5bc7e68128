package emulator

import (
	"fmt"
	"slices"
	"testing"
	"time"

	credentialsgo "github.com/aliyun/credentials-go/credentials"

	"github.com/aliecs/terraform-provider-aliecs/internal/client"
	"github.com/aliecs/terraform-provider-aliecs/internal/client/ecdclient"
	ecdbackend "github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecd/backend"
	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// providerECD is the provider's own ECD client (package ecdclient) pointed at ts: the two sides meet at the wire.
func providerECD(t *testing.T, ts *TestServer, region string) ecdclient.Client {
	t.Helper()
	cred, err := credentialsgo.NewCredential(new(credentialsgo.Config).SetType("access_key").
		SetAccessKeyId(ts.AccessKeyID).SetAccessKeySecret(ts.AccessKeySecret))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ecdclient.New(t.Context(), client.Config{Region: region, Endpoint: ts.URL, Credential: cred})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestECD_providerClientRoundTrip(t *testing.T) {
	clock := newFakeClock()
	ts := StartTestServer(t, backend.Options{Now: clock.Now, SnapshotDuration: 20 * time.Second}, Config{Now: time.Now})
	c := providerECD(t, ts, "cn-hangzhou")
	ctx := t.Context()

	desktops, err := c.DescribeDesktops(ctx, ecdclient.DescribeDesktopsInput{DesktopStatus: "Running"})
	if err != nil || len(desktops) != 1 || desktops[0].DesktopID != ecdbackend.DesktopRunning || len(desktops[0].Disks) != 2 ||
		desktops[0].Disks[1].DiskType != "DATA" || desktops[0].Disks[1].DiskSize != 40 {
		t.Fatalf("DescribeDesktops: %+v %v", desktops, err)
	}

	id, err := c.CreateSnapshot(ctx, ecdclient.CreateSnapshotInput{DesktopID: ecdbackend.DesktopRunning,
		SnapshotName: "roundtrip", SourceDiskType: "system", Description: "through the provider's client"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.DescribeSnapshots(ctx, ecdclient.DescribeSnapshotsInput{SnapshotID: id})
	if err != nil || len(got) != 1 {
		t.Fatalf("DescribeSnapshots: %+v %v", got, err)
	}
	s := got[0]
	if s.Status != ecdclient.StatusProgressing || s.ProgressPercent != 0 || s.RemainTime != 20 || s.SourceDiskSize != 80 ||
		s.SourceDiskType != ecdclient.SourceDiskTypeSystem || s.SnapshotType != ecdclient.SnapshotTypeUser ||
		s.DesktopName != "dev-desktop" || s.Description != "through the provider's client" {
		t.Fatalf("progressing: %+v", s)
	}
	clock.Advance(20 * time.Second)
	got, err = c.DescribeSnapshots(ctx, ecdclient.DescribeSnapshotsInput{DesktopID: ecdbackend.DesktopRunning, SourceDiskType: "System"})
	if err != nil || len(got) != 1 || got[0].Status != ecdclient.StatusAccomplished || got[0].ProgressPercent != 100 {
		t.Fatalf("accomplished: %+v %v", got, err)
	}

	// Refusals reach the provider as typed API errors with ECS's codes.
	_, err = c.CreateSnapshot(ctx, ecdclient.CreateSnapshotInput{DesktopID: ecdbackend.DesktopExpired, SnapshotName: "x1", SourceDiskType: "data"})
	if !client.IsCode(err, "IncorrectInstanceStatus") {
		t.Fatalf("expired desktop: %v", err)
	}
	_, err = c.CreateSnapshot(ctx, ecdclient.CreateSnapshotInput{DesktopID: "ecd-bp1nosuchdesktop00", SnapshotName: "x1", SourceDiskType: "data"})
	if !client.IsNotFound(err) {
		t.Fatalf("unknown desktop: %v", err)
	}

	// Every page, and deletes of more than 100 IDs split by the client.
	var made []string
	for i := range 150 {
		out, err := ts.ECD().CreateSnapshot(ecdbackend.CreateSnapshotInput{RegionID: "cn-hangzhou",
			DesktopID: ecdbackend.DesktopStopped, SnapshotName: fmt.Sprintf("bulk%d", i), SourceDiskType: "data"})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, out.SnapshotID)
	}
	all, err := c.DescribeSnapshots(ctx, ecdclient.DescribeSnapshotsInput{DesktopID: ecdbackend.DesktopStopped})
	if err != nil || len(all) != 150 {
		t.Fatalf("all pages: %d %v", len(all), err)
	}
	if err := c.DeleteSnapshot(ctx, append(made, id)); err != nil {
		t.Fatal(err)
	}
	if left := ts.ECD().Snapshots(); len(left) != 0 {
		t.Fatalf("left %d", len(left))
	}
	if err := c.DeleteSnapshot(ctx, []string{id}); !client.IsNotFound(err) {
		t.Fatalf("deleting a deleted snapshot: %v", err)
	}
	if n := ts.CallCounts()["ecd:DeleteSnapshot"]; n != 3 {
		t.Fatalf("ecd:DeleteSnapshot calls %d, want 3 (100 + 51, then 1)", n)
	}
	if !slices.Contains(ts.Regions, "cn-hangzhou") {
		t.Fatal("default fixture lost cn-hangzhou")
	}
}
